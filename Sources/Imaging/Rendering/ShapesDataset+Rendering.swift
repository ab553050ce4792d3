import Training

extension ShapesDataset {
    /// The scenes of `split`, in feature-row order.
    public func scenes(_ split: DataSplit) -> [ShapesScene] {
        split == .train ? trainScenes : valScenes
    }

    /// The renderer of this data set's images: seeded by the data set's seed.
    public func renderer(size: Int = 64) -> ShapesRenderer {
        ShapesRenderer(size: size, seed: configuration.seed)
    }

    /// The noise seed of scene `index` of `split`: distinct for every scene of both
    /// splits, so no two images share their noise.
    public static func noiseSeed(split: DataSplit, index: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: index) &* 2 &+ (split == .train ? 0 : 1)
    }

    /// The image of scene `index` of `split` (`index` must be one of the split's scenes),
    /// `size` × `size` pixels: the same bytes every time for the same data set seed.
    public func renderedImage(split: DataSplit, index: Int, size: Int = 64) -> RGBImage {
        let scenes = scenes(split)
        precondition(
            scenes.indices.contains(index),
            "the \(split.rawValue) split has \(scenes.count) scenes, no scene \(index)")
        return renderer(size: size).render(
            scenes[index], noiseSeed: Self.noiseSeed(split: split, index: index))
    }

    /// The images of every scene of `split`, in feature-row order (image i shows the
    /// scene that caption rows with image index i describe).
    public func renderedImages(split: DataSplit, size: Int = 64) -> [RGBImage] {
        let renderer = renderer(size: size)
        return scenes(split).enumerated().map { index, scene in
            renderer.render(scene, noiseSeed: Self.noiseSeed(split: split, index: index))
        }
    }
}
