import Foundation
import XCTest

@testable import Showcase

final class NumPyReaderTests: XCTestCase {
    func read(_ name: String) throws -> NumPyArray {
        try NPYReader.read(contentsOf: TestResources.url(name))
    }

    func testFloat32Matrix() throws {
        let a = try read("float32_2x3.npy")
        XCTAssertEqual(a.dtype, .float32)
        XCTAssertEqual(a.shape, [2, 3])
        XCTAssertEqual(a.floats(), [1.5, -2.25, 3.0, 0.0, 1e-3, -7.125])
    }

    func testFloat64() throws {
        let a = try read("float64_3.npy")
        XCTAssertEqual(a.dtype, .float64)
        XCTAssertEqual(a.doubles(), [0.1, -2.5, 1e300])
    }

    func testIntegers() throws {
        let a = try read("int32_2x2.npy")
        XCTAssertEqual(a.shape, [2, 2])
        XCTAssertEqual(try a.integers(file: "x"), [1, -2, 2_147_483_647, -2_147_483_648])
        let b = try read("int64_4.npy")
        XCTAssertEqual(b.dtype, .int64)
        XCTAssertEqual(try b.integers(file: "x"), [0, -1, 1 << 40, -(1 << 40)])
        XCTAssertThrowsError(try read("float64_3.npy").integers(file: "f.npy"))
    }

    func testBool() throws {
        let a = try read("bool_5.npy")
        XCTAssertEqual(a.dtype, .bool)
        XCTAssertEqual(a.booleans(), [true, false, true, true, false])
    }

    func testZeroDimensional() throws {
        let a = try read("scalar_0d.npy")
        XCTAssertEqual(a.shape, [])
        XCTAssertEqual(a.count, 1)
        XCTAssertEqual(a.doubles(), [3.5])
    }

    func testThreeDimensional() throws {
        let a = try read("float32_2x3x4.npy")
        XCTAssertEqual(a.shape, [2, 3, 4])
        XCTAssertEqual(a.floats(), (0..<24).map { Float($0) / 4 })
    }

    func testVersion2() throws {
        let bytes = try TestResources.data("version2_int32.npy")
        XCTAssertEqual(bytes[6], 2, "the file really is format 2.0")
        XCTAssertEqual(try read("version2_int32.npy").integers(file: "x"), [7, 8, 9])
    }

    func testFortranOrderIsRefused() {
        XCTAssertThrowsError(try read("fortran_2x3.npy")) { error in
            XCTAssertTrue("\(error)".contains("fortran_order"), "\(error)")
            XCTAssertTrue("\(error)".contains("fortran_2x3.npy"), "\(error)")
        }
    }

    func testTruncatedAndCorruptFilesAreRefused() throws {
        let bytes = try TestResources.data("float32_2x3.npy")
        XCTAssertThrowsError(try NPYReader.parse(bytes.prefix(bytes.count - 3), file: "cut.npy")) {
            XCTAssertTrue("\($0)".contains("cut.npy") && "\($0)".contains("truncated"), "\($0)")
        }
        XCTAssertThrowsError(try NPYReader.parse(bytes.prefix(20), file: "cut.npy"))
        var wrongMagic = bytes
        wrongMagic[1] = 0x41
        XCTAssertThrowsError(try NPYReader.parse(wrongMagic, file: "bad.npy")) {
            XCTAssertTrue("\($0)".contains("magic"), "\($0)")
        }
        XCTAssertThrowsError(try NPYReader.parse(Data(), file: "empty.npy"))
        XCTAssertThrowsError(try NPYReader.read(contentsOf: URL(fileURLWithPath: "/no/such.npy"))) {
            XCTAssertTrue("\($0)".contains("/no/such.npy"), "\($0)")
        }
    }

    func testNPZArchive() throws {
        let archive = try NPZArchive(contentsOf: TestResources.url("arrays.npz"))
        XCTAssertEqual(archive.names, ["a", "b"])
        XCTAssertEqual(try archive.array(named: "a").floats(), [1, 2])
        let b = try archive.array(named: "b")
        XCTAssertEqual(b.shape, [2, 2])
        XCTAssertEqual(try b.integers(file: "b"), [1, 2, 3, 4])
        XCTAssertThrowsError(try archive.array(named: "c")) {
            XCTAssertTrue("\($0)".contains("\"c\"") && "\($0)".contains("a, b"), "\($0)")
        }
    }

    /// np.savez_compressed archives (deflate, ZIP64) read as np.savez ones do.
    func testCompressedNPZ() throws {
        let zeros = try NPZArchive(contentsOf: TestResources.url("compressed.npz"))
        XCTAssertEqual(try zeros.array(named: "a").floats(), [Float](repeating: 0, count: 10))
        let archive = try NPZArchive(contentsOf: TestResources.url("compressed_arrays.npz"))
        XCTAssertEqual(archive.names, ["a", "b", "c"])
        let a = try archive.array(named: "a")
        XCTAssertEqual(a.shape, [4, 300])
        // The values generate.py wrote: sin(i) * 100 in Float.
        XCTAssertEqual(a.floats(), (0..<1200).map { Float(sin(Double($0)) * 100) })
        XCTAssertEqual(try archive.array(named: "b").integers(file: "b"), Array(-5..<5))
        XCTAssertEqual(try archive.array(named: "c").integers(file: "c"), [1, 0, 0, 1])
    }

    /// A deflated member whose data or declared size is wrong is refused by name, never
    /// decoded past the size the archive claims.
    func testDamagedDeflatedMemberIsRefused() throws {
        let bytes = try TestResources.data("deflated_member.npz")
        let good = try NPZArchive(data: bytes, file: "good.npz")
        XCTAssertEqual(try good.array(named: "a").floats(), (0..<64).map(Float.init))
        // The central directory's uncompressed size, 24 bytes into its entry.
        let entry = try XCTUnwrap(
            (0..<(bytes.count - 4)).first {
                bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 0x01
                    && bytes[$0 + 3] == 0x02
            })
        func claiming(_ change: Int32) -> Data {
            var patched = bytes
            let at = entry + 24
            let size =
                Int32(patched[at]) | Int32(patched[at + 1]) << 8
                | Int32(patched[at + 2]) << 16 | Int32(patched[at + 3]) << 24
            withUnsafeBytes(of: (size + change).littleEndian) { new in
                for k in 0..<4 { patched[at + k] = new[k] }
            }
            return patched
        }
        for (change, words) in [(Int32(8), "inflates to 640 bytes"), (-8, "more than")] {
            let archive = try NPZArchive(data: claiming(change), file: "sized.npz")
            XCTAssertThrowsError(try archive.array(named: "a")) {
                XCTAssertTrue(
                    "\($0)".contains("sized.npz") && "\($0)".contains(words),
                    "size \(change): \($0)")
            }
        }
        var flipped = bytes
        flipped[60] ^= 0x55  // inside the member's deflate data
        let damaged = try NPZArchive(data: flipped, file: "flipped.npz")
        XCTAssertThrowsError(try damaged.array(named: "a")) {
            XCTAssertTrue("\($0)".contains("flipped.npz"), "\($0)")
        }
    }

    func testDamagedNPZIsRefused() throws {
        let bytes = try TestResources.data("arrays.npz")
        XCTAssertThrowsError(try NPZArchive(data: bytes.prefix(bytes.count / 2), file: "half.npz"))
        {
            XCTAssertTrue("\($0)".contains("half.npz"), "\($0)")
        }
        var flipped = bytes
        flipped[100] ^= 0xFF  // inside the first member's data
        let archive = try NPZArchive(data: flipped, file: "flipped.npz")
        XCTAssertThrowsError(try archive.array(named: "a")) {
            XCTAssertTrue("\($0)".contains("flipped.npz"), "\($0)")
        }
    }
}
