import Foundation
import Imaging
import XCTest

/// CRC-32 and Adler-32 against their published check values, through every kind of
/// collection the callers pass (arrays, slices, Data, and one without contiguous storage).
final class ChecksumTests: XCTestCase {
    func testCRC32MatchesTheCheckValueWhateverTheCollection() {
        let bytes = Array("123456789".utf8)
        XCTAssertEqual(CRC32.checksum(bytes), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(Array("xx123456789".utf8).dropFirst(2)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(Data(bytes)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(bytes.lazy.map { $0 }), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }

    func testAdler32MatchesItsKnownValues() {
        XCTAssertEqual(Adler32.checksum(Array("Wikipedia".utf8)), 0x11E6_0398)
        XCTAssertEqual(Adler32.checksum([]), 1)
        // Long enough for the sums to be reduced modulo 65521 several times.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        var (a, b): (UInt64, UInt64) = (1, 0)
        for byte in long {
            a = (a + UInt64(byte)) % 65521
            b = (b + a) % 65521
        }
        XCTAssertEqual(Adler32.checksum(long), UInt32(b << 16 | a))
    }
}
