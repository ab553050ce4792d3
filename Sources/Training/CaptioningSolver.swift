import Foundation
import Given
import Tensor

/// `CaptioningSolver`: trains a captioning model by minibatch gradient descent, with
/// the original's semantics.
///
/// Each iteration draws `batchSize` training captions WITH replacement, calls
/// `model.loss`, appends the loss to `lossHistory` and updates every parameter with its
/// own copy of the optimiser state. An epoch is `max(num_train / batch_size, 1)`
/// iterations; at each epoch end every learning rate is multiplied by `lrDecay`.
///
/// ```swift
/// var solver = try CaptioningSolver(model: model, data: data, updateRule: .adam,
///     optimConfig: .init(learningRate: 5e-3), lrDecay: 0.95, batchSize: 25, numEpochs: 50)
/// try solver.train()
/// ```
public struct CaptioningSolver<Model: CaptioningModel> {
    /// The scalar type of the model and data.
    public typealias S = Model.Scalar

    /// The model being trained; its `params` change as training runs.
    public var model: Model
    /// The data set (`data`); only the train split is used.
    public let data: CaptioningData<S>
    /// `update_rule`.
    public let updateRule: UpdateRule
    /// `optim_config`, copied into `optimConfigs` once per parameter.
    public let optimConfig: OptimizerConfiguration
    /// `lr_decay`: multiplies every learning rate at each epoch end.
    public let lrDecay: Double
    /// `batch_size`: captions per minibatch.
    public let batchSize: Int
    /// `num_epochs`.
    public let numEpochs: Int
    /// `print_every`: print the loss when `t % print_every == 0`.
    public let printEvery: Int
    /// `verbose`: whether to print at all.
    public let verbose: Bool
    /// Where printed lines go; `print` by default.
    public var output: @Sendable (String) -> Void

    /// `epoch`: the number of epochs completed.
    public private(set) var epoch = 0
    /// `loss_history`: the minibatch loss of every iteration so far.
    public private(set) var lossHistory: [S] = []
    /// `optim_configs`: each parameter's optimiser state, keyed like `model.params`.
    public private(set) var optimConfigs: [String: OptimizerState<S>]
    /// The seeded generator minibatches are drawn from (numpy's global RNG in the original).
    public var generator: SeededGenerator

    /// Creates a solver; the original's keyword arguments with its defaults
    /// (`update_rule='sgd'`, `lr_decay=1.0`, `batch_size=100`, `num_epochs=10`,
    /// `print_every=10`, `verbose=True`), plus the seed of the minibatch draws.
    ///
    /// - Throws: `TrainingError.invalidArgument` for a non-positive batch size, epoch
    ///   count or print interval, or a negative or non-finite `lrDecay`.
    public init(
        model: Model, data: CaptioningData<S>, updateRule: UpdateRule = .sgd,
        optimConfig: OptimizerConfiguration = .init(), lrDecay: Double = 1.0,
        batchSize: Int = 100, numEpochs: Int = 10, printEvery: Int = 10,
        verbose: Bool = true, seed: UInt64 = 0,
        output: @escaping @Sendable (String) -> Void = { print($0) }
    ) throws {
        guard batchSize > 0 else {
            throw TrainingError.invalidArgument("batch_size must be positive, got \(batchSize)")
        }
        guard numEpochs >= 0 else {
            throw TrainingError.invalidArgument("num_epochs must be >= 0, got \(numEpochs)")
        }
        guard printEvery > 0 else {
            throw TrainingError.invalidArgument("print_every must be positive, got \(printEvery)")
        }
        guard lrDecay.isFinite, lrDecay >= 0 else {
            throw TrainingError.invalidArgument("lr_decay must be finite and >= 0, got \(lrDecay)")
        }
        self.model = model
        self.data = data
        self.updateRule = updateRule
        self.optimConfig = optimConfig
        self.lrDecay = lrDecay
        self.batchSize = batchSize
        self.numEpochs = numEpochs
        self.printEvery = printEvery
        self.verbose = verbose
        self.output = output
        self.generator = SeededGenerator(seed: seed)
        self.optimConfigs = model.params.mapValues { _ in
            OptimizerState(rule: updateRule, configuration: optimConfig)
        }
    }

    /// The original's string form: `update_rule` is looked up by name.
    ///
    /// - Throws: `TrainingError.unknownUpdateRule` if `updateRule` names no rule.
    public init(
        model: Model, data: CaptioningData<S>, updateRule: String,
        optimConfig: OptimizerConfiguration = .init(), lrDecay: Double = 1.0,
        batchSize: Int = 100, numEpochs: Int = 10, printEvery: Int = 10,
        verbose: Bool = true, seed: UInt64 = 0,
        output: @escaping @Sendable (String) -> Void = { print($0) }
    ) throws {
        try self.init(
            model: model, data: data, updateRule: UpdateRule(named: updateRule),
            optimConfig: optimConfig, lrDecay: lrDecay, batchSize: batchSize,
            numEpochs: numEpochs, printEvery: printEvery, verbose: verbose,
            seed: seed, output: output)
    }

    /// Continues from saved optimiser states (a resumed run): every parameter's learning
    /// rate and slots (velocity, cache, Adam's m, v and t) as they were.
    ///
    /// - Throws: `TrainingError.invalidArgument` if a state is missing, has another
    ///   update rule, or a slot of the wrong shape.
    public mutating func restoreOptimizerStates(_ states: [String: OptimizerState<S>]) throws {
        for (name, value) in model.params {
            guard let state = states[name], state.rule == updateRule else {
                throw TrainingError.invalidArgument(
                    "the saved optimiser state of \(name) is "
                        + "missing or belongs to another update rule")
            }
            for slot in [state.velocity, state.cache, state.m, state.v] {
                if let slot, slot.shape != value.shape {
                    throw TrainingError.invalidArgument(
                        "a saved optimiser slot of \(name) has "
                            + "shape \(slot.shape), the parameter \(value.shape)")
                }
            }
        }
        optimConfigs = states
    }

    /// `iterations_per_epoch = max(num_train // batch_size, 1)`.
    public var iterationsPerEpoch: Int { Swift.max(data.trainCount / batchSize, 1) }

    /// `num_iterations = num_epochs * iterations_per_epoch`.
    public var iterationCount: Int { numEpochs * iterationsPerEpoch }

    /// `_step`: one minibatch, one loss, one update of every parameter.
    ///
    /// - Returns: the minibatch loss (also appended to `lossHistory`).
    /// - Throws: errors from `model.loss`, `TrainingError.missingGradient`.
    @discardableResult
    public mutating func step() throws -> S {
        let batch = try data.sampleMinibatch(
            batchSize: batchSize, split: .train,
            using: &generator)
        let (loss, gradients) = try model.loss(
            features: batch.features,
            captions: batch.captions)
        lossHistory.append(loss)
        var params = model.params
        let names = params.keys.sorted()
        if let missing = names.first(where: { gradients[$0] == nil }) {
            throw TrainingError.missingGradient(missing)
        }
        // The parameters and each one's state are taken out of the model and the table
        // while they are updated, so every buffer has one owner and Adam writes in place:
        // as shared buffers, w, m and v were copied at every step (3 % of the LSTM
        // overfit run, perf).
        model.params = [:]
        for name in names {
            guard let dw = gradients[name] else { continue }
            var state =
                optimConfigs.removeValue(forKey: name)
                ?? OptimizerState(rule: updateRule, configuration: optimConfig)
            state.update(&params[name, default: dw], gradient: dw)
            optimConfigs[name] = state
        }
        model.params = params
        return loss
    }

    /// `train`: runs `iterationCount` iterations, printing
    /// `"(Iteration %d / %d) loss: %f"` when `verbose` and `t % printEvery == 0`, and
    /// decaying every learning rate by `lrDecay` at each epoch end.
    ///
    /// - Parameter onIteration: called after every iteration with its progress.
    /// - Throws: the first error of `model.loss`; iterations already run are kept.
    public mutating func train(onIteration: ((TrainingProgress<S>) -> Void)? = nil) throws {
        let total = iterationCount
        for t in 0..<total {
            let usedRate =
                optimConfigs.keys.sorted().first.flatMap { optimConfigs[$0] }?
                .learningRate ?? optimConfig.learningRate ?? updateRule.defaultLearningRate
            let loss = try step()
            if verbose && t % printEvery == 0 {
                output(String(format: "(Iteration %d / %d) loss: %f", t + 1, total, Double(loss)))
            }
            if (t + 1) % iterationsPerEpoch == 0 {
                epoch += 1
                let decay = lrDecay
                optimConfigs = optimConfigs.mapValues { state in
                    var decayed = state
                    decayed.learningRate *= decay
                    return decayed
                }
            }
            onIteration?(
                TrainingProgress(
                    iteration: t, iterationCount: total, epoch: epoch,
                    loss: loss, learningRate: usedRate))
        }
    }
}

extension CaptioningSolver {
    /// A solver for a model known only as an existential (`any CaptioningModel<S>`),
    /// e.g. one chosen at run time; `model.base` is the trained model afterwards.
    public init<T: TensorScalar>(
        anyModel: any CaptioningModel<T>, data: CaptioningData<T>,
        updateRule: UpdateRule = .sgd, optimConfig: OptimizerConfiguration = .init(),
        lrDecay: Double = 1.0, batchSize: Int = 100, numEpochs: Int = 10,
        printEvery: Int = 10, verbose: Bool = true, seed: UInt64 = 0,
        output: @escaping @Sendable (String) -> Void = { print($0) }
    ) throws where Model == AnyCaptioningModel<T> {
        try self.init(
            model: AnyCaptioningModel(anyModel), data: data, updateRule: updateRule,
            optimConfig: optimConfig, lrDecay: lrDecay, batchSize: batchSize,
            numEpochs: numEpochs, printEvery: printEvery, verbose: verbose,
            seed: seed, output: output)
    }
}
