import CommandLineOptions
import Foundation
import Given
import Reference
import Showcase
import Tensor
import Training

/// `captioning sample`: captions validation images with a saved model.
struct SampleCommand {
    /// The command line, parsed against `CaptioningInterface.sample`.
    let arguments: ParsedArguments

    func run() throws {
        let a = arguments
        guard let path = a.value("--checkpoint") else {
            throw UsageError(
                "sample needs --checkpoint PATH (a run's model.ckpt)",
                command: a.command)
        }
        let checkpoint = try Checkpoint(contentsOf: URL(fileURLWithPath: path))
        let configuration = checkpoint.configuration
        let cellType = try CellType(named: configuration.cellType)
        let data = try LoadedData.load(configuration.data).data
        guard checkpoint.vocabulary == data.idxToWord else {
            throw CheckpointError.mismatch(
                file: path,
                differences: [
                    "its vocabulary differs from the data \(configuration.data)'s"
                ])
        }
        let maxLength = max(data.valCaptions.shape[1] - 1, 1)
        let count = a.integer("--count") ?? 10
        let beam = a.integer("--beam")
        let temperature = a.number("--temperature")
        var generator = SeededGenerator(seed: a.unsigned("--seed") ?? 0)
        let normalised = a.flag("--length-normalise")
        let decoding: String
        let generate: (Tensor<Float>) throws -> [[Int]]
        if beam != nil || temperature != nil {
            let decoder = try RecurrentDecoder(
                params: checkpoint.params, wordToIdx: data.wordToIdx,
                cellType: cellType)
            if let width = beam {
                decoding = "beam \(width)" + (normalised ? ", length-normalised" : "")
                generate = {
                    try decoder.beamSearch(
                        features: $0, width: width, maxLength: maxLength,
                        lengthNormalised: normalised
                    ).map(\.words)
                }
            } else {
                let t = temperature ?? 1
                decoding = "temperature \(t)"
                generate = {
                    try decoder.sample(
                        features: $0, maxLength: maxLength, temperature: t,
                        using: &generator)
                }
            }
        } else {
            var model = try ReferenceAssignment().captioningModel(
                wordToIdx: data.wordToIdx, inputDim: configuration.inputDim,
                wordvecDim: configuration.wordvecDim, hiddenDim: configuration.hiddenDim,
                cellType: cellType, seed: 0, scalar: Float.self)
            model.params = checkpoint.params
            decoding = "greedy"
            generate = { features in
                let captions = try model.sample(features: features, maxLength: maxLength)
                return (0..<captions.shape[0]).map {
                    Array(captions.scalars[($0 * maxLength)..<(($0 + 1) * maxLength)])
                }
            }
        }
        let evaluation = try CaptionEvaluation(
            data: data, limit: a.integer("--eval-images") ?? 1000,
            generate: generate)
        say("\(path): \(configuration.cellType), epoch \(checkpoint.epoch), \(decoding) decoding")
        for example in evaluation.examples.prefix(count) {
            let mark = example.truths.contains(example.generated) ? "✓" : "✗"
            say("image \(example.imageIndex) \(mark)\n  model: \(example.generated)")
            for truth in example.truths { say("  true:  \(truth)") }
        }
        let bleu = evaluation.bleu.scores
        let coco =
            "CIDEr-D \(String(format: "%.3f", evaluation.ciderD.score))  "
            + "ROUGE-L \(String(format: "%.3f", evaluation.rougeL.score))"
        say(
            "val BLEU (\(evaluation.examples.count) images): "
                + (1...bleu.count).map { "BLEU-\($0) \(String(format: "%.3f", bleu[$0 - 1]))" }
                .joined(separator: "  ") + "  " + coco)
    }
}
