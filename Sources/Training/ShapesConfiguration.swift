/// The settings of the synthetic Shapes captioning set; equal settings give identical data.
public struct ShapesConfiguration: Sendable, Codable, Hashable {
    /// Fixes every random choice: scenes, geometry, feature embeddings and noise.
    public var seed: UInt64
    /// The number of training scenes (images); default 2000.
    public var trainSceneCount: Int
    /// The number of validation scenes; default 200.
    public var valSceneCount: Int
    /// D, the length of each image's feature vector; default 512 (the PCA'd VGG size).
    public var featureDim: Int
    /// The standard deviation of every entry of the per-attribute embedding vectors.
    public var embeddingScale: Double
    /// The standard deviation of every entry of the per-object vectors (one per position
    /// and whole colour-kind-size combination), which keep different objects far apart.
    public var objectEmbeddingScale: Double
    /// The standard deviation of the per-image Gaussian noise added to the features.
    public var noise: Double
    /// Whether two-object scenes also get their second caption, with the objects swapped
    /// ("B right of A", "B below A"), as a second caption row (true), or only the
    /// canonical one (false, the default: one caption per scene, which the notebooks'
    /// overfit runs need; which order a row uses would be an arbitrary bit to memorise).
    public var captionVariants: Bool

    /// Settings with the defaults: 2000 / 200 scenes, 512-d features, embedding scales
    /// 0.1 (attributes) and 5 (whole objects), noise 0.1, caption variants off.
    public init(
        seed: UInt64 = 0, trainSceneCount: Int = 2000, valSceneCount: Int = 200,
        featureDim: Int = 512, embeddingScale: Double = 0.1,
        objectEmbeddingScale: Double = 5, noise: Double = 0.1,
        captionVariants: Bool = false
    ) {
        self.seed = seed
        self.trainSceneCount = trainSceneCount
        self.valSceneCount = valSceneCount
        self.featureDim = featureDim
        self.embeddingScale = embeddingScale
        self.objectEmbeddingScale = objectEmbeddingScale
        self.noise = noise
        self.captionVariants = captionVariants
    }
}
