import Foundation
import Grading
import XCTest

/// The grader's SHA-256 against the FIPS 180-2 examples (the same digests `sha256sum`
/// prints), plus the lengths where padding spills into a second block.
final class SHA256Tests: XCTestCase {
    func testFIPSExamples() {
        XCTAssertEqual(
            SHA256.hexDigest(of: Data()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            SHA256.hexDigest(of: Array("abc".utf8)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hexDigest(
                of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testOneMillionA() {
        XCTAssertEqual(
            SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// 55 bytes still fit the length in one block; 56 and 64 need a second one.
    func testPaddingBoundaries() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (count, digest) in expected {
            XCTAssertEqual(
                SHA256.hexDigest(of: Data(repeating: UInt8(ascii: "a"), count: count)),
                digest, "\(count) bytes")
        }
    }

    /// A `Data` slice does not start at index 0; its digest is that of its own bytes.
    func testDataSlice() {
        let data = Data("xxabc".utf8).dropFirst(2)
        XCTAssertEqual(
            SHA256.hexDigest(of: data),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.digest(of: data).count, 32)
    }
}
