extension RGBImage {
    /// The largest IDAT chunk the writer makes: a bound on every chunk's length field, far
    /// below PNG's 2³¹ − 1 (large images are split over several IDAT chunks).
    static let pngChunkLimit = 1 << 20

    /// The image as a PNG file: 8-bit RGB, not interlaced, every row with filter 0 (none),
    /// in a zlib stream of stored (uncompressed) deflate blocks of at most 65,535 bytes.
    ///
    /// No compression keeps the writer small and obviously right; a 64 × 64 scene is
    /// 12 KiB either way. Any PNG reader opens the result.
    public func pngData() -> [UInt8] {
        var header = PNGFormat.bigEndian(UInt32(width)) + PNGFormat.bigEndian(UInt32(height))
        // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        header += [8, 2, 0, 0, 0]
        let rowBytes = 3 * width
        var filtered: [UInt8] = []
        filtered.reserveCapacity(height * (rowBytes + 1))
        for y in 0..<height {
            filtered.append(0)
            filtered += pixels[(y * rowBytes)..<((y + 1) * rowBytes)]
        }
        let stream = Self.zlibStored(filtered)
        var file = PNGFormat.signature + PNGFormat.chunk("IHDR", header)
        var start = 0
        while start < stream.count {
            let end = min(start + Self.pngChunkLimit, stream.count)
            file += PNGFormat.chunk("IDAT", Array(stream[start..<end]))
            start = end
        }
        return file + PNGFormat.chunk("IEND", [])
    }

    /// A zlib stream (RFC 1950) of `bytes` in stored deflate blocks (RFC 1951, BTYPE 00).
    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        // CMF 0x78: deflate, 32 KiB window; FLG 0x01: no dictionary, fastest level, and
        // 0x7801 is a multiple of 31 as the header check requires.
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(bytes.count + bytes.count / 65_535 * 5 + 16)
        var start = 0
        repeat {
            let end = min(start + 65_535, bytes.count)
            let length = UInt16(end - start)
            stream.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE 00
            stream += [
                UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8),
                UInt8(truncatingIfNeeded: ~length), UInt8(truncatingIfNeeded: ~length >> 8),
            ]
            stream += bytes[start..<end]
            start = end
        } while start < bytes.count
        return stream + PNGFormat.bigEndian(Adler32.checksum(bytes))
    }
}
