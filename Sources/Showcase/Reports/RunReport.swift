import Foundation
import Imaging
import Training

/// What a run's report shows: settings, losses, BLEU, CIDEr-D, ROUGE-L and example captions.
public struct RunReport: Sendable {
    /// The run's title (its folder name).
    public var title: String
    /// The configuration.
    public var configuration: RunConfiguration
    /// Every iteration's loss.
    public var lossHistory: [Double]
    /// Validation captions and their scores.
    public var evaluation: CaptionEvaluation
    /// How the captions were generated ("greedy", "beam 5").
    public var decoding: String
    /// The validation scenes (Shapes) for drawing; nil for COCO.
    public var valScenes: [ShapesScene]?
    /// Training wall time in seconds.
    public var trainingSeconds: Double
    /// How many examples the page shows.
    public var exampleCount: Int
    /// The validation images the model captioned (pixel features): shown as they are, as
    /// PNG, instead of scenes redrawn from their attributes; nil otherwise.
    public var valImages: [RGBImage]?

    /// A report; see the properties.
    public init(
        title: String, configuration: RunConfiguration, lossHistory: [Double],
        evaluation: CaptionEvaluation, decoding: String, valScenes: [ShapesScene]?,
        trainingSeconds: Double, exampleCount: Int = 24, valImages: [RGBImage]? = nil
    ) {
        self.valImages = valImages
        self.title = title
        self.configuration = configuration
        self.lossHistory = lossHistory
        self.evaluation = evaluation
        self.decoding = decoding
        self.valScenes = valScenes
        self.trainingSeconds = trainingSeconds
        self.exampleCount = exampleCount
    }

    /// The page: one self-contained HTML file (inline CSS, SVG and PNG data URIs; no scripts,
    /// no links).
    public func html() -> String {
        let bleu = evaluation.bleu
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto;
                   max-width: 1100px; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
            table { border-collapse: collapse; } td, th { padding: 4px 10px; border-bottom: 1px solid #ddd;
                   text-align: left; vertical-align: top; }
            .scores td { font-variant-numeric: tabular-nums; font-size: 1.1em; }
            .examples { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 14px; }
            .example { display: flex; gap: 10px; border: 1px solid #ddd; border-radius: 6px; padding: 8px; }
            .example p { margin: 0 0 4px 0; font-size: 0.9em; }
            .example svg { flex: 0 0 auto; }
            .truth { color: #555; } .ok { color: #1a7f37; } .bad { color: #b42318; }
            .label { font-weight: 600; font-size: 0.75em; text-transform: uppercase; color: #888; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p>\(escape(configuration.cellType.uppercased())) captioning model trained on
            <b>\(escape(configuration.data))</b> for \(configuration.epochs) epochs
            (\(lossHistory.count) iterations) in \(String(format: "%.1f", trainingSeconds)) s;
            final loss \(String(format: "%.3f", lossHistory.last ?? .nan)).</p>
            <h2>Validation scores (\(evaluation.examples.count) images, \(escape(decoding)) decoding)</h2>
            <table class="scores"><tr><th>BLEU-1</th><th>BLEU-2</th><th>BLEU-3</th><th>BLEU-4</th>
            <th>CIDEr-D</th><th>ROUGE-L</th></tr><tr>
            """
        page +=
            (bleu.scores + [evaluation.ciderD.score, evaluation.rougeL.score])
            .map { "<td>\(String(format: "%.3f", $0))</td>" }.joined()
            + "</tr></table>\n"
        page +=
            "<p style=\"font-size:0.85em;color:#666\">Corpus BLEU: clipped n-gram precisions "
            + "against all true captions of each image, geometric mean, brevity penalty "
            + String(format: "%.3f", bleu.brevityPenalty) + ". CIDEr-D and ROUGE-L as the COCO "
            + "caption evaluation code computes them (CIDEr-D's idf over these images' true "
            + "captions; CIDEr-D is at most 10, ROUGE-L at most 1).</p>\n"
        page += "<h2>Training loss</h2>\n" + LossCurveSVG.svg(lossHistory) + "\n"
        page += "<h2>Validation examples</h2>\n<div class=\"examples\">\n"
        for example in evaluation.examples.prefix(exampleCount) {
            let correct = example.truths.contains(example.generated)
            page += "<div class=\"example\">"
            if let images = valImages, images.indices.contains(example.imageIndex) {
                page += imageTag(images[example.imageIndex], label: example.generated)
            } else if let scenes = valScenes, scenes.indices.contains(example.imageIndex) {
                page += SceneSVG.svg(scenes[example.imageIndex])
            }
            page += "<div><p class=\"label\">image \(example.imageIndex) · model</p>"
            page += "<p class=\"\(correct ? "ok" : "bad")\">\(escape(example.generated))</p>"
            page += "<p class=\"label\">true</p>"
            for truth in example.truths.prefix(5) {
                page += "<p class=\"truth\">\(escape(truth))</p>"
            }
            page += "</div></div>\n"
        }
        page += "</div>\n<h2>Settings</h2>\n<table>"
        for (name, value) in configuration.rows {
            page += "<tr><th>\(escape(name))</th><td>\(escape(value))</td></tr>"
        }
        page += "<tr><th>decoding</th><td>\(escape(decoding))</td></tr></table>\n"
        page +=
            "<p style=\"font-size:0.8em;color:#888\">Written by <code>swift run captioning "
            + "train</code>.</p>\n</body></html>\n"
        return page
    }

    /// An inline `<img>` of `image` as a PNG data URI, drawn 120 pixels square with its
    /// pixels kept sharp.
    func imageTag(_ image: RGBImage, label: String) -> String {
        "<img width=\"120\" height=\"120\" style=\"image-rendering: pixelated; flex: 0 0 auto; "
            + "border: 1px solid #ccc\" alt=\"\(escape(label))\" src=\"data:image/png;base64,"
            + Data(image.pngData()).base64EncodedString() + "\">"
    }

    /// HTML-escapes text.
    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
