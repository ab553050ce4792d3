import Imaging
import XCTest

/// Every kind of malformed PNG is refused with a `PNGError` of the right kind whose
/// message names what is wrong; nothing traps.
final class MalformedPNGTests: XCTestCase {
    typealias B = PNGBuilder

    /// A valid 2 × 1 RGB file (one stored block).
    let small = B.file(
        header: B.header(width: 2, height: 1), idat: B.zlibStored([0, 1, 2, 3, 4, 5, 6]))

    /// Asserts that `bytes` is refused with `kind` and a message containing `fragment`.
    func assertRefused(
        _ bytes: [UInt8], _ kind: PNGError.Kind, _ fragment: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let image = try RGBImage(pngData: bytes)
            XCTFail("accepted a \(image.width)×\(image.height) image", file: file, line: line)
        } catch {
            XCTAssertEqual(error.kind, kind, error.description, file: file, line: line)
            XCTAssertTrue(
                error.description.contains(fragment),
                "\"\(error.description)\" does not contain \"\(fragment)\"", file: file,
                line: line)
        }
    }

    func testTheSmallFileIsValid() throws {
        let image = try RGBImage(pngData: small)
        XCTAssertEqual(image.pixels, [1, 2, 3, 4, 5, 6])
    }

    func testTruncationAtEveryByteIsRefusedAsTruncated() throws {
        for files in [small, try IndependentPNGTests.resource("rgb-pattern.png")] {
            for length in 0..<files.count {
                do {
                    _ = try RGBImage(pngData: Array(files.prefix(length)))
                    XCTFail("accepted the first \(length) of \(files.count) bytes")
                } catch {
                    XCTAssertEqual(error.kind, .truncated, "\(length) bytes: \(error)")
                }
            }
        }
    }

    func testNotAPNG() {
        assertRefused(
            [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46], .notPNG, "signature")
        assertRefused(Array("hello".utf8), .notPNG, "signature")
    }

    func testABadChunkCRCNamesTheChunk() {
        var damaged = small
        damaged[16] ^= 1  // the width's first byte, inside IHDR
        assertRefused(damaged, .badChecksum, "IHDR")
        var idat = small
        idat[idat.count - 20] ^= 0x40  // inside the IDAT data
        assertRefused(idat, .badChecksum, "IDAT")
    }

    func testHeaderValues() {
        let data = B.zlibStored([0, 1, 2, 3, 4, 5, 6])
        let cases: [([UInt8], PNGError.Kind, String)] = [
            (B.header(width: 2, height: 1, depth: 16), .unsupported, "16 bits"),
            (B.header(width: 2, height: 1, depth: 7), .malformed, "bit depth 7"),
            (B.header(width: 2, height: 1, depth: 4, colourType: 3), .unsupported, "4 bits"),
            (B.header(width: 2, height: 1, colourType: 5), .malformed, "colour type 5"),
            (B.header(width: 2, height: 1, interlace: 1), .unsupported, "Adam7"),
            (B.header(width: 2, height: 1, interlace: 2), .malformed, "interlace method 2"),
            (B.header(width: 2, height: 1, compression: 1), .malformed, "compression method 1"),
            (B.header(width: 2, height: 1, filter: 1), .malformed, "filter method 1"),
            (B.header(width: 0, height: 1), .malformed, "0×1"),
            (B.header(width: 1 << 31, height: 1), .malformed, "2^31"),
            (B.header(width: 9000, height: 1), .tooLarge, "8192"),
            (B.header(width: 8192, height: 8192, colourType: 6), .tooLarge, "67108864"),
            (B.header(width: 2, height: 1) + [0], .malformed, "14 bytes, not 13"),
        ]
        for (header, kind, fragment) in cases {
            assertRefused(B.file(header: header, idat: data), kind, fragment)
        }
    }

    func testChunkOrderAndContents() {
        let header = B.chunk("IHDR", B.header(width: 2, height: 1))
        let idat = B.chunk("IDAT", B.zlibStored([0, 1, 2, 3, 4, 5, 6]))
        let end = B.chunk("IEND", [])
        assertRefused(B.signature + idat + header + end, .malformed, "first chunk is IDAT")
        assertRefused(B.signature + header + end, .malformed, "no IDAT")
        assertRefused(B.signature + header + idat, .truncated, "no IEND")
        assertRefused(B.signature + header + header + idat + end, .malformed, "second IHDR")
        assertRefused(
            B.signature + header + B.chunk("ABCD", [1]) + idat + end, .unsupported,
            "critical chunk ABCD")
        assertRefused(
            B.signature + header + B.chunk("AB1D", [1]) + idat + end, .malformed,
            "four ASCII letters")
        let split = B.zlibStored([0, 1, 2, 3, 4, 5, 6])
        assertRefused(
            B.signature + header + B.chunk("IDAT", Array(split.prefix(4)))
                + B.chunk("tEXt", Array("a\u{0}b".utf8))
                + B.chunk("IDAT", Array(split.dropFirst(4)))
                + end, .malformed, "not consecutive")
        // An unknown ancillary chunk is skipped.
        XCTAssertNoThrow(
            try RGBImage(pngData: B.signature + header + B.chunk("abCd", [9]) + idat + end))
        // A declared length past the end of the file.
        assertRefused(
            B.signature + header + B.word(1000) + Array("IDAT".utf8) + [1, 2, 3],
            .truncated, "inside the IDAT chunk")
    }

    func testPalettes() {
        let header = B.header(width: 2, height: 1, colourType: 3)
        let pixels = B.zlibStored([0, 0, 3])
        assertRefused(B.file(header: header, idat: pixels), .malformed, "without a PLTE")
        assertRefused(
            B.file(header: header, before: [B.chunk("PLTE", [1, 2, 3, 4])], idat: pixels),
            .malformed, "PLTE chunk has 4 bytes")
        assertRefused(
            B.file(header: header, before: [B.chunk("PLTE", [1, 2, 3, 4, 5, 6])], idat: pixels),
            .malformed, "palette entry 3; the palette has 2")
    }

    func testImageData() {
        let header = B.header(width: 2, height: 1)
        let cases: [([UInt8], PNGError.Kind, String)] = [
            (B.zlibStored([5, 1, 2, 3, 4, 5, 6]), .malformed, "filter type 5"),
            (B.zlibStored([0, 1, 2, 3, 4, 5]), .corruptData, "holds 6 bytes"),
            (B.zlibStored([0, 1, 2, 3, 4, 5, 6, 7]), .malformed, "more than the 7 bytes"),
            (B.zlibStored([0, 1, 2, 3, 4, 5, 6], adler: 7), .corruptData, "Adler-32"),
            (
                [0x77, 0x01] + Array(B.zlibStored([0, 1, 2, 3, 4, 5, 6]).dropFirst(2)),
                .corruptData, "method 7"
            ),
            (
                [0x78, 0x02] + Array(B.zlibStored([0, 1, 2, 3, 4, 5, 6]).dropFirst(2)),
                .corruptData, "multiple of 31"
            ),
            // 0x7820 is a multiple of 31 with the dictionary bit (0x20) set.
            ([0x78, 0x20] + Array(B.zlibStored([0]).dropFirst(2)), .corruptData, "dictionary"),
            ([0x88, 0x01], .corruptData, "window"),
            ([0x78], .truncated, "zlib header"),
            ([0x78, 0x01, 0x01, 7, 0, 7, 0], .corruptData, "does not match its complement"),
            ([0x78, 0x01, 0x07], .corruptData, "type 3"),
            (Array(B.zlibStored([0, 1, 2, 3, 4, 5, 6]).dropLast(2)), .truncated, "Adler-32"),
        ]
        for (idat, kind, fragment) in cases {
            assertRefused(B.file(header: header, idat: idat), kind, fragment)
        }
    }

    /// Hand-packed Huffman blocks that break deflate's rules.
    func testHuffmanBlocks() {
        let header = B.header(width: 2, height: 1)
        // Fixed codes: length 3 (symbol 257, code 0000001) at distance 1 (code 00000),
        // with nothing before it to copy.
        var tooFar = BitWriter()
        tooFar.value(1, bits: 1)
        tooFar.value(1, bits: 2)
        tooFar.code(1, length: 7)
        tooFar.code(0, length: 5)
        assertRefused(B.file(header: header, idat: B.zlib(tooFar)), .corruptData, "1 bytes back")
        // Fixed codes: distance symbol 30, which does not exist, after one literal.
        var badDistance = BitWriter()
        badDistance.value(1, bits: 1)
        badDistance.value(1, bits: 2)
        badDistance.code(0x30, length: 8)  // literal 0
        badDistance.code(1, length: 7)
        badDistance.code(30, length: 5)
        assertRefused(
            B.file(header: header, idat: B.zlib(badDistance)), .corruptData, "distance symbol 30")
        // Fixed codes: length symbol 286 (code 11000110), which does not exist.
        var badLength = BitWriter()
        badLength.value(1, bits: 1)
        badLength.value(1, bits: 2)
        badLength.code(0xC6, length: 8)
        assertRefused(
            B.file(header: header, idat: B.zlib(badLength)), .corruptData, "length symbol 286")
        // Dynamic: four code-length codes (for 16, 17, 18, 0) all of length 1: more codes
        // than a prefix code can have.
        var overSubscribed = BitWriter()
        overSubscribed.value(1, bits: 1)
        overSubscribed.value(2, bits: 2)
        overSubscribed.value(0, bits: 5)
        overSubscribed.value(0, bits: 5)
        overSubscribed.value(0, bits: 4)
        for _ in 0..<4 { overSubscribed.value(1, bits: 3) }
        assertRefused(
            B.file(header: header, idat: B.zlib(overSubscribed)), .corruptData, "code length code")
        // Dynamic: 30 distance codes declared is fine, 31 is not.
        var tooManyDistances = BitWriter()
        tooManyDistances.value(1, bits: 1)
        tooManyDistances.value(2, bits: 2)
        tooManyDistances.value(0, bits: 5)
        tooManyDistances.value(30, bits: 5)
        tooManyDistances.value(0, bits: 4)
        assertRefused(
            B.file(header: header, idat: B.zlib(tooManyDistances)), .corruptData, "31 distance")
        // Dynamic: a code length code of two 1-bit codes (for 16 and 0), then 16 ("repeat
        // the previous length") first, when there is none.
        var repeatFirst = BitWriter()
        repeatFirst.value(1, bits: 1)
        repeatFirst.value(2, bits: 2)
        repeatFirst.value(0, bits: 5)
        repeatFirst.value(0, bits: 5)
        repeatFirst.value(0, bits: 4)
        for length in [1, 0, 0, 1] { repeatFirst.value(length, bits: 3) }  // 16, 17, 18, 0
        repeatFirst.code(1, length: 1)  // 16: canonical order gives 0 the code 0, 16 the code 1
        assertRefused(
            B.file(header: header, idat: B.zlib(repeatFirst)), .corruptData, "before giving one")
    }

    /// The fuzzer's reading skips the checksums, and only them.
    func testReadingWithoutChecksumsIgnoresOnlyTheChecksums() throws {
        var damaged = B.file(
            header: B.header(width: 2, height: 1),
            idat: B.zlibStored([0, 1, 2, 3, 4, 5, 6], adler: 7))
        damaged[29] ^= 0xFF  // the IHDR chunk's CRC
        assertRefused(damaged, .badChecksum, "IHDR")
        let image = try RGBImage(pngData: damaged, verifyingChecksums: false)
        XCTAssertEqual(image.pixels, [1, 2, 3, 4, 5, 6])
        XCTAssertThrowsError(try RGBImage(pngData: damaged, verifyingChecksums: true))
        XCTAssertThrowsError(
            try RGBImage(pngData: Array(damaged.dropLast()), verifyingChecksums: false))
    }

    func testFileNamesAppearInMessages() {
        let error = PNGError(.notPNG, "it does not start with the PNG signature").inFile("x.png")
        XCTAssertEqual(
            error.description, "x.png: not a PNG file: it does not start with the PNG signature")
    }
}
