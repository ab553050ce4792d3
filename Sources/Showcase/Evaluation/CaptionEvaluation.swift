import Tensor
import Training

/// One validation image with its true captions and the model's.
public struct CaptionExample: Sendable {
    /// The image's feature row in `valFeatures`.
    public var imageIndex: Int
    /// Every true caption of the image, decoded (without `<START>` / `<END>`).
    public var truths: [String]
    /// The model's caption, decoded (without `<START>` / `<END>`).
    public var generated: String
}

/// Validation captions and their corpus BLEU, CIDEr-D and ROUGE-L.
public struct CaptionEvaluation: Sendable {
    /// BLEU-1…4 of the generated captions against all true captions of each image.
    public var bleu: BLEU
    /// CIDEr-D of the generated captions, with document frequencies over the evaluated
    /// images' true captions.
    public var ciderD: CIDErD
    /// ROUGE-L of the generated captions against all true captions of each image.
    public var rougeL: ROUGEL
    /// Every evaluated image, in feature-row order.
    public var examples: [CaptionExample]

    /// Captions the first `limit` validation images (those with captions, in feature-row
    /// order) with `generate`, which maps features `(n, D)` to word indices (the words
    /// after `<START>`), in batches of 100, and scores them with corpus BLEU, CIDEr-D and
    /// ROUGE-L.
    public init(
        data: CaptioningData<Float>, limit: Int = .max,
        generate: (Tensor<Float>) throws -> [[Int]]
    ) throws {
        var references: [Int: [String]] = [:]
        let width = data.valCaptions.shape[1]
        for row in 0..<data.valCaptions.shape[0] {
            let words = data.valCaptions.scalars[(row * width)..<((row + 1) * width)]
            references[data.valImageIdxs.scalars[row], default: []]
                .append(Self.clean(decodeCaption(words, idxToWord: data.idxToWord)))
        }
        let images = Array(references.keys.sorted().prefix(limit))
        var examples: [CaptionExample] = []
        var start = 0
        while start < images.count {
            let batch = Array(images[start..<min(start + 100, images.count)])
            let captions = try generate(data.valFeatures.gatheringRows(batch))
            for (image, words) in zip(batch, captions) {
                examples.append(
                    CaptionExample(
                        imageIndex: image, truths: references[image] ?? [],
                        generated: Self.clean(decodeCaption(words, idxToWord: data.idxToWord))))
            }
            start += 100
        }
        self.examples = examples
        let candidates = examples.map { BLEU.tokens($0.generated) }
        let truths = examples.map { $0.truths.map(BLEU.tokens) }
        bleu = BLEU(candidates: candidates, references: truths)
        ciderD = CIDErD(candidates: candidates, references: truths)
        rougeL = ROUGEL(candidates: candidates, references: truths)
    }

    /// A decoded caption without `<START>` and `<END>`.
    static func clean(_ caption: String) -> String {
        BLEU.tokens(caption).joined(separator: " ")
    }
}
