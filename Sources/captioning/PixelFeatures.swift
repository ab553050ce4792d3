import CommandLineOptions
import Foundation
import Imaging
import Showcase
import Tensor
import Training
import Vision

/// The image features a captioner trains on, other than the data set's attribute
/// embeddings: an encoder's features of the rendered Shapes images (`pixels`), or zeros
/// (`none`, the image-blind baseline).
enum PixelFeatures {
    /// Reads `--features` and `--encoder` into `configuration`: the feature source, and for
    /// `pixels` the encoder's absolute path and fingerprint (so a resumed run or a caption
    /// with another encoder is refused).
    ///
    /// - Throws: `UsageError` for `--encoder` without `--features pixels` or the reverse;
    ///   `CheckpointError` for an unreadable encoder checkpoint.
    static func apply(_ a: ParsedArguments, to configuration: inout RunConfiguration) throws {
        if let features = a.value("--features") {
            configuration.features = features == "attributes" ? nil : features
        }
        guard configuration.featureSource == "pixels" else {
            if a.value("--encoder") != nil {
                throw UsageError("--encoder goes with --features pixels", command: a.command)
            }
            configuration.encoder = nil
            return
        }
        guard let path = a.value("--encoder") ?? configuration.encoder?.path else {
            throw UsageError(
                "--features pixels needs --encoder FILE (train one with `captioning encoder "
                    + "train -o FILE`)", command: a.command)
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let checkpoint = try EncoderCheckpoint(contentsOf: url)
        configuration.encoder = EncoderReference(
            path: url.path, fingerprint: checkpoint.fingerprint)
    }

    /// Replaces the features of `loaded` as `configuration` says; returns the validation
    /// images for the report when the features come from pixels.
    ///
    /// - Throws: `CLIError` for pixels of a data set other than Shapes; the encoder
    ///   checkpoint's errors.
    static func replace(
        in loaded: inout LoadedData, configuration: RunConfiguration
    ) throws -> [RGBImage]? {
        switch configuration.featureSource {
        case "none":
            loaded.data.trainFeatures = .zeros(like: loaded.data.trainFeatures)
            loaded.data.valFeatures = .zeros(like: loaded.data.valFeatures)
            return nil
        case "pixels":
            guard configuration.data == "shapes", let reference = configuration.encoder else {
                throw CLIError(
                    "--features pixels needs the built-in Shapes data (the images are rendered "
                        + "from its scenes) and --encoder")
            }
            let started = Date()
            let checkpoint = try EncoderCheckpoint(
                contentsOf: URL(fileURLWithPath: reference.path))
            try requireSame(checkpoint, as: reference)
            let encoder = try checkpoint.encoder()
            let dataset = try ShapesDataset()
            let size = encoder.architecture.imageSize
            let trainImages = dataset.renderedImages(split: .train, size: size)
            let valImages = dataset.renderedImages(split: .val, size: size)
            loaded.data.trainFeatures = try encoder.features(of: trainImages)
            loaded.data.valFeatures = try encoder.features(of: valImages)
            say(
                "features: \(trainImages.count + valImages.count) rendered images encoded by "
                    + "\(reference.path) in "
                    + String(format: "%.1f s", Date().timeIntervalSince(started)))
            return valImages
        default:
            return nil
        }
    }

    /// Refuses an encoder checkpoint whose parameters are not the ones a captioner recorded.
    static func requireSame(_ checkpoint: EncoderCheckpoint, as reference: EncoderReference) throws
    {
        let found = EncoderReference(path: reference.path, fingerprint: checkpoint.fingerprint)
        guard found.fingerprint == reference.fingerprint else {
            throw CLIError(
                "the encoder \(reference.path) has fingerprint \(found.fingerprintText), but the "
                    + "captioning model was trained on the features of the encoder with "
                    + "fingerprint \(reference.fingerprintText); pass that encoder's checkpoint")
        }
    }
}
