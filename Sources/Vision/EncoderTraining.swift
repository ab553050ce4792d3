import Tensor
import Training

/// How the encoder is trained: Adam (Training's `OptimizerState`) on minibatches of a
/// seeded shuffle of the training images, the learning rate decayed after every epoch.
public struct EncoderTrainingSettings: Sendable, Codable, Equatable {
    /// Passes over the training images.
    public var epochs: Int
    /// Images per minibatch.
    public var batchSize: Int
    /// Adam's learning rate in the first epoch.
    public var learningRate: Double
    /// The learning rate is multiplied by this after every epoch.
    public var lrDecay: Double
    /// The seed of the initial weights and the shuffles.
    public var seed: UInt64

    /// Settings; the defaults train the default encoder on the 2000 Shapes training images
    /// to near-perfect attribute accuracy (README, "From pixels").
    public init(
        epochs: Int = 10, batchSize: Int = 50, learningRate: Double = 2e-3,
        lrDecay: Double = 0.8, seed: UInt64 = 0
    ) {
        (self.epochs, self.batchSize, self.learningRate) = (epochs, batchSize, learningRate)
        (self.lrDecay, self.seed) = (lrDecay, seed)
    }

    /// - Throws: `VisionError.invalidTraining` for a non-positive count or rate.
    public func validate() throws(VisionError) {
        guard epochs > 0, batchSize > 0 else {
            throw .invalidTraining(
                "epochs (\(epochs)) and batch size (\(batchSize)) must be positive")
        }
        guard learningRate.isFinite, learningRate > 0, lrDecay.isFinite, lrDecay > 0 else {
            throw .invalidTraining(
                "the learning rate (\(learningRate)) and its decay (\(lrDecay)) must be "
                    + "positive and finite")
        }
    }
}

/// Where a training run is, passed to the progress callback after every iteration.
public struct EncoderTrainingProgress: Sendable {
    /// The iteration just done (from 0) and how many there are in all.
    public var iteration: Int, iterationCount: Int
    /// The epoch it belongs to (from 1).
    public var epoch: Int
    /// Its minibatch loss.
    public var loss: Float
}

/// Trains an ``AttributeModel`` (encoder and read-out) to name each scene's attributes.
public struct EncoderTrainer: Sendable {
    /// The model being trained.
    public private(set) var model: AttributeModel<Float>
    /// The settings.
    public let settings: EncoderTrainingSettings
    /// Every iteration's minibatch loss so far.
    public private(set) var lossHistory: [Float] = []
    /// Each parameter's Adam state.
    private var states: [String: OptimizerState<Float>] = [:]

    /// A trainer with a fresh model drawn from `settings.seed`.
    ///
    /// - Throws: `VisionError` for an invalid architecture or settings.
    public init(
        architecture: EncoderArchitecture = .init(), settings: EncoderTrainingSettings = .init()
    ) throws(VisionError) {
        try settings.validate()
        self.settings = settings
        model = try AttributeModel(architecture: architecture, seed: settings.seed)
    }

    /// The iterations of one epoch over `count` images: the last minibatch may be smaller.
    public func iterationsPerEpoch(count: Int) -> Int {
        (count + settings.batchSize - 1) / settings.batchSize
    }

    /// Runs every epoch over the `targets.count` training images. `images` turns a
    /// minibatch's image indices into its `(B, 3, S, S)` pixels (the caller keeps the
    /// images, as bytes, and converts only a minibatch at a time).
    ///
    /// - Throws: `VisionError.invalidTraining` for no images or a non-finite loss; what
    ///   `images` throws.
    public mutating func train(
        targets: AttributeTargets, images: ([Int]) throws -> Tensor<Float>,
        progress: (EncoderTrainingProgress) -> Void = { _ in }
    ) throws {
        let count = targets.count
        guard count > 0 else { throw VisionError.invalidTraining("there are no training images") }
        var generator = SeededGenerator(seed: settings.seed &+ 1)
        let perEpoch = iterationsPerEpoch(count: count)
        var learningRate = settings.learningRate
        for epoch in 1...settings.epochs {
            var order = Array(0..<count)
            order.shuffle(using: &generator)
            for batch in 0..<perEpoch {
                let indices = Array(
                    order[
                        (batch * settings.batchSize)..<min(count, (batch + 1) * settings.batchSize)]
                )
                let (loss, grads) = model.loss(
                    images: try images(indices), targets: targets.rows(indices))
                guard loss.isFinite else {
                    throw VisionError.invalidTraining(
                        "the loss became \(loss) in epoch \(epoch); try a smaller learning rate")
                }
                for (name, gradient) in grads {
                    var state =
                        states[name]
                        ?? OptimizerState(
                            rule: .adam, configuration: .init(learningRate: learningRate))
                    state.learningRate = learningRate
                    model.updateParameter(name) { state.update(&$0, gradient: gradient) }
                    states[name] = state
                }
                lossHistory.append(loss)
                progress(
                    EncoderTrainingProgress(
                        iteration: lossHistory.count - 1,
                        iterationCount: perEpoch * settings.epochs, epoch: epoch, loss: loss))
            }
            learningRate *= settings.lrDecay
        }
    }
}
