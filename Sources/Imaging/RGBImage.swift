/// An 8-bit RGB image: `height` rows of `width` pixels, top row first, 3 bytes per pixel
/// (red, green, blue), with no padding between rows.
public struct RGBImage: Sendable, Hashable {
    /// The number of pixels per row.
    public let width: Int
    /// The number of rows.
    public let height: Int
    /// The samples, row-major: pixel (x, y) is bytes `3 * (y * width + x) ..< +3`.
    public let pixels: [UInt8]

    /// An image of the given size and bytes.
    ///
    /// - Throws: `ImageError.invalidSize` for a width or height below 1 (or a pixel count
    ///   that overflows), `.pixelCountMismatch` unless `pixels.count == 3 * width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImageError) {
        let byteCount = try Self.byteCount(width: width, height: height)
        guard pixels.count == byteCount else {
            throw .pixelCountMismatch(width: width, height: height, byteCount: pixels.count)
        }
        (self.width, self.height, self.pixels) = (width, height, pixels)
    }

    /// An image of the given size, every pixel `colour`.
    ///
    /// - Throws: `ImageError.invalidSize` for a width or height below 1.
    public init(width: Int, height: Int, filledWith colour: RGB) throws(ImageError) {
        let byteCount = try Self.byteCount(width: width, height: height)
        var pixels = [UInt8](repeating: 0, count: byteCount)
        for offset in stride(from: 0, to: byteCount, by: 3) {
            (pixels[offset], pixels[offset + 1], pixels[offset + 2]) =
                (colour.red, colour.green, colour.blue)
        }
        (self.width, self.height, self.pixels) = (width, height, pixels)
    }

    /// An image whose sizes and bytes the caller has already checked.
    init(checkedWidth width: Int, height: Int, pixels: [UInt8]) {
        (self.width, self.height, self.pixels) = (width, height, pixels)
    }

    /// The pixel in column `x` (0 at the left) of row `y` (0 at the top); both must be in
    /// range (an index outside the image traps, like an array's).
    public subscript(x x: Int, y y: Int) -> RGB {
        precondition(
            (0..<width).contains(x) && (0..<height).contains(y),
            "pixel (\(x), \(y)) is outside the \(width)×\(height) image")
        let offset = 3 * (y * width + x)
        return RGB(red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2])
    }

    /// The mean of each channel over the image, 0 to 255.
    public var meanColour: (red: Double, green: Double, blue: Double) {
        var sums = (0.0, 0.0, 0.0)
        for offset in stride(from: 0, to: pixels.count, by: 3) {
            sums.0 += Double(pixels[offset])
            sums.1 += Double(pixels[offset + 1])
            sums.2 += Double(pixels[offset + 2])
        }
        let count = Double(width * height)
        return (sums.0 / count, sums.1 / count, sums.2 / count)
    }

    /// 3 × width × height, if both are positive and the product fits in `Int`.
    static func byteCount(width: Int, height: Int) throws(ImageError) -> Int {
        guard width > 0, height > 0 else { throw .invalidSize(width: width, height: height) }
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        let (bytes, overflow3) = area.multipliedReportingOverflow(by: 3)
        guard !overflow, !overflow3 else { throw .invalidSize(width: width, height: height) }
        return bytes
    }
}
