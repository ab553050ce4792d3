import Imaging
import Training
import XCTest

/// Area-averaging resize: sizes, means and exact small cases.
final class ResizeTests: XCTestCase {
    func testShrinkingAndGrowingKeepTheMeanColour() throws {
        let scene = try ShapesScene(caption: "a large red circle left of a small blue square")
        let image = ShapesRenderer(size: 64, seed: 0).render(scene, noiseSeed: 0)
        let random = try PNGRoundTripTests.randomImage(width: 5, height: 7, seed: 2)
        for (source, size) in [(image, 17), (image, 32), (image, 100), (random, 13), (random, 3)] {
            let resized = source.resized(to: size)
            XCTAssertEqual(resized.width, size)
            XCTAssertEqual(resized.height, size)
            let (before, after) = (source.meanColour, resized.meanColour)
            // Rounding each new pixel moves the mean by at most half a level.
            XCTAssertEqual(after.red, before.red, accuracy: 0.5, "\(source.width) → \(size)")
            XCTAssertEqual(after.green, before.green, accuracy: 0.5, "\(source.width) → \(size)")
            XCTAssertEqual(after.blue, before.blue, accuracy: 0.5, "\(source.width) → \(size)")
        }
    }

    func testExactSmallCases() throws {
        let image = try RGBImage(
            width: 2, height: 2, pixels: [0, 0, 0, 100, 0, 0, 0, 200, 0, 0, 0, 40])
        XCTAssertEqual(image.resized(to: 1).pixels, [25, 50, 10])
        XCTAssertEqual(image.resized(to: 2), image)
        // Doubling repeats each pixel in a 2 × 2 block.
        let doubled = image.resized(to: 4)
        XCTAssertEqual(doubled[x: 1, y: 1], image[x: 0, y: 0])
        XCTAssertEqual(doubled[x: 2, y: 0], image[x: 1, y: 0])
        XCTAssertEqual(doubled[x: 3, y: 3], image[x: 1, y: 1])
        // A 3-pixel row shrunk to 2: each new pixel is 2/3 of one old pixel, 1/3 of the next.
        let row = try RGBImage(width: 3, height: 1, pixels: [30, 0, 0, 60, 0, 0, 90, 0, 0])
        XCTAssertEqual(row.resized(width: 2, height: 1).pixels, [40, 0, 0, 80, 0, 0])
    }

    func testAConstantImageStaysConstant() throws {
        let colour = RGB(red: 12, green: 200, blue: 77)
        let image = try RGBImage(width: 37, height: 23, filledWith: colour)
        for size in [1, 5, 64, 90] {
            XCTAssertEqual(
                image.resized(to: size), try RGBImage(width: size, height: size, filledWith: colour)
            )
        }
    }
}
