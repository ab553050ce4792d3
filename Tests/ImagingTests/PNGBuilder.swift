import Imaging

/// Builds PNG files chunk by chunk for the malformed-input tests: any header values,
/// any IDAT bytes, chunks in any order, each with a correct CRC unless told otherwise.
struct PNGBuilder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// One chunk with its length and CRC.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return word(UInt32(data.count)) + body + word(CRC32.checksum(body))
    }

    /// Big-endian.
    static func word(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// IHDR's 13 bytes.
    static func header(
        width: UInt32, height: UInt32, depth: UInt8 = 8, colourType: UInt8 = 2,
        compression: UInt8 = 0, filter: UInt8 = 0, interlace: UInt8 = 0
    ) -> [UInt8] {
        word(width) + word(height) + [depth, colourType, compression, filter, interlace]
    }

    /// A whole file: signature, IHDR, the extra chunks, one IDAT of `idat`, IEND.
    static func file(
        header: [UInt8], before: [[UInt8]] = [], idat: [UInt8]
    ) -> [UInt8] {
        signature + chunk("IHDR", header) + before.flatMap { $0 } + chunk("IDAT", idat)
            + chunk("IEND", [])
    }

    /// A zlib stream of stored blocks holding `bytes`, with its Adler-32 (or `adler`).
    static func zlibStored(_ bytes: [UInt8], adler: UInt32? = nil) -> [UInt8] {
        let length = UInt16(bytes.count)
        return [
            0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8),
            UInt8(~length & 0xFF), UInt8(~length >> 8),
        ] + bytes
            + word(adler ?? Adler32.checksum(bytes))
    }

    /// A zlib stream whose deflate data is `bits` (least significant bit first, as
    /// deflate packs them), padded to a byte, then `adler`.
    static func zlib(_ writer: BitWriter, adler: UInt32 = 1) -> [UInt8] {
        [0x78, 0x01] + writer.bytes + word(adler)
    }
}

/// Packs deflate's bit fields: values least significant bit first, Huffman codes most
/// significant bit first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var used = 8

    mutating func value(_ value: Int, bits: Int) {
        for bit in 0..<bits { append((value >> bit) & 1) }
    }

    mutating func code(_ code: Int, length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) { append((code >> bit) & 1) }
    }

    private mutating func append(_ bit: Int) {
        if used == 8 {
            bytes.append(0)
            used = 0
        }
        bytes[bytes.count - 1] |= UInt8(bit) << UInt8(used)
        used += 1
    }
}
