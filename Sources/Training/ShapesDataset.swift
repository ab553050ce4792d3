import Tensor

/// "Shapes": a small synthetic captioning data set, generated offline and exactly
/// reproducible from a seed, standing in for COCO.
///
/// Each scene has one coloured shape at the left, right, top or bottom, or two on opposite
/// sides; its caption names every shape's size, colour and kind and where it is ("a small
/// red circle on the left", "a small red circle left of a large blue square", "a large
/// green star above a small red circle"): 7 to 10 words, about COCO's average.
/// Captions are 17 tokens like COCO's: `<START>`, at most 15 words, `<END>`, `<NULL>`
/// padding. Features are a fixed function of the scene's attributes plus noise
/// (``ShapesFeatureEncoder``), so the captions can only be got right by looking at the
/// image.
public struct ShapesDataset: Sendable {
    /// The settings this set was generated from.
    public let configuration: ShapesConfiguration
    /// The training scenes; scene i has feature row i of `data.trainFeatures`.
    public let trainScenes: [ShapesScene]
    /// The validation scenes; scene i has feature row i of `data.valFeatures`.
    public let valScenes: [ShapesScene]
    /// The data dict: Float features `(scenes, D)`, captions `(rows, 17)`, image indices.
    public let data: CaptioningData<Float>
    /// The feature function, for features of new scenes.
    public let encoder: ShapesFeatureEncoder

    /// The caption length in tokens, `<START>` and `<END>` included (COCO's 17).
    public static let captionLength = 17

    /// `idx_to_word`: `<NULL>` 0, `<START>` 1, `<END>` 2, `<UNK>` 3, then the words.
    public static let vocabulary: [String] =
        ["<NULL>", "<START>", "<END>", "<UNK>", "a"]
        + ShapeSize.allCases.map(\.rawValue) + ShapeColour.allCases.map(\.rawValue)
        + ShapeKind.allCases.map(\.rawValue)
        + ["on", "at", "the"] + ShapePosition.allCases.map(\.rawValue)
        + ["of", "above", "below"]

    /// `word_to_idx`, the inverse of ``vocabulary``.
    public static let wordToIdx: [String: Int] =
        Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })

    /// Generates the data set: scenes, then feature embeddings, all from `configuration.seed`.
    ///
    /// - Throws: `TrainingError.invalidArgument` for a negative scene count, a
    ///   non-positive feature length or a negative or non-finite noise level.
    public init(configuration: ShapesConfiguration = .init()) throws {
        guard configuration.trainSceneCount >= 0, configuration.valSceneCount >= 0 else {
            throw TrainingError.invalidArgument("scene counts must be >= 0")
        }
        guard configuration.featureDim > 0 else {
            throw TrainingError.invalidArgument(
                "featureDim must be positive, got "
                    + "\(configuration.featureDim)")
        }
        guard configuration.noise.isFinite, configuration.noise >= 0 else {
            throw TrainingError.invalidArgument("noise must be finite and >= 0")
        }
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        encoder = ShapesFeatureEncoder(
            featureDim: configuration.featureDim,
            scale: configuration.embeddingScale,
            objectScale: configuration.objectEmbeddingScale,
            using: &generator)
        trainScenes = (0..<configuration.trainSceneCount).map { _ in
            Self.randomScene(using: &generator)
        }
        valScenes = (0..<configuration.valSceneCount).map { _ in
            Self.randomScene(using: &generator)
        }
        let train = Self.arrays(trainScenes, encoder, configuration, using: &generator)
        let val = Self.arrays(valScenes, encoder, configuration, using: &generator)
        data = CaptioningData(
            unchecked: train.features, train.captions, train.imageIdxs,
            val.features, val.captions, val.imageIdxs,
            Self.wordToIdx, Self.vocabulary)
    }

    /// A data set with the default sizes and the given seed.
    public init(seed: UInt64) throws {
        try self.init(configuration: ShapesConfiguration(seed: seed))
    }

    /// The 17-token encoding of a caption's words: `<START>` words `<END>` `<NULL>`…;
    /// words outside the vocabulary become `<UNK>`, words past 15 are cut.
    public static func encode(_ words: [String]) -> [Int] {
        let unknown = wordToIdx["<UNK>"] ?? 3
        let body = words.prefix(captionLength - 2).map { wordToIdx[$0] ?? unknown }
        let tokens = [wordToIdx["<START>"] ?? 1] + body + [wordToIdx["<END>"] ?? 2]
        return tokens
            + Array(
                repeating: wordToIdx["<NULL>"] ?? 0,
                count: captionLength - tokens.count)
    }

    /// A random scene: one shape at a uniform position or two shapes on opposite sides
    /// (equally likely; the pair is left and right or top and bottom, equally likely),
    /// each with a uniform colour, kind and size and a centre jittered by up to ±0.03.
    public static func randomScene(using generator: inout SeededGenerator) -> ShapesScene {
        let positions: [ShapePosition]
        if generator.nextInt(below: 2) == 0 {
            let all = ShapePosition.allCases
            positions = [all[generator.nextInt(below: all.count)]]
        } else {
            positions = generator.nextInt(below: 2) == 0 ? [.left, .right] : [.top, .bottom]
        }
        var objects: [ShapeObject] = []
        for position in positions {
            let colour = ShapeColour.allCases[generator.nextInt(below: ShapeColour.allCases.count)]
            let kind = ShapeKind.allCases[generator.nextInt(below: ShapeKind.allCases.count)]
            let size = ShapeSize.allCases[generator.nextInt(below: ShapeSize.allCases.count)]
            let jitterX = (generator.nextUnit() * 2 - 1) * 0.03
            let jitterY = (generator.nextUnit() * 2 - 1) * 0.03
            let centre = position.nominalCenter
            objects.append(
                ShapeObject(
                    colour: colour, kind: kind, size: size, position: position,
                    centerX: centre.x + jitterX, centerY: centre.y + jitterY,
                    radius: size.radius))
        }
        return ShapesScene(objects: objects)  // positions are already in canonical order
    }

    private static func arrays(
        _ scenes: [ShapesScene], _ encoder: ShapesFeatureEncoder,
        _ configuration: ShapesConfiguration, using generator: inout SeededGenerator
    ) -> (features: Tensor<Float>, captions: Tensor<Int>, imageIdxs: Tensor<Int>) {
        var features: [Float] = []
        features.reserveCapacity(scenes.count * configuration.featureDim)
        var captions: [Int] = []
        var imageIdxs: [Int] = []
        for (index, scene) in scenes.enumerated() {
            features += encoder.features(of: scene, noise: configuration.noise, using: &generator)
                .map { Float($0) }
            let captionList = configuration.captionVariants ? scene.captions : [scene.captions[0]]
            for caption in captionList {
                captions += encode(caption)
                imageIdxs.append(index)
            }
        }
        return (
            Tensor(shape: [scenes.count, configuration.featureDim], scalars: features),
            Tensor(shape: [imageIdxs.count, captionLength], scalars: captions),
            Tensor(imageIdxs)
        )
    }
}
