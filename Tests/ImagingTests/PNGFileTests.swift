import Foundation
import Imaging
import XCTest

/// Reading a PNG file: errors name the file.
final class PNGFileTests: XCTestCase {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("png-file-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testAFileIsReadAndItsErrorsNameIt() throws {
        let folder = try folder()
        let image = try PNGRoundTripTests.randomImage(width: 9, height: 4, seed: 1)
        let good = folder.appendingPathComponent("good.png")
        try Data(image.pngData()).write(to: good)
        XCTAssertEqual(try RGBImage(contentsOfPNG: good), image)

        let text = folder.appendingPathComponent("notes.png")
        try Data("not an image".utf8).write(to: text)
        XCTAssertThrowsError(try RGBImage(contentsOfPNG: text)) { error in
            XCTAssertEqual(
                "\(error)",
                "\(text.path): not a PNG file: it does not start with the PNG signature "
                    + "(89 50 4E 47 0D 0A 1A 0A)")
        }
        let missing = folder.appendingPathComponent("missing.png")
        XCTAssertThrowsError(try RGBImage(contentsOfPNG: missing)) { error in
            XCTAssertEqual((error as? PNGError)?.kind, .unreadable)
            XCTAssertTrue(
                "\(error)".hasPrefix("\(missing.path): cannot read the file: "), "\(error)")
        }
        XCTAssertThrowsError(try RGBImage(contentsOfPNG: folder)) { error in
            XCTAssertEqual((error as? PNGError)?.kind, .unreadable, "\(error)")
        }
    }
}
