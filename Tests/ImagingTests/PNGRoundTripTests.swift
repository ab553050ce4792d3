import Imaging
import Tensor
import Training
import XCTest

/// The writer's files read back as the same image, at sizes that exercise every part of
/// the format: one pixel, odd widths, several stored blocks and several IDAT chunks.
final class PNGRoundTripTests: XCTestCase {
    static func randomImage(width: Int, height: Int, seed: UInt64) throws -> RGBImage {
        var generator = SeededGenerator(seed: seed)
        let pixels = (0..<(width * height * 3)).map { _ in
            UInt8(truncatingIfNeeded: generator.next())
        }
        return try RGBImage(width: width, height: height, pixels: pixels)
    }

    func testRandomImagesOfOddSizesSurviveWritingAndReading() throws {
        // 300 × 250 is 225,250 bytes of rows: four stored blocks; 700 × 500 is over 1 MiB:
        // two IDAT chunks.
        let sizes = [(1, 1), (3, 7), (17, 5), (255, 3), (1, 300), (300, 250), (700, 500)]
        for (index, (width, height)) in sizes.enumerated() {
            let image = try Self.randomImage(width: width, height: height, seed: UInt64(index))
            let png = image.pngData()
            XCTAssertEqual(Array(png.prefix(8)), PNGBuilder.signature)
            XCTAssertEqual(try RGBImage(pngData: png), image, "\(width)×\(height)")
        }
    }

    func testTheWriterSplitsLargeImagesIntoSeveralIDATChunks() throws {
        let png = try Self.randomImage(width: 700, height: 500, seed: 9).pngData()
        let idat = Array("IDAT".utf8)
        let count = (0..<(png.count - 4)).filter { Array(png[$0..<($0 + 4)]) == idat }.count
        XCTAssertGreaterThanOrEqual(count, 2)
    }

    func testRendererImagesSurviveWritingAndReading() throws {
        let scene = try ShapesScene(caption: "a large red circle left of a small blue square")
        let image = ShapesRenderer(size: 64, seed: 3).render(scene, noiseSeed: 4)
        XCTAssertEqual(try RGBImage(pngData: image.pngData()), image)
    }
}
