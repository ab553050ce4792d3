import CommandLineOptions
import Foundation
import Given
import Imaging
import Showcase
import Tensor
import Training
import Vision

/// `captioning caption IMAGE.png`: reads a PNG of any size, computes its features with the
/// encoder a captioning model was trained on, and prints the model's caption.
struct CaptionCommand {
    /// The command line, parsed against `CaptioningInterface.caption`.
    let arguments: ParsedArguments

    func run() throws {
        let a = arguments
        guard let imagePath = a.positionals.first, let modelPath = a.value("--checkpoint") else {
            throw UsageError("caption needs an IMAGE and --checkpoint PATH", command: a.command)
        }
        let started = Date()
        let checkpoint = try Checkpoint(contentsOf: URL(fileURLWithPath: modelPath))
        let configuration = checkpoint.configuration
        guard configuration.featureSource == "pixels", let recorded = configuration.encoder else {
            let source =
                configuration.featureSource == "none"
                ? "no image features (an image-blind baseline)"
                : "the data set's \(configuration.featureSource) features, which no image gives"
            throw CLIError(
                "\(modelPath) was trained on \(source); train a model on pixels: `captioning "
                    + "train --features pixels --encoder FILE`")
        }
        let encoderPath = a.value("--encoder") ?? recorded.path
        let encoderCheckpoint = try EncoderCheckpoint(
            contentsOf: URL(fileURLWithPath: encoderPath))
        try PixelFeatures.requireSame(
            encoderCheckpoint,
            as: EncoderReference(path: encoderPath, fingerprint: recorded.fingerprint))
        let encoder = try encoderCheckpoint.encoder()
        let image = try RGBImage(contentsOfPNG: URL(fileURLWithPath: imagePath))

        let features = try encoder.features(of: [image])
        let decoder = try RecurrentDecoder(
            params: checkpoint.params, wordToIdx: checkpoint.wordToIdx,
            cellType: try CellType(named: configuration.cellType))
        let maxLength = ShapesDataset.captionLength - 1
        let words: [Int]
        if let width = a.integer("--beam") {
            words =
                try decoder.beamSearch(features: features, width: width, maxLength: maxLength)
                .first?.words ?? []
        } else {
            words = try decoder.greedy(features: features, maxLength: maxLength).first ?? []
        }
        let caption = decodeCaption(words, idxToWord: checkpoint.vocabulary)
            .split(separator: " ").filter { $0 != "<START>" && $0 != "<END>" }
            .joined(separator: " ")
        say(caption)
        FileHandle.standardError.write(
            Data(
                String(
                    format: "(%d×%d image, %@ decoding, %.0f ms)\n", image.width, image.height,
                    a.integer("--beam").map { "beam \($0)" } ?? "greedy",
                    Date().timeIntervalSince(started) * 1e3
                ).utf8))
    }
}
