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

    func testCompressedNPZIsRefusedWithAdvice() throws {
        let archive = try NPZArchive(contentsOf: TestResources.url("compressed.npz"))
        XCTAssertThrowsError(try archive.array(named: "a")) {
            XCTAssertTrue("\($0)".contains("np.savez"), "\($0)")
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
