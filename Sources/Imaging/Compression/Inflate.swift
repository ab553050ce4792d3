/// Decompresses deflate data (RFC 1951: stored, fixed Huffman and dynamic Huffman blocks),
/// in a zlib stream (RFC 1950, PNG's image data) or raw (a ZIP member of method 8, as
/// `np.savez_compressed` writes them).
///
/// Written here rather than linking the system zlib so the kit needs no C headers on a
/// fresh Linux machine or macOS, and so the decoder is Swift that the fuzzer and the
/// bounds checks cover. It decodes as Mark Adler's small reference inflate "puff" (in
/// zlib's sources) does, canonical codes a bit at a time from per-length counts, which
/// trades speed for a decoder short enough to check by reading; still, a 1500 × 1000
/// RGB image zlib compressed to 0.8 MB (dynamic blocks) is read twice, with the rest
/// of the fuzz target's work, in 0.17 s of CPU (debug build, 2-core AMD EPYC).
///
/// Every malformed stream throws a `PNGError` (`.corruptData`, or `.truncated` when the
/// bytes run out); nothing traps, and the output never grows past `limit` bytes.
package struct Inflate {
    /// The compressed bytes.
    private let input: [UInt8]
    /// The next byte of `input` to load into `bitBuffer`.
    private var position: Int
    /// Bits loaded but not yet used, least significant first (deflate's bit order).
    private var bitBuffer: UInt64 = 0
    /// How many bits of `bitBuffer` are valid.
    private var bitCount = 0
    /// What has been decompressed so far (also the window back-references copy from).
    private var output: [UInt8] = []
    /// The most bytes `output` may hold.
    private let limit: Int
    /// What the error messages call the stream ("the IDAT data").
    private let name: String

    /// The decompressed bytes of the zlib stream `input`, which must decompress to at most
    /// `limit` bytes; its Adler-32 is checked unless `verifiesChecksum` is false (for the
    /// fuzzer). Bytes after the stream's checksum are ignored.
    ///
    /// - Throws: `PNGError` of kind `.corruptData` (a bad header, code, length, distance
    ///   or checksum), `.truncated` (the stream ends early) or `.malformed` (more than
    ///   `limit` bytes), its message naming the stream `name`.
    static func zlib(
        _ input: [UInt8], limit: Int, name: String, verifiesChecksum: Bool = true
    ) throws(PNGError) -> [UInt8] {
        guard input.count >= 2 else {
            throw PNGError(
                .truncated, "\(name) has \(input.count) bytes, fewer than a zlib header's 2")
        }
        let (cmf, flags) = (Int(input[0]), Int(input[1]))
        guard cmf & 0x0F == 8 else {
            throw PNGError(
                .corruptData,
                "\(name) is not deflate data: the zlib header names compression method "
                    + "\(cmf & 0x0F), not 8")
        }
        guard cmf >> 4 <= 7 else {
            throw PNGError(
                .corruptData,
                "\(name)'s zlib header asks for a window of 2^\((cmf >> 4) + 8) bytes, "
                    + "more than deflate's 32 KiB")
        }
        guard (cmf << 8 | flags) % 31 == 0 else {
            throw PNGError(
                .corruptData,
                "\(name)'s zlib header check fails (0x\(String(cmf << 8 | flags, radix: 16)) "
                    + "is not a multiple of 31)")
        }
        guard flags & 0x20 == 0 else {
            throw PNGError(
                .corruptData,
                "\(name)'s zlib header asks for a preset dictionary, which PNG forbids")
        }
        var inflater = Inflate(input: input, position: 2, limit: limit, name: name)
        try inflater.blocks()
        // The checksum starts at the next byte boundary after the last block.
        let end = inflater.position - inflater.bitCount / 8
        guard end + 4 <= input.count else {
            throw PNGError(.truncated, "\(name) ends before its Adler-32 checksum")
        }
        let stored = input[end..<(end + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let computed = Adler32.checksum(inflater.output)
        guard stored == computed || !verifiesChecksum else {
            throw PNGError(
                .corruptData,
                "\(name)'s Adler-32 checksum is 0x\(String(stored, radix: 16)), the "
                    + "decompressed bytes give 0x\(String(computed, radix: 16))")
        }
        return inflater.output
    }

    /// The decompressed bytes of raw deflate data `input` (no zlib header, no checksum: a
    /// ZIP archive's CRC-32 covers the result), which must decompress to at most `limit`
    /// bytes. Bytes after the last block are ignored.
    ///
    /// - Throws: `PNGError` of kind `.corruptData`, `.truncated` or `.malformed`, as
    ///   `zlib`, its message naming the stream `name`.
    package static func deflate(
        _ input: [UInt8], limit: Int, name: String
    ) throws(PNGError) -> [UInt8] {
        var inflater = Inflate(input: input, position: 0, limit: limit, name: name)
        try inflater.blocks()
        return inflater.output
    }

    private init(input: [UInt8], position: Int, limit: Int, name: String) {
        (self.input, self.position, self.limit, self.name) = (input, position, limit, name)
        output.reserveCapacity(min(limit, 1 << 16))
    }

    // MARK: Bits

    /// The next `count` bits (0...16), the first one least significant.
    private mutating func bits(_ count: Int) throws(PNGError) -> Int {
        while bitCount < count {
            guard position < input.count else {
                throw PNGError(.truncated, "\(name) ends in the middle of a deflate block")
            }
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    // MARK: Blocks

    /// Every block up to and including the one marked last.
    private mutating func blocks() throws(PNGError) {
        var index = 0
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored(index)
            case 1: try codes(Self.fixedLengths, Self.fixedDistances, index)
            case 2:
                let (lengths, distances) = try dynamicTables(index)
                try codes(lengths, distances, index)
            default:
                throw PNGError(
                    .corruptData, "\(name): deflate block \(index) has type 3, which does not exist"
                )
            }
            index += 1
        }
    }

    /// A stored block: LEN, its complement NLEN, then LEN bytes, from a byte boundary.
    private mutating func stored(_ index: Int) throws(PNGError) {
        // Drop the bits left in the current byte; whole bytes still buffered are reread.
        position -= bitCount / 8
        (bitBuffer, bitCount) = (0, 0)
        guard position + 4 <= input.count else {
            throw PNGError(.truncated, "\(name) ends in the header of stored block \(index)")
        }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == complement ^ 0xFFFF else {
            throw PNGError(
                .corruptData,
                "\(name): stored block \(index)'s length \(length) does not match its "
                    + "complement \(complement)")
        }
        position += 4
        guard position + length <= input.count else {
            throw PNGError(
                .truncated,
                "\(name) ends inside stored block \(index) (\(length) bytes, "
                    + "\(input.count - position) left)")
        }
        try reserve(length)
        output += input[position..<(position + length)]
        position += length
    }

    /// Fails unless `count` more output bytes stay within the limit.
    private func reserve(_ count: Int) throws(PNGError) {
        guard count <= limit - output.count else {
            throw PNGError(
                .malformed, "\(name) decompresses to more than the \(limit) bytes expected")
        }
    }

    /// The base lengths of length symbols 257...285, and their extra bits.
    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
        115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    /// The base distances of distance symbols 0...29, and their extra bits.
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
        1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ]

    /// The literal/length and distance symbols of one Huffman block, up to symbol 256.
    private mutating func codes(
        _ lengths: HuffmanCode, _ distances: HuffmanCode, _ index: Int
    ) throws(PNGError) {
        while true {
            let symbol = try decode(lengths, index)
            if symbol < 256 {
                try reserve(1)
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthSymbol = symbol - 257
            guard lengthSymbol < Self.lengthBase.count else {
                throw PNGError(
                    .corruptData,
                    "\(name): block \(index) uses length symbol \(symbol), which does not exist")
            }
            let length =
                Self.lengthBase[lengthSymbol] + (try bits(Self.lengthExtra[lengthSymbol]))
            let distanceSymbol = try decode(distances, index)
            guard distanceSymbol < Self.distanceBase.count else {
                throw PNGError(
                    .corruptData,
                    "\(name): block \(index) uses distance symbol \(distanceSymbol), which does not exist"
                )
            }
            let distance =
                Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
            guard distance <= output.count else {
                throw PNGError(
                    .corruptData,
                    "\(name): block \(index) copies from \(distance) bytes back, but only "
                        + "\(output.count) bytes came before")
            }
            try reserve(length)
            // Byte by byte: a copy may overlap what it writes (distance < length).
            let start = output.count - distance
            for offset in 0..<length { output.append(output[start + offset]) }
        }
    }

    /// The next symbol of `code`: bits are added to the code one at a time, most
    /// significant first, until it falls among the codes of the current length.
    private mutating func decode(_ code: HuffmanCode, _ index: Int) throws(PNGError) -> Int {
        var (value, first, symbolIndex) = (0, 0, 0)
        for length in 1...HuffmanCode.maximumLength {
            value |= try bits(1)
            let count = code.counts[length]
            if value - first < count { return code.symbols[symbolIndex + value - first] }
            symbolIndex += count
            first = (first + count) << 1
            value <<= 1
        }
        throw PNGError(
            .corruptData, "\(name): block \(index) holds a bit pattern that is no Huffman code")
    }

    /// The order the code length code's lengths are stored in.
    private static let codeLengthOrder = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ]

    /// A dynamic block's header: the code length code, then with it the literal/length
    /// and distance code lengths.
    private mutating func dynamicTables(
        _ index: Int
    ) throws(PNGError) -> (HuffmanCode, HuffmanCode) {
        let lengthCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard lengthCount <= 286, distanceCount <= 30 else {
            throw PNGError(
                .corruptData,
                "\(name): block \(index) declares \(lengthCount) length and \(distanceCount) "
                    + "distance codes (at most 286 and 30)")
        }
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for position in 0..<codeLengthCount {
            codeLengthLengths[Self.codeLengthOrder[position]] = try bits(3)
        }
        guard let codeLengthCode = HuffmanCode(lengths: codeLengthLengths),
            codeLengthCode.isComplete
        else {
            throw PNGError(
                .corruptData,
                "\(name): block \(index)'s code length code is not a complete prefix code")
        }
        var lengths: [Int] = []
        lengths.reserveCapacity(lengthCount + distanceCount)
        while lengths.count < lengthCount + distanceCount {
            let symbol = try decode(codeLengthCode, index)
            if symbol < 16 {
                lengths.append(symbol)
                continue
            }
            let repeated: Int
            let times: Int
            switch symbol {
            case 16:
                guard let previous = lengths.last else {
                    throw PNGError(
                        .corruptData,
                        "\(name): block \(index) repeats a code length before giving one")
                }
                (repeated, times) = (previous, 3 + (try bits(2)))
            case 17: (repeated, times) = (0, 3 + (try bits(3)))
            default: (repeated, times) = (0, 11 + (try bits(7)))
            }
            guard lengths.count + times <= lengthCount + distanceCount else {
                throw PNGError(
                    .corruptData, "\(name): block \(index) repeats a code length past the last code"
                )
            }
            lengths += repeatElement(repeated, count: times)
        }
        guard lengths[256] != 0 else {
            throw PNGError(.corruptData, "\(name): block \(index) has no code for its end")
        }
        // An incomplete code is allowed only when it has a single code of length 1 (RFC
        // 1951 allows one distance code; zlib accepts the same for lengths).
        let literalLengths = Array(lengths[..<lengthCount])
        let distanceLengths = Array(lengths[lengthCount...])
        guard let literal = HuffmanCode(lengths: literalLengths),
            literal.isComplete || literal.isSingleCode
        else {
            throw PNGError(
                .corruptData,
                "\(name): block \(index)'s literal/length code lengths are not a valid prefix code")
        }
        guard let distance = HuffmanCode(lengths: distanceLengths),
            distance.isComplete || distance.isSingleCode || distance.isEmpty
        else {
            throw PNGError(
                .corruptData,
                "\(name): block \(index)'s distance code lengths are not a valid prefix code")
        }
        return (literal, distance)
    }

    /// The fixed literal/length code (RFC 1951, 3.2.6): 0-143 eight bits, 144-255 nine,
    /// 256-279 seven, 280-287 eight.
    private static let fixedLengths = HuffmanCode(
        complete: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
            + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8))
    /// The fixed distance code: 30 five-bit codes (and two unused ones).
    private static let fixedDistances = HuffmanCode(complete: Array(repeating: 5, count: 32))
}

/// A canonical Huffman code, by how many codes each length has and the symbols in code
/// order (the form a bit-at-a-time decoder walks).
struct HuffmanCode: Sendable {
    /// Deflate's longest code.
    static let maximumLength = 15
    /// `counts[l]`: the number of codes of length l (`counts[0]`: unused symbols).
    let counts: [Int]
    /// The symbols with codes, ordered by code length, then by symbol.
    let symbols: [Int]
    /// The code space left unused, in units of the longest code (0 when complete).
    private let unused: Int

    /// The code with these lengths per symbol (0: no code), or nil if a length is outside
    /// 0...15 or the lengths claim more codes than exist (over-subscribed).
    init?(lengths: [Int]) {
        var counts = [Int](repeating: 0, count: Self.maximumLength + 1)
        for length in lengths {
            guard (0...Self.maximumLength).contains(length) else { return nil }
            counts[length] += 1
        }
        var left = 1
        for length in 1...Self.maximumLength {
            left = left << 1 - counts[length]
            if left < 0 { return nil }
        }
        var offsets = [Int](repeating: 0, count: Self.maximumLength + 1)
        for length in 1..<Self.maximumLength {
            offsets[length + 1] = offsets[length] + counts[length]
        }
        var symbols = [Int](repeating: 0, count: lengths.count - counts[0])
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
        (self.counts, self.symbols, self.unused) = (counts, symbols, left)
    }

    /// The code of lengths known to be valid (the fixed codes).
    init(complete lengths: [Int]) {
        // The fixed codes are complete by construction (RFC 1951, 3.2.6).
        guard let code = HuffmanCode(lengths: lengths) else {
            preconditionFailure("the fixed Huffman code lengths are invalid")
        }
        self = code
    }

    /// Whether every bit pattern is some code's prefix.
    var isComplete: Bool { unused == 0 }
    /// Whether the code has exactly one symbol, of length 1.
    var isSingleCode: Bool { symbols.count == 1 && counts[1] == 1 }
    /// Whether no symbol has a code.
    var isEmpty: Bool { symbols.isEmpty }
}
