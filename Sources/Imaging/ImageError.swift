/// Why an ``RGBImage`` could not be made from the values given.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    /// The width or height is not positive, or the pixel count overflows `Int`.
    case invalidSize(width: Int, height: Int)
    /// The pixel bytes do not number 3 × width × height.
    case pixelCountMismatch(width: Int, height: Int, byteCount: Int)
    /// A batch of images of different sizes, which no single tensor holds.
    case mixedSizes(index: Int, width: Int, height: Int, firstWidth: Int, firstHeight: Int)
    /// An empty batch, which has no image size to take.
    case emptyBatch

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .invalidSize(let width, let height):
            return "an image must be at least 1×1 pixels, got \(width)×\(height)"
        case .pixelCountMismatch(let width, let height, let byteCount):
            return "a \(width)×\(height) RGB image needs \(width)×\(height)×3 = "
                + "\(width * height * 3) bytes, got \(byteCount)"
        case .mixedSizes(let index, let width, let height, let firstWidth, let firstHeight):
            return "image \(index) of the batch is \(width)×\(height), "
                + "image 0 is \(firstWidth)×\(firstHeight)"
        case .emptyBatch:
            return "a batch of images needs at least one image"
        }
    }
}
