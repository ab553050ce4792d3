extension RGBImage {
    /// The image in a PNG file's bytes.
    ///
    /// Reads 8-bit greyscale, greyscale with alpha, RGB, RGBA and palette images that are
    /// not interlaced, with any of the five row filters; transparency (an alpha channel, or
    /// a tRNS chunk) is composited on white. Every chunk's CRC and the zlib stream's
    /// Adler-32 are checked; ancillary chunks are otherwise skipped.
    ///
    /// - Throws: `PNGError`, whose kind and message say what is wrong: not a PNG,
    ///   truncated, a bad checksum, a malformed header or chunk order, an unsupported bit
    ///   depth, interlacing or critical chunk, an image past `PNGLimits`, or corrupt
    ///   compressed data. No input traps or allocates more than the limits allow.
    public init(pngData bytes: [UInt8]) throws(PNGError) {
        self = try PNGDecoder(bytes, verifiesChecksums: true).image()
    }

    /// The image in `bytes`, read as ``init(pngData:)`` reads it but, when
    /// `verifyingChecksums` is false, without comparing the chunks' CRCs and the zlib
    /// stream's Adler-32 with their contents: for the fuzzer only, whose mutations would
    /// otherwise almost all stop at the first checksum and never reach inflate's blocks,
    /// the filters or the colour conversion.
    package init(pngData bytes: [UInt8], verifyingChecksums: Bool) throws(PNGError) {
        self = try PNGDecoder(bytes, verifiesChecksums: verifyingChecksums).image()
    }
}

/// Walks a PNG's chunks, then inflates, unfilters and converts its image data.
private struct PNGDecoder {
    let bytes: [UInt8]
    /// Whether chunk CRCs and the Adler-32 are checked (always, but for the fuzzer).
    let verifiesChecksums: Bool

    init(_ bytes: [UInt8], verifiesChecksums: Bool) {
        (self.bytes, self.verifiesChecksums) = (bytes, verifiesChecksums)
    }

    /// The decoded image.
    func image() throws(PNGError) -> RGBImage {
        let signature = PNGFormat.signature
        guard bytes.count >= signature.count else {
            if bytes.elementsEqual(signature.prefix(bytes.count)) {
                throw PNGError(
                    .truncated,
                    "the file has \(bytes.count) bytes, fewer than the 8-byte PNG signature")
            }
            throw PNGError(.notPNG, "it does not start with the PNG signature")
        }
        guard bytes[..<signature.count].elementsEqual(signature) else {
            throw PNGError(
                .notPNG, "it does not start with the PNG signature (89 50 4E 47 0D 0A 1A 0A)")
        }
        var position = signature.count
        var header: PNGHeader?
        var palette: [RGB]?
        var transparency: ArraySlice<UInt8>?
        var compressed: [UInt8] = []
        var previousType = ""
        var sawImageData = false
        var chunkIndex = 0
        while true {
            let after = previousType.isEmpty ? "the signature" : "the \(previousType) chunk"
            guard position + 8 <= bytes.count else {
                throw PNGError(
                    .truncated,
                    "the file ends after \(after), with no IEND chunk"
                        + (position == bytes.count ? "" : " (a partial chunk header follows)"))
            }
            let length = word(at: position)
            let typeBytes = bytes[(position + 4)..<(position + 8)]
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
                throw PNGError(
                    .malformed,
                    "chunk \(chunkIndex) (after \(after)) has type bytes "
                        + typeBytes.map { String($0, radix: 16) }.joined(separator: " ")
                        + ", not four ASCII letters")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length < 1 << 31 else {
                throw PNGError(
                    .malformed,
                    "the \(type) chunk declares \(length) bytes, more than PNG's 2^31 − 1")
            }
            let dataStart = position + 8
            guard length <= bytes.count - dataStart, bytes.count - dataStart - length >= 4 else {
                throw PNGError(
                    .truncated,
                    "the file ends inside the \(type) chunk (it declares \(length) bytes and "
                        + "a CRC; \(bytes.count - dataStart) bytes are left)")
            }
            let data = bytes[dataStart..<(dataStart + length)]
            let stored = UInt32(word(at: dataStart + length))
            let computed = CRC32.checksum(bytes[(position + 4)..<(dataStart + length)])
            guard stored == computed || !verifiesChecksums else {
                throw PNGError(
                    .badChecksum,
                    "the \(type) chunk's CRC is 0x\(String(stored, radix: 16)), its contents "
                        + "give 0x\(String(computed, radix: 16))")
            }
            position = dataStart + length + 4
            if chunkIndex == 0 && type != "IHDR" {
                throw PNGError(.malformed, "the first chunk is \(type), not IHDR")
            }
            switch type {
            case "IHDR":
                guard header == nil else { throw PNGError(.malformed, "a second IHDR chunk") }
                header = try PNGHeader(data)
            case "PLTE":
                guard palette == nil else { throw PNGError(.malformed, "a second PLTE chunk") }
                guard !sawImageData else {
                    throw PNGError(.malformed, "a PLTE chunk after the image data")
                }
                guard length % 3 == 0, (3...768).contains(length) else {
                    throw PNGError(
                        .malformed, "the PLTE chunk has \(length) bytes, not 1 to 256 entries of 3")
                }
                palette = stride(from: data.startIndex, to: data.endIndex, by: 3).map {
                    RGB(red: bytes[$0], green: bytes[$0 + 1], blue: bytes[$0 + 2])
                }
            case "tRNS":
                guard !sawImageData else {
                    throw PNGError(.malformed, "a tRNS chunk after the image data")
                }
                transparency = data
            case "IDAT":
                guard header != nil else {
                    throw PNGError(.malformed, "image data before the IHDR chunk")
                }
                if sawImageData && previousType != "IDAT" {
                    throw PNGError(
                        .malformed,
                        "the IDAT chunks are not consecutive (a \(previousType) chunk between them)"
                    )
                }
                sawImageData = true
                compressed += data
            case "IEND":
                guard let header else { throw PNGError(.malformed, "IEND before IHDR") }
                guard sawImageData else {
                    throw PNGError(.malformed, "no IDAT chunk (the image has no data)")
                }
                return try decode(compressed, header, palette, transparency)
            default:
                // Bit 5 of the first letter (lowercase) marks an ancillary chunk a decoder
                // may skip; an unknown critical chunk changes how the image must be read.
                guard typeBytes.first.map({ $0 & 0x20 != 0 }) ?? false else {
                    throw PNGError(.unsupported, "unknown critical chunk \(type)")
                }
            }
            previousType = type
            chunkIndex += 1
        }
    }

    /// The big-endian 32-bit word at `offset` (which the caller checked is in range).
    private func word(at offset: Int) -> Int {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    }

    /// Inflates, unfilters and converts the image data.
    private func decode(
        _ compressed: [UInt8], _ header: PNGHeader, _ palette: [RGB]?,
        _ transparency: ArraySlice<UInt8>?
    ) throws(PNGError) -> RGBImage {
        let type = header.colourType
        if type == .palette && palette == nil {
            throw PNGError(.malformed, "a palette image without a PLTE chunk")
        }
        var filtered = try Inflate.zlib(
            compressed, limit: header.filteredBytes, name: "the IDAT data",
            verifiesChecksum: verifiesChecksums)
        guard filtered.count == header.filteredBytes else {
            let rows = filtered.count / (header.rowBytes + 1)
            throw PNGError(
                .corruptData,
                "the IDAT data holds \(filtered.count) bytes, \(rows) of the image's "
                    + "\(header.height) rows; a \(header.width)×\(header.height) \(type.name) "
                    + "image needs \(header.filteredBytes)")
        }
        try Self.unfilter(&filtered, header)
        return try Self.convert(filtered, header, palette ?? [], transparency)
    }

    /// Undoes the row filters in place (PNG specification, section 9): each row's first
    /// byte names its filter, applied to bytes `bpp` apart (one pixel).
    private static func unfilter(_ data: inout [UInt8], _ header: PNGHeader) throws(PNGError) {
        let stride = header.rowBytes + 1
        let bpp = header.colourType.channels
        for row in 0..<header.height {
            let start = row * stride + 1
            let previous = start - stride  // the row above's first sample (row > 0)
            let filter = data[start - 1]
            switch filter {
            case 0: break
            case 1:
                for i in bpp..<header.rowBytes { data[start + i] &+= data[start + i - bpp] }
            case 2:
                guard row > 0 else { break }
                for i in 0..<header.rowBytes { data[start + i] &+= data[previous + i] }
            case 3:
                for i in 0..<header.rowBytes {
                    let left = i >= bpp ? Int(data[start + i - bpp]) : 0
                    let up = row > 0 ? Int(data[previous + i]) : 0
                    data[start + i] &+= UInt8((left + up) / 2)
                }
            case 4:
                for i in 0..<header.rowBytes {
                    let left = i >= bpp ? Int(data[start + i - bpp]) : 0
                    let up = row > 0 ? Int(data[previous + i]) : 0
                    let upLeft = i >= bpp && row > 0 ? Int(data[previous + i - bpp]) : 0
                    data[start + i] &+= UInt8(paeth(left, up, upLeft))
                }
            default:
                throw PNGError(
                    .malformed, "row \(row) has filter type \(filter); PNG's are 0 to 4")
            }
        }
    }

    /// The Paeth predictor: whichever of left, up and upper-left is closest to
    /// left + up − upper-left, ties in that order.
    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// RGB pixels from the unfiltered rows: grey is copied to all three channels, a
    /// palette index looked up, and alpha composited on white.
    private static func convert(
        _ data: [UInt8], _ header: PNGHeader, _ palette: [RGB],
        _ transparency: ArraySlice<UInt8>?
    ) throws(PNGError) -> RGBImage {
        let (width, height) = (header.width, header.height)
        let type = header.colourType
        let channels = type.channels
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        // tRNS: one alpha per palette entry, or the one grey / RGB colour that is fully
        // transparent (16-bit values; an 8-bit image uses their low bytes).
        let alphas = type == .palette ? Array(transparency ?? []) : []
        let key: [Int]? = transparency.flatMap { t -> [Int]? in
            let words = stride(from: t.startIndex, to: t.endIndex - 1, by: 2).map {
                Int(t[$0]) << 8 | Int(t[$0 + 1])
            }
            switch type {
            case .grey where words.count == 1: return [words[0], words[0], words[0]]
            case .rgb where words.count == 3: return words
            default: return nil
            }
        }
        for y in 0..<height {
            let rowStart = y * (header.rowBytes + 1) + 1
            for x in 0..<width {
                let s = rowStart + x * channels
                var (r, g, b, a): (Int, Int, Int, Int)
                switch type {
                case .grey: (r, g, b, a) = (Int(data[s]), Int(data[s]), Int(data[s]), 255)
                case .greyAlpha:
                    (r, g, b, a) = (Int(data[s]), Int(data[s]), Int(data[s]), Int(data[s + 1]))
                case .rgb: (r, g, b, a) = (Int(data[s]), Int(data[s + 1]), Int(data[s + 2]), 255)
                case .rgba:
                    (r, g, b, a) = (
                        Int(data[s]), Int(data[s + 1]), Int(data[s + 2]), Int(data[s + 3])
                    )
                case .palette:
                    let index = Int(data[s])
                    guard index < palette.count else {
                        throw PNGError(
                            .malformed,
                            "pixel (\(x), \(y)) uses palette entry \(index); the palette has "
                                + "\(palette.count)")
                    }
                    let entry = palette[index]
                    (r, g, b) = (Int(entry.red), Int(entry.green), Int(entry.blue))
                    a = index < alphas.count ? Int(alphas[index]) : 255
                }
                if let key, key == [r, g, b] { a = 0 }
                let out = 3 * (y * width + x)
                pixels[out] = composite(r, a)
                pixels[out + 1] = composite(g, a)
                pixels[out + 2] = composite(b, a)
            }
        }
        return RGBImage(checkedWidth: width, height: height, pixels: pixels)
    }

    /// A sample with opacity `alpha` (0...255) over white, rounded.
    private static func composite(_ value: Int, _ alpha: Int) -> UInt8 {
        UInt8((value * alpha + 255 * (255 - alpha) + 127) / 255)
    }
}
