/// A PNG's IHDR chunk: the image's size and how its samples are stored.
struct PNGHeader {
    /// How a pixel's samples are stored (PNG's colour types).
    enum ColourType: Int {
        case grey = 0, rgb = 2, palette = 3, greyAlpha = 4, rgba = 6

        /// The number of samples per pixel.
        var channels: Int {
            switch self {
            case .grey, .palette: return 1
            case .greyAlpha: return 2
            case .rgb: return 3
            case .rgba: return 4
            }
        }

        /// The name the error messages use.
        var name: String {
            switch self {
            case .grey: return "greyscale"
            case .rgb: return "RGB"
            case .palette: return "palette"
            case .greyAlpha: return "greyscale with alpha"
            case .rgba: return "RGBA"
            }
        }

        /// The bit depths the PNG specification allows for this colour type.
        var allowedBitDepths: [Int] {
            switch self {
            case .grey: return [1, 2, 4, 8, 16]
            case .palette: return [1, 2, 4, 8]
            case .rgb, .greyAlpha, .rgba: return [8, 16]
            }
        }
    }

    let width: Int
    let height: Int
    let colourType: ColourType

    /// The bytes of one row after unfiltering (8-bit samples), without the filter byte.
    var rowBytes: Int { width * colourType.channels }
    /// The decompressed image data: every row with its filter byte.
    var filteredBytes: Int { height * (rowBytes + 1) }

    /// The header in the 13 data bytes of an IHDR chunk.
    ///
    /// - Throws: `PNGError` `.malformed` for values the specification does not allow,
    ///   `.unsupported` for a bit depth other than 8 or Adam7 interlacing, `.tooLarge`
    ///   past `PNGLimits`.
    init(_ data: ArraySlice<UInt8>) throws(PNGError) {
        guard data.count == 13 else {
            throw PNGError(.malformed, "the IHDR chunk has \(data.count) bytes, not 13")
        }
        let bytes = Array(data)
        let word = { (offset: Int) -> Int in
            bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        let (width, height) = (word(0), word(4))
        let (depth, type, compression, filter, interlace) =
            (Int(bytes[8]), Int(bytes[9]), Int(bytes[10]), Int(bytes[11]), Int(bytes[12]))
        guard width > 0, height > 0, width < 1 << 31, height < 1 << 31 else {
            throw PNGError(
                .malformed,
                "the image is \(width)×\(height) pixels; each side must be 1 to 2^31 − 1")
        }
        guard let colourType = ColourType(rawValue: type) else {
            throw PNGError(
                .malformed, "colour type \(type) does not exist (PNG has 0, 2, 3, 4 and 6)")
        }
        guard colourType.allowedBitDepths.contains(depth) else {
            throw PNGError(
                .malformed,
                "bit depth \(depth) is not allowed for \(colourType.name) images "
                    + "(allowed: \(colourType.allowedBitDepths.map(String.init).joined(separator: ", ")))"
            )
        }
        guard compression == 0 else {
            throw PNGError(
                .malformed, "compression method \(compression) does not exist (only 0, deflate)")
        }
        guard filter == 0 else {
            throw PNGError(.malformed, "filter method \(filter) does not exist (only 0)")
        }
        guard interlace <= 1 else {
            throw PNGError(.malformed, "interlace method \(interlace) does not exist (0 or 1)")
        }
        guard depth == 8 else {
            throw PNGError(
                .unsupported,
                "\(colourType.name) with \(depth) bits per sample; this reader decodes 8-bit "
                    + "images only (re-save the image with 8 bits per channel)")
        }
        guard interlace == 0 else {
            throw PNGError(
                .unsupported,
                "the image is interlaced (Adam7); this reader decodes non-interlaced images "
                    + "only (re-save the image without interlacing)")
        }
        guard width <= PNGLimits.maximumSide, height <= PNGLimits.maximumSide else {
            throw PNGError(
                .tooLarge,
                "the image is \(width)×\(height) pixels; the reader takes at most "
                    + "\(PNGLimits.maximumSide) on each side")
        }
        (self.width, self.height, self.colourType) = (width, height, colourType)
        guard filteredBytes <= PNGLimits.maximumImageBytes else {
            throw PNGError(
                .tooLarge,
                "the \(width)×\(height) \(colourType.name) image needs \(filteredBytes) bytes; "
                    + "the reader takes at most \(PNGLimits.maximumImageBytes)")
        }
    }
}
