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
    /// The standard deviation of the per-image Gaussian noise added to the features.
    public var noise: Double

    /// Settings with the defaults 2000 / 200 scenes, 512-d features, noise 0.1.
    public init(seed: UInt64 = 0, trainSceneCount: Int = 2000, valSceneCount: Int = 200,
                featureDim: Int = 512, noise: Double = 0.1) {
        self.seed = seed
        self.trainSceneCount = trainSceneCount
        self.valSceneCount = valSceneCount
        self.featureDim = featureDim
        self.noise = noise
    }
}
