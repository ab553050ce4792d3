/// The command line of `captioning` (train, sample, bench), declared once: the program
/// parses with it and prints its help from it.
public enum CaptioningInterface {
    /// The program's name, as errors and help show it.
    public static let program = "captioning"

    /// The whole command line.
    public static let declaration = CommandDeclaration(
        program,
        summary: "trains, samples and benchmarks image-captioning models (CS231n \"Image "
            + "Captioning with RNNs\").",
        subcommands: [
            train, sample, bench,
            CommandDeclaration("help", summary: "this text"),
        ],
        details: """
            EXAMPLES
              swift run -c release captioning train          # Shapes, LSTM: trains, evaluates, writes a report
              swift run captioning train --help              # every option of train
            """)

    static let cells = ["rnn", "lstm", "gru"]
    static let implementations = ["reference", "solutions", "exercises"]

    static func optimiser(
        _ name: String, _ help: String, _ defaultText: String
    )
        -> OptionDeclaration
    {
        .value(
            name, placeholder: "X", kind: .number(.nonNegative), help: help,
            default: defaultText)
    }

    static let seed = OptionDeclaration.value(
        "--seed", placeholder: "S", kind: .integer(0...UInt64.max),
        help: "the seed of the initial weights and the minibatches", default: "0")
    static let beam = OptionDeclaration.value(
        "--beam", placeholder: "K", kind: .integer(atLeast: 1),
        help: "evaluate with beam search of width K instead of greedy decoding")
    static let lengthNormalised = OptionDeclaration.flag(
        "--length-normalise", help: "with --beam: rank captions by log-probability per word")
    static let evalImages = OptionDeclaration.value(
        "--eval-images", placeholder: "N", kind: .integer(atLeast: 1),
        help: "validation images scored with BLEU", default: "up to 1000")

    /// `captioning train`.
    public static let train = CommandDeclaration(
        "train",
        summary: "train a captioning model, evaluate it, write a checkpoint and an HTML report",
        options: [
            .choice("--cell", of: cells, help: "recurrent cell (cell_type)", default: "lstm"),
            .value(
                "--hidden", placeholder: "H", kind: .integer(atLeast: 1),
                help: "hidden size (hidden_dim)", default: "256"),
            .value(
                "--wordvec", placeholder: "W", kind: .integer(atLeast: 1),
                help: "word vector size (wordvec_dim)", default: "128"),
            .value(
                "--update-rule", placeholder: "R",
                help: "sgd, sgd_momentum, rmsprop or adam (update_rule)", default: "adam"),
            .value(
                "--learning-rate", placeholder: "LR", kind: .number(.nonNegative),
                help: "learning_rate",
                default: "3e-3 for the default adam; else the rule's default"),
            optimiser("--momentum", "momentum of sgd_momentum", "0.9"),
            optimiser("--beta1", "beta1 of adam", "0.9"),
            optimiser("--beta2", "beta2 of adam", "0.999"),
            optimiser("--epsilon", "epsilon of rmsprop and adam", "1e-8"),
            optimiser("--decay-rate", "decay_rate of rmsprop", "0.99"),
            .value(
                "--lr-decay", placeholder: "F", kind: .number(.nonNegative),
                help: "learning rate × F after every epoch (lr_decay)", default: "0.95"),
            .value(
                "--epochs", placeholder: "N", kind: .integer(atLeast: 1),
                help: "epochs to train (num_epochs; with --resume, the total)", default: "20"),
            .value(
                "--batch-size", placeholder: "B", kind: .integer(atLeast: 1),
                help: "captions per minibatch (batch_size)", default: "50"),
            seed,
            .choice(
                "--impl", of: implementations, help: "whose layers train",
                default: "yours once they work, else reference"),
            .value(
                "--data", placeholder: "shapes|DIR",
                help: "the built-in Shapes set or COCO arrays exported to DIR (see README)",
                default: "shapes"),
            .value(
                "--max-train", placeholder: "N", kind: .integer(atLeast: 1),
                help: "keep N training captions (drawn with replacement)"),
            .value(
                "--output", placeholder: "DIR", help: "the run's folder",
                default: "runs/<date-time>-<cell>"),
            .flag("--force", help: "overwrite the run in --output's DIR"),
            .value(
                "--resume", placeholder: "CHECKPOINT",
                help: "continue a run to --epochs (total) with its settings"),
            beam, lengthNormalised, evalImages,
        ],
        details: """
            EXAMPLES
              swift run -c release captioning train          # Shapes, LSTM
              swift run captioning train --cell rnn          # the vanilla RNN
              swift run captioning train --resume runs/<run>/model.ckpt --epochs 30
            """)

    /// `captioning sample`.
    public static let sample = CommandDeclaration(
        "sample", summary: "caption validation images with a checkpoint",
        options: [
            .value(
                "--checkpoint", placeholder: "PATH", help: "a run's model.ckpt",
                required: true),
            beam, lengthNormalised,
            .value(
                "--temperature", placeholder: "T", kind: .number(.nonNegative),
                help: "draw each word from softmax(scores / T) instead of greedy decoding"),
            .value(
                "--seed", placeholder: "S", kind: .integer(0...UInt64.max),
                help: "the seed of --temperature's draws", default: "0"),
            .value(
                "--count", placeholder: "N", kind: .integer(atLeast: 1),
                help: "how many images to print", default: "10"),
            evalImages,
        ],
        details: """
            EXAMPLES
              swift run captioning sample --checkpoint runs/<run>/model.ckpt --beam 5
            """)

    /// `captioning bench`.
    public static let bench = CommandDeclaration(
        "bench",
        summary: "time one training step (loss and every gradient) or greedy sampling of "
            + "CaptioningRNN<Float>, and the matrix-product peak, in the same run",
        options: [
            .choice("--cell", of: cells, help: "recurrent cell", default: "rnn"),
            positive("--batch", "N", "minibatch size", "100"),
            positive("--hidden", "H", "hidden size", "512"),
            positive("--wordvec", "W", "word vector size", "256"),
            positive("--vocab", "V", "vocabulary size (at least 4 are used)", "1004"),
            positive("--input", "D", "image feature size", "512"),
            // The benchmark's captions have 8 tokens before their padding
            // (Sources/Benchmarks/TrainingStepBenchmark.swift): fewer steps trapped there.
            .value(
                "--timesteps", placeholder: "T", kind: .integer(atLeast: 7),
                help: "time steps of the captions", default: "16"),
            .value(
                "--steps", "--repetitions", placeholder: "K", kind: .integer(atLeast: 1),
                help: "timed repetitions the median is taken over", default: "10"),
            .value(
                "--threads", placeholder: "N", kind: .integer(atLeast: 1),
                help: "threads of the matrix products", default: "every core"),
            .choice("--what", of: ["step", "sample"], help: "what to time", default: "step"),
            positive("--length", "L", "words generated per caption with --what sample", "30"),
            .flag("--json", help: "one JSON object instead of text"),
        ],
        details: """
            Build with -c release for numbers worth comparing:
              swift run -c release captioning bench --cell lstm --batch 100
            """)

    static func positive(
        _ name: String, _ placeholder: String, _ help: String,
        _ defaultText: String
    ) -> OptionDeclaration {
        .value(
            name, placeholder: placeholder, kind: .integer(atLeast: 1), help: help,
            default: defaultText)
    }
}
