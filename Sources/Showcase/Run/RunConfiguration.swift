import Given
import Reference
import Training

/// Everything that defines a training run: the model, the data, the optimiser and the
/// schedule. Stored in every checkpoint and shown in every report.
public struct RunConfiguration: Sendable, Codable, Equatable {
    /// The recurrent cell (`rnn`, `lstm`, …), by name so that checkpoints stay readable
    /// by builds with more or fewer cell types.
    public var cellType: String
    /// H, the hidden state size.
    public var hiddenDim: Int
    /// W, the word vector size.
    public var wordvecDim: Int
    /// D, the image feature size (set from the data).
    public var inputDim: Int
    /// The data source: `shapes` or the COCO folder's path.
    public var data: String
    /// Whose layers trained the model: `reference`, `solutions` or `exercises`.
    public var implementation: String
    /// The seed of the initial parameters and the minibatch draws.
    public var seed: UInt64
    /// The update rule's name (`adam`, `sgd`, `sgd_momentum`, `rmsprop`).
    public var updateRule: String
    /// The update rule's settings; nil entries take the rule's defaults.
    public var optimizer: OptimizerConfiguration
    /// Every learning rate is multiplied by this at each epoch end.
    public var lrDecay: Double
    /// Captions per minibatch.
    public var batchSize: Int
    /// The total number of epochs the run trains for.
    public var epochs: Int
    /// Training captions kept (`max_train`), or nil for all.
    public var maxTrain: Int?
    /// The image features the model learned from: `attributes` (the data set's own),
    /// `pixels` (an encoder's features of the rendered images) or `none` (all zeros: an
    /// image-blind baseline); nil, in checkpoints written before there was a choice, is
    /// `attributes`.
    public var features: String? = nil
    /// With `pixels`: the encoder checkpoint's path and fingerprint (the CRC-32 of its
    /// parameters), so a caption is only ever made with the encoder the model learned from.
    public var encoder: EncoderReference? = nil

    /// `features`, with nil read as `attributes`.
    public var featureSource: String { features ?? "attributes" }

    /// A configuration; see each property for its meaning.
    public init(
        cellType: String = "lstm", hiddenDim: Int = 256, wordvecDim: Int = 128,
        inputDim: Int = 512, data: String = "shapes", implementation: String = "reference",
        seed: UInt64 = 0, updateRule: String = "adam",
        optimizer: OptimizerConfiguration = .init(learningRate: 3e-3),
        lrDecay: Double = 0.95, batchSize: Int = 50, epochs: Int = 20,
        maxTrain: Int? = nil
    ) {
        self.cellType = cellType
        self.hiddenDim = hiddenDim
        self.wordvecDim = wordvecDim
        self.inputDim = inputDim
        self.data = data
        self.implementation = implementation
        self.seed = seed
        self.updateRule = updateRule
        self.optimizer = optimizer
        self.lrDecay = lrDecay
        self.batchSize = batchSize
        self.epochs = epochs
        self.maxTrain = maxTrain
    }

    /// The settings a checkpoint's parameters depend on, as (name, value) pairs:
    /// a checkpoint can only be resumed or sampled with these unchanged.
    public var modelIdentity: [(String, String)] {
        [
            ("cell", cellType), ("hidden", "\(hiddenDim)"), ("wordvec", "\(wordvecDim)"),
            ("input dim", "\(inputDim)"), ("data", data),
        ] + featureIdentity
    }

    /// The features, and the encoder's fingerprint if any; nothing for attribute features,
    /// so checkpoints from before the choice keep their identity.
    private var featureIdentity: [(String, String)] {
        guard featureSource != "attributes" else { return [] }
        return [("features", featureSource)]
            + (encoder.map { [("encoder", $0.fingerprintText)] } ?? [])
    }

    /// The settings as (name, value) rows, for reports and summaries.
    public var rows: [(String, String)] {
        var rows = [
            ("cell", cellType), ("hidden", "\(hiddenDim)"), ("wordvec", "\(wordvecDim)"),
            ("input dim", "\(inputDim)"), ("data", data), ("implementation", implementation),
            ("seed", "\(seed)"), ("update rule", updateRule),
        ]
        if let lr = optimizer.learningRate { rows.append(("learning rate", "\(lr)")) }
        if let m = optimizer.momentum { rows.append(("momentum", "\(m)")) }
        if let d = optimizer.decayRate { rows.append(("decay rate", "\(d)")) }
        if let b = optimizer.beta1 { rows.append(("beta1", "\(b)")) }
        if let b = optimizer.beta2 { rows.append(("beta2", "\(b)")) }
        if let e = optimizer.epsilon { rows.append(("epsilon", "\(e)")) }
        rows += [
            ("lr decay", "\(lrDecay)"), ("batch size", "\(batchSize)"), ("epochs", "\(epochs)"),
        ]
        if let maxTrain { rows.append(("max train", "\(maxTrain)")) }
        rows.append(("features", featureSource))
        if let encoder {
            rows.append(("encoder", "\(encoder.path) (fingerprint \(encoder.fingerprintText))"))
        }
        return rows
    }
}

/// The encoder checkpoint a captioner's pixel features came from.
public struct EncoderReference: Sendable, Codable, Equatable {
    /// Its absolute path when the captioner was trained.
    public var path: String
    /// `EncoderCheckpoint.fingerprint`: the CRC-32 of its parameters.
    public var fingerprint: UInt32

    /// A reference to the encoder at `path` with `fingerprint`.
    public init(path: String, fingerprint: UInt32) {
        (self.path, self.fingerprint) = (path, fingerprint)
    }

    /// The fingerprint as 8 hex digits.
    public var fingerprintText: String {
        let hex = String(fingerprint, radix: 16)
        return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }
}
