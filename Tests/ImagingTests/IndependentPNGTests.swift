import Foundation
import Imaging
import XCTest

/// The reader against PNG files made by another encoder: Python's zlib and struct
/// (Resources/make-pngs.py, which says how each file was made), covering every colour
/// type the reader takes, all five row filters (and the Paeth predictor's ties), stored, fixed-Huffman and
/// dynamic-Huffman deflate blocks, image data split over two IDAT chunks, an ancillary
/// chunk to skip, and transparency from an alpha channel and from a tRNS chunk.
final class IndependentPNGTests: XCTestCase {
    /// The sizes of the resource files, as make-pngs.py writes them.
    static let files: [(name: String, width: Int, height: Int)] = [
        ("rgb-filters", 5, 5), ("rgb-pattern", 40, 30), ("grey-paeth", 16, 16), ("grey", 7, 3),
        ("grey-alpha", 3, 4), ("rgba", 4, 3), ("palette", 6, 2),
    ]

    static func resource(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources"),
            "missing resource \(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    func testEveryFileDecodesToThePixelsItsEncoderWrote() throws {
        for file in Self.files {
            let image = try RGBImage(pngData: Self.resource(file.name + ".png"))
            let expected = try Self.resource(file.name + ".rgb")
            XCTAssertEqual(image.width, file.width, file.name)
            XCTAssertEqual(image.height, file.height, file.name)
            XCTAssertEqual(image.pixels, expected, file.name)
        }
    }
}
