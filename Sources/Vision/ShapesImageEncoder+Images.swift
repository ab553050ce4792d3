import Imaging
import Tensor

extension ShapesImageEncoder where S == Float {
    /// The encoder's input for `images`: each resized to `architecture.imageSize` square
    /// (by area averaging, if it is not that size already) and scaled to [0, 1],
    /// `(N, 3, S, S)`.
    ///
    /// - Throws: `ImageError.emptyBatch` for no images.
    public func input(_ images: [RGBImage]) throws(ImageError) -> Tensor<Float> {
        let side = architecture.imageSize
        let sized = images.map { $0.width == side && $0.height == side ? $0 : $0.resized(to: side) }
        return try RGBImage.tensor(of: sized, as: Float.self)
    }

    /// The features `(N, D)` of `images`, `chunk` at a time (so a whole split's pixels
    /// never sit in memory as Floats at once).
    ///
    /// - Throws: `ImageError.emptyBatch` for no images.
    public func features(
        of images: [RGBImage], chunk: Int = 100
    ) throws(ImageError) -> Tensor<Float> {
        guard !images.isEmpty else { throw .emptyBatch }
        var parts: [Tensor<Float>] = []
        for start in stride(from: 0, to: images.count, by: chunk) {
            let batch = Array(images[start..<min(start + chunk, images.count)])
            parts.append(forward(try input(batch)).features)
        }
        return parts.count == 1 ? parts[0] : Tensor.concatenated(parts, alongAxis: 0)
    }
}

extension AttributeModel where S == Float {
    /// The attribute scores `(N, 60)` of `images`, `chunk` at a time.
    ///
    /// - Throws: `ImageError.emptyBatch` for no images.
    public func scores(of images: [RGBImage], chunk: Int = 100) throws(ImageError) -> Tensor<Float>
    {
        guard !images.isEmpty else { throw .emptyBatch }
        var parts: [Tensor<Float>] = []
        for start in stride(from: 0, to: images.count, by: chunk) {
            let batch = Array(images[start..<min(start + chunk, images.count)])
            parts.append(scores(try encoder.input(batch)))
        }
        return parts.count == 1 ? parts[0] : Tensor.concatenated(parts, alongAxis: 0)
    }
}
