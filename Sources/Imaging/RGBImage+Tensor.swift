import Tensor

extension RGBImage {
    /// The images as one tensor of shape `(N, 3, height, width)` (channels first, as a
    /// convolution takes them), each sample divided by 255 so values lie in [0, 1].
    ///
    /// - Throws: `ImageError.emptyBatch` for no images, `.mixedSizes` if any image's size
    ///   differs from the first's.
    public static func tensor<S: TensorScalar>(
        of images: [RGBImage], as _: S.Type = Float.self
    ) throws(ImageError) -> Tensor<S> {
        guard let first = images.first else { throw .emptyBatch }
        let (width, height) = (first.width, first.height)
        let plane = width * height
        var scalars = [S](repeating: 0, count: images.count * 3 * plane)
        for (index, image) in images.enumerated() {
            guard image.width == width, image.height == height else {
                throw .mixedSizes(
                    index: index, width: image.width, height: image.height,
                    firstWidth: width, firstHeight: height)
            }
            let base = index * 3 * plane
            for pixel in 0..<plane {
                for channel in 0..<3 {
                    scalars[base + channel * plane + pixel] =
                        S(image.pixels[3 * pixel + channel]) / 255
                }
            }
        }
        return Tensor(shape: [images.count, 3, height, width], scalars: scalars)
    }
}
