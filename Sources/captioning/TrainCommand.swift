import CommandLineOptions
import Foundation
import Given
import Reference
import Showcase
import Tensor
import Training

/// `captioning train`: trains a model, evaluates it, writes a checkpoint and a report.
struct TrainCommand {
    /// The command line, parsed against `CaptioningInterface.train`.
    let arguments: ParsedArguments

    func run() throws {
        let a = arguments
        var configuration = RunConfiguration()
        var resumed: Checkpoint?
        if let path = a.value("--resume") {
            let checkpoint = try Checkpoint(contentsOf: URL(fileURLWithPath: path))
            var requested = checkpoint.configuration
            try applyModelOptions(to: &requested)
            try checkpoint.requireCompatible(with: requested, file: path)
            configuration = checkpoint.configuration
            resumed = checkpoint
        } else {
            try applyModelOptions(to: &configuration)
        }
        try applyTrainingOptions(to: &configuration)
        let cellType = try CellType(named: configuration.cellType)
        let startEpoch = resumed?.epoch ?? 0
        guard configuration.epochs > startEpoch else {
            throw UsageError(
                "the checkpoint has already trained \(startEpoch) epochs; pass "
                    + "--epochs with a larger total to continue", command: a.command)
        }

        // Implementation: explicit, or the learner's own layers once they run.
        let assignment: any Assignment
        if let name = a.value("--impl") {
            assignment = try Implementations.named(name)
            configuration.implementation = name
        } else if resumed == nil {
            let mine = try Implementations.named("exercises")
            if Implementations.canTrain(mine, cellType: cellType) {
                (assignment, configuration.implementation) = (mine, "exercises")
            } else {
                (assignment, configuration.implementation) = (ReferenceAssignment(), "reference")
                say(
                    "note: your Exercises cannot train a model yet, so the reference layers are "
                        + "used (pass --impl exercises to see what is missing)")
            }
        } else {
            assignment = try Implementations.named(configuration.implementation)
        }

        var loaded = try LoadedData.load(configuration.data)
        let valImages = try PixelFeatures.replace(in: &loaded, configuration: configuration)
        var data = loaded.data
        configuration.inputDim = data.trainFeatures.shape[1]
        if let resumed, resumed.vocabulary != data.idxToWord {
            throw CheckpointError.mismatch(
                file: a.value("--resume") ?? "",
                differences: [
                    "its vocabulary (\(resumed.vocabulary.count) words) differs from the data's "
                        + "(\(data.idxToWord.count) words)"
                ])
        }
        if let maxTrain = configuration.maxTrain {
            var generator = SeededGenerator(seed: configuration.seed)
            data = try data.subsetTrain(maxTrain: maxTrain, using: &generator)
        }
        var model: any CaptioningModel<Float>
        var probeGenerator = SeededGenerator(seed: 0)
        do {
            model = try assignment.captioningModel(
                wordToIdx: data.wordToIdx, inputDim: configuration.inputDim,
                wordvecDim: configuration.wordvecDim, hiddenDim: configuration.hiddenDim,
                cellType: cellType, seed: configuration.seed, scalar: Float.self)
        } catch { throw CLIError(explained(error)) }
        if let resumed {
            for (name, value) in model.params where resumed.params[name]?.shape != value.shape {
                throw CheckpointError.corrupt(
                    file: a.value("--resume") ?? "",
                    reason:
                        "its parameter \(name) does not have the model's shape \(value.shape)")
            }
            model.params = resumed.params
        }
        // One loss on two captions: a stub or a shape mistake stops here, before any file
        // is written.
        do {
            let probe = try data.sampleMinibatch(
                batchSize: 2, split: .train,
                using: &probeGenerator)
            _ = try model.loss(features: probe.features, captions: probe.captions)
        } catch { throw CLIError(explained(error)) }
        let output = try RunFolder.prepare(
            a.value("--output"), cell: configuration.cellType,
            force: a.flag("--force"))

        // The schedule continues where the checkpoint stopped: the saved optimiser states
        // (decayed learning rates, Adam's moments and step counts) when the checkpoint has
        // them, else the learning rate decayed once per completed epoch; a fresh minibatch
        // stream.
        var optimizer = configuration.optimizer
        let rule = try UpdateRule(named: configuration.updateRule)
        let baseRate = optimizer.learningRate ?? rule.defaultLearningRate
        optimizer.learningRate = baseRate * pow(configuration.lrDecay, Double(startEpoch))
        var solver = try CaptioningSolver(
            anyModel: model, data: data, updateRule: rule, optimConfig: optimizer,
            lrDecay: configuration.lrDecay, batchSize: configuration.batchSize,
            numEpochs: configuration.epochs - startEpoch, verbose: false,
            seed: configuration.seed &+ UInt64(startEpoch))
        if let saved = resumed?.optimizer {
            do { try solver.restoreOptimizerStates(saved) } catch {
                throw CLIError(explained(error))
            }
        }
        say(
            "training \(configuration.cellType) (hidden \(configuration.hiddenDim), wordvec "
                + "\(configuration.wordvecDim)) with \(configuration.implementation) layers on "
                + "\(loaded.name) (\(configuration.featureSource) features): \(data.trainCount) "
                + "captions, \(solver.iterationCount) iterations"
                + (startEpoch > 0 ? " (resuming after epoch \(startEpoch))" : ""))
        let bar = ProgressBar(total: solver.iterationCount)
        let perEpoch = solver.iterationsPerEpoch
        let started = Date()
        do {
            try solver.train { progress in
                bar.update(
                    done: progress.iteration + 1, loss: Double(progress.loss),
                    epoch: startEpoch + (progress.iteration + 1) / perEpoch)
            }
        } catch { throw CLIError(explained(error)) }
        let seconds = Date().timeIntervalSince(started)
        let trained = solver.model.base
        let history = (resumed?.lossHistory ?? []) + solver.lossHistory.map { Double($0) }

        let evaluation = try evaluate(
            trained, cellType: cellType, data: data,
            limit: a.integer("--eval-images") ?? 1000)
        let checkpoint = Checkpoint(
            configuration: configuration, vocabulary: data.idxToWord,
            epoch: configuration.epochs, lossHistory: history,
            bleu: evaluation.result.bleu.scores, ciderD: evaluation.result.ciderD.score,
            rougeL: evaluation.result.rougeL.score, params: trained.params,
            optimizer: solver.optimConfigs)
        let checkpointURL = output.appendingPathComponent("model.ckpt")
        try checkpoint.write(to: checkpointURL)
        let report = RunReport(
            title: "captioning run \(output.lastPathComponent)",
            configuration: configuration, lossHistory: history,
            evaluation: evaluation.result, decoding: evaluation.decoding,
            valScenes: loaded.valScenes, trainingSeconds: seconds, valImages: valImages)
        let reportURL = output.appendingPathComponent("report.html")
        try RunFolder.writeAtomically(Data(report.html().utf8), to: reportURL)
        Summary.show(
            configuration: configuration, history: history, evaluation: evaluation,
            seconds: seconds, checkpoint: checkpointURL, report: reportURL)
    }

    /// Validation captions: beam search if `--beam` was given, else the model's own greedy
    /// `sample` (falling back to the Reference decoder if the learner's sample is a stub).
    private func evaluate(
        _ model: any CaptioningModel<Float>, cellType: CellType,
        data: CaptioningData<Float>, limit: Int
    ) throws
        -> (result: CaptionEvaluation, decoding: String)
    {
        let maxLength = max(data.trainCaptions.shape[1] - 1, 1)
        if let width = arguments.integer("--beam") {
            let decoder = try RecurrentDecoder(
                params: model.params, wordToIdx: data.wordToIdx,
                cellType: cellType)
            let normalised = arguments.flag("--length-normalise")
            let result = try CaptionEvaluation(data: data, limit: limit) { features in
                try decoder.beamSearch(
                    features: features, width: width, maxLength: maxLength,
                    lengthNormalised: normalised
                ).map(\.words)
            }
            return (result, "beam \(width)" + (normalised ? ", length-normalised" : ""))
        }
        do {
            let result = try CaptionEvaluation(data: data, limit: limit) { features in
                let captions = try model.sample(features: features, maxLength: maxLength)
                return (0..<captions.shape[0]).map {
                    Array(captions.scalars[($0 * maxLength)..<(($0 + 1) * maxLength)])
                }
            }
            return (result, "greedy")
        } catch is NotImplemented {
            say(
                "note: your CaptioningRNN.sample is not implemented yet; captions come from the "
                    + "reference greedy decoder")
            let decoder = try RecurrentDecoder(
                params: model.params, wordToIdx: data.wordToIdx,
                cellType: cellType)
            let result = try CaptionEvaluation(data: data, limit: limit) {
                try decoder.greedy(features: $0, maxLength: maxLength)
            }
            return (result, "greedy (reference decoder)")
        }
    }

    /// The options that define the model: --cell, --hidden, --wordvec, --data.
    private func applyModelOptions(to configuration: inout RunConfiguration) throws {
        let a = arguments
        if let cell = a.value("--cell") {
            configuration.cellType = try CellType(named: cell).rawValue
        }
        if let hidden = a.integer("--hidden") { configuration.hiddenDim = hidden }
        if let wordvec = a.integer("--wordvec") { configuration.wordvecDim = wordvec }
        if let data = a.value("--data") {
            // A folder is stored as an absolute path, so `sample` works from anywhere.
            configuration.data =
                data == "shapes"
                ? data
                : URL(fileURLWithPath: data).standardizedFileURL.path
        }
        try PixelFeatures.apply(a, to: &configuration)
    }

    /// The options of the optimiser and schedule.
    private func applyTrainingOptions(to configuration: inout RunConfiguration) throws {
        let a = arguments
        if let rule = a.value("--update-rule") {
            do {
                configuration.updateRule = try UpdateRule(named: rule).rawValue
            } catch {
                throw UsageError(
                    "--update-rule needs sgd, sgd_momentum, rmsprop or adam, got "
                        + "\"\(rule)\"", command: a.command)
            }
            if a.value("--learning-rate") == nil { configuration.optimizer.learningRate = nil }
        }
        if let v = a.number("--learning-rate") { configuration.optimizer.learningRate = v }
        if let v = a.number("--momentum") { configuration.optimizer.momentum = v }
        if let v = a.number("--beta1") { configuration.optimizer.beta1 = v }
        if let v = a.number("--beta2") { configuration.optimizer.beta2 = v }
        if let v = a.number("--epsilon") { configuration.optimizer.epsilon = v }
        if let v = a.number("--decay-rate") { configuration.optimizer.decayRate = v }
        if let v = a.number("--lr-decay") { configuration.lrDecay = v }
        if let v = a.integer("--epochs") { configuration.epochs = v }
        if let v = a.integer("--batch-size") { configuration.batchSize = v }
        if let v = a.unsigned("--seed") { configuration.seed = v }
        if let v = a.integer("--max-train") { configuration.maxTrain = v }
    }
}

/// A failure the CLI explains in one message.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
