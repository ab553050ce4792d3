import CommandLineOptions
import Given
import Reference

/// The settings of `captioning bench`, with the original's training sizes as defaults.
public struct BenchmarkOptions: Sendable, Equatable {
    /// What is timed: a training step (loss and every gradient), greedy sampling, or
    /// beam search.
    public enum Measure: String, Sendable { case step, sample, beam }

    /// The recurrent cell (`--cell`).
    public var cell = CellType.rnn
    /// N, the minibatch size (`--batch`).
    public var batch = 100
    /// H, the hidden size (`--hidden`).
    public var hidden = 512
    /// W, the word vector size (`--wordvec`).
    public var wordvec = 256
    /// V, the vocabulary size (`--vocab`).
    public var vocab = 1004
    /// D, the image feature size (`--input`).
    public var input = 512
    /// Time steps T of the captions (16, as COCO's 17-token captions give).
    public var timesteps = 16
    /// How many timed repetitions the median is taken over.
    public var repetitions = 10
    /// 1 or 2 threads for the matrix products (`nil`: the default, every core).
    public var threads: Int?
    /// What to time (`--what`).
    public var measure = Measure.step
    /// Words generated per caption when measuring `sample`.
    public var sampleLength = 30
    /// Captions kept per image when measuring `beam`.
    public var beamWidth = 5
    /// One JSON object (`BenchmarkResult`) instead of text (`--json`).
    public var json = false

    /// The defaults: an rnn training step at the original's sizes.
    public init() {}

    /// Parses the words after `captioning bench` (`--cell lstm --batch=25 ...`) against
    /// `CaptioningInterface.bench`.
    public init(arguments: [String]) throws(UsageError) {
        self.init(try CaptioningInterface.declaration.parse(["bench"] + arguments))
    }

    /// The settings of a parsed `captioning bench` command line (defaults for the rest).
    public init(_ parsed: ParsedArguments) {
        if let name = parsed.value("--cell"), let named = CellType(rawValue: name) { cell = named }
        batch = parsed.integer("--batch") ?? batch
        hidden = parsed.integer("--hidden") ?? hidden
        wordvec = parsed.integer("--wordvec") ?? wordvec
        // Fewer than 4 words leave no room for <NULL>, <START>, <END> and one word.
        vocab = max(4, parsed.integer("--vocab") ?? vocab)
        input = parsed.integer("--input") ?? input
        timesteps = parsed.integer("--timesteps") ?? timesteps
        repetitions = parsed.integer("--steps") ?? repetitions
        threads = parsed.integer("--threads")
        sampleLength = parsed.integer("--length") ?? sampleLength
        beamWidth = parsed.integer("--width") ?? beamWidth
        measure = parsed.value("--what").flatMap(Measure.init(rawValue:)) ?? measure
        json = parsed.flag("--json")
    }

    /// `captioning bench --help`, generated from the declaration.
    public static var help: String {
        HelpText(CaptioningInterface.bench, path: [CaptioningInterface.program, "bench"]).text
    }
}
