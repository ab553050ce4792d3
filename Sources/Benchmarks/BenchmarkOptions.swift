import Given
import Reference

/// The settings of `captioning bench`, with the original's training sizes as defaults.
public struct BenchmarkOptions: Sendable, Equatable {
    public enum Measure: String, Sendable { case step, sample }

    public var cell = CellType.rnn
    public var batch = 100
    public var hidden = 512
    public var wordvec = 256
    public var vocab = 1004
    public var input = 512
    /// Time steps T of the captions (16, as COCO's 17-token captions give).
    public var timesteps = 16
    /// How many timed repetitions the median is taken over.
    public var repetitions = 10
    /// 1 or 2 threads for the matrix products (`nil`: the default, every core).
    public var threads: Int?
    public var measure = Measure.step
    /// Words generated per caption when measuring `sample`.
    public var sampleLength = 30
    public var json = false

    public init() {}

    struct UsageError: Error, CustomStringConvertible { let description: String }

    /// Parses `--cell lstm --batch 25 --hidden 512 ...`.
    public init(arguments: [String]) throws {
        var rest = arguments[...]
        func int(_ flag: String) throws -> Int {
            guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                throw UsageError(description: "\(flag) needs a positive integer")
            }
            return value
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--cell":
                guard let name = rest.popFirst() else { throw UsageError(description: "--cell needs a value") }
                cell = try CellType(named: name)
            case "--batch": batch = try int(flag)
            case "--hidden": hidden = try int(flag)
            case "--wordvec": wordvec = try int(flag)
            case "--vocab": vocab = max(4, try int(flag))
            case "--input": input = try int(flag)
            case "--timesteps": timesteps = try int(flag)
            case "--steps", "--repetitions": repetitions = try int(flag)
            case "--threads": threads = try int(flag)
            case "--length": sampleLength = try int(flag)
            case "--what":
                guard let name = rest.popFirst(), let parsed = Measure(rawValue: name) else {
                    throw UsageError(description: "--what needs step or sample")
                }
                measure = parsed
            case "--json": json = true
            default: throw UsageError(description: "unknown option \(flag) (see captioning bench --help)")
            }
        }
    }

    public static let help = """
        captioning bench: time one training step (loss and every gradient) or greedy
        sampling of CaptioningRNN<Float>, and the matrix-product peak, in the same run.

          --cell rnn|lstm|gru   (rnn)      --batch N     (100)   --hidden H  (512)
          --wordvec W           (256)      --vocab V     (1004)  --input D   (512)
          --timesteps T         (16)       --steps K     (10 timed repetitions)
          --threads 1|2         (every core)  --what step|sample   --length L (30 words)
          --json                one JSON object instead of text

        Build with -c release for numbers worth comparing:
          swift run -c release captioning bench --cell lstm --batch 100
        """
}
