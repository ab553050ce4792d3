import CommandLineOptions
import Foundation
import Imaging
import Showcase
import Tensor
import Training
import Vision

/// `captioning encoder train`: trains the CNN encoder on the rendered Shapes training
/// images to name each scene's attributes, reports its validation accuracy and speed, and
/// writes its checkpoint.
struct EncoderTrainCommand {
    /// The command line, parsed against `CaptioningInterface.encoderTrain`.
    let arguments: ParsedArguments

    func run() throws {
        let a = arguments
        guard let path = a.value("--output") else {
            throw UsageError("encoder train needs --output FILE", command: a.command)
        }
        let url = URL(fileURLWithPath: path)
        try refuseToOverwrite(url, force: a.flag("--force"))
        var settings = EncoderTrainingSettings()
        if let v = a.integer("--epochs") { settings.epochs = v }
        if let v = a.integer("--batch-size") { settings.batchSize = v }
        if let v = a.number("--learning-rate") { settings.learningRate = v }
        if let v = a.number("--lr-decay") { settings.lrDecay = v }
        if let v = a.unsigned("--seed") { settings.seed = v }
        let architecture = EncoderArchitecture()
        var trainer = try EncoderTrainer(architecture: architecture, settings: settings)

        let renderStart = Date()
        let dataset = try ShapesDataset()
        let trainImages = dataset.renderedImages(split: .train, size: architecture.imageSize)
        let valImages = dataset.renderedImages(split: .val, size: architecture.imageSize)
        let renderSeconds = Date().timeIntervalSince(renderStart)
        let targets = AttributeTargets(dataset.trainScenes)
        let iterations = trainer.iterationsPerEpoch(count: targets.count) * settings.epochs
        say(
            "training the image encoder (\(architecture.channels.map(String.init).joined(separator: "→")) "
                + "filters, \(architecture.featureDim) features) on \(trainImages.count) rendered "
                + "\(architecture.imageSize)×\(architecture.imageSize) Shapes images: "
                + "\(settings.epochs) epochs, \(iterations) iterations (rendering took "
                + String(format: "%.1f s)", renderSeconds))
        let bar = ProgressBar(total: iterations)
        let started = Date()
        let encoderInput = trainer.model.encoder
        try trainer.train(
            targets: targets,
            images: { indices in try encoderInput.input(indices.map { trainImages[$0] }) },
            progress: { bar.update(done: $0.iteration + 1, loss: Double($0.loss), epoch: $0.epoch) }
        )
        let seconds = Date().timeIntervalSince(started)

        let model = trainer.model
        let evaluationStart = Date()
        let valScores = try model.scores(of: valImages)
        let forwardSeconds = Date().timeIntervalSince(evaluationStart)
        let accuracy = AttributeTargets(dataset.valScenes).accuracy(scores: valScores)
        let checkpoint = EncoderCheckpoint(
            architecture: architecture, training: settings, dataSeed: dataset.configuration.seed,
            lossHistory: trainer.lossHistory.map(Double.init), accuracy: accuracy,
            params: model.params)
        try checkpoint.write(to: url)
        let trained = Double(iterations == 0 ? 0 : targets.count * settings.epochs)
        say(
            """
            final loss   \(String(format: "%.4f", trainer.lossHistory.last.map(Double.init) ?? .nan))
            val accuracy \(accuracy.summary) (\(valImages.count) images)
            wall time    \(String(format: "%.1f", seconds)) s training: \
            \(String(format: "%.0f", trained / seconds)) images/s; forward \
            \(String(format: "%.0f", Double(valImages.count) / forwardSeconds)) images/s
            checkpoint   \(url.path) (fingerprint \(EncoderReference(path: url.path, fingerprint: checkpoint.fingerprint).fingerprintText))
            """)
    }
}

/// Refuses to write over an existing file unless `force`, and over a folder ever.
func refuseToOverwrite(_ url: URL, force: Bool) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
        return
    }
    guard !isDirectory.boolValue else {
        throw CLIError("\(url.path) is a folder; --output needs a file name")
    }
    guard force else {
        throw CLIError(
            "\(url.path) already exists; choose another --output or pass --force to overwrite it")
    }
}
