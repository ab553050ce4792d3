import Foundation
import Showcase

/// The few lines printed at the end of a training run.
enum Summary {
    static func show(
        configuration: RunConfiguration, history: [Double],
        evaluation: (result: CaptionEvaluation, decoding: String), seconds: Double,
        checkpoint: URL, report: URL
    ) {
        let bleu = evaluation.result.bleu.scores
        let recent = history.suffix(max(1, min(20, history.count / 10)))
        say(
            """
            final loss   \(String(format: "%.4f", history.last ?? .nan)) (mean of the last \(recent.count): \
            \(String(format: "%.4f", recent.reduce(0, +) / Double(max(recent.count, 1)))))
            val BLEU     \((1...bleu.count).map { "BLEU-\($0) \(String(format: "%.3f", bleu[$0 - 1]))" }.joined(separator: "  ")) \
            (\(evaluation.result.examples.count) images, \(evaluation.decoding))
            val COCO     CIDEr-D \(String(format: "%.3f", evaluation.result.ciderD.score))  \
            ROUGE-L \(String(format: "%.3f", evaluation.result.rougeL.score))
            wall time    \(String(format: "%.1f", seconds)) s training
            checkpoint   \(checkpoint.path)
            report       \(report.path)
            """)
        for example in evaluation.result.examples.prefix(3) {
            say("  model: \(example.generated)\n  true:  \(example.truths.first ?? "")")
        }
    }
}
