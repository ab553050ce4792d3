import Imaging
import Tensor
import Training
import XCTest

/// `ShapesScene(caption:)` inverts `ShapesScene.captions` over every scene the data set
/// can make, and names the first word that does not fit otherwise.
final class CaptionParserTests: XCTestCase {
    /// Every scene the data set's generator can produce, at nominal geometry: each single
    /// shape at each position, and each pair side by side or one above the other.
    static var everyScene: [ShapesScene] {
        var shapes: [(ShapeColour, ShapeKind, ShapeSize)] = []
        for colour in ShapeColour.allCases {
            for kind in ShapeKind.allCases {
                for size in ShapeSize.allCases { shapes.append((colour, kind, size)) }
            }
        }
        func object(
            _ shape: (ShapeColour, ShapeKind, ShapeSize), _ position: ShapePosition
        )
            -> ShapeObject
        {
            let centre = position.nominalCenter
            return ShapeObject(
                colour: shape.0, kind: shape.1, size: shape.2, position: position,
                centerX: centre.x, centerY: centre.y, radius: shape.2.radius)
        }
        var scenes: [ShapesScene] = []
        for position in ShapePosition.allCases {
            scenes += shapes.map { ShapesScene(objects: [object($0, position)]) }
        }
        for (first, second) in [(ShapePosition.left, ShapePosition.right), (.top, .bottom)] {
            for a in shapes {
                for b in shapes {
                    scenes.append(ShapesScene(objects: [object(a, first), object(b, second)]))
                }
            }
        }
        return scenes
    }

    func testEveryCaptionOfEveryPossibleSceneParsesBackToItsScene() throws {
        let scenes = Self.everyScene
        XCTAssertEqual(scenes.count, 4 * 60 + 2 * 60 * 60)
        var captions = 0
        for scene in scenes {
            for caption in scene.captions {
                // Nominal geometry: the parsed scene is the scene itself, not just its words.
                XCTAssertEqual(
                    try ShapesScene(captionWords: caption), scene, caption.joined(separator: " "))
                captions += 1
            }
        }
        XCTAssertEqual(captions, 4 * 60 + 2 * 2 * 60 * 60)
    }

    func testTheDataSetsCaptionsParseToTheirScenesAttributes() throws {
        let data = try ShapesDataset(
            configuration: ShapesConfiguration(seed: 3, trainSceneCount: 500, valSceneCount: 0))
        for scene in data.trainScenes {
            for caption in scene.captions {
                let text = caption.joined(separator: " ")
                XCTAssertEqual(try ShapesScene(caption: text).attributes, scene.attributes, text)
            }
        }
        // And the encoded caption rows, decoded back to words.
        let row = Array(data.data.trainCaptions.scalars.prefix(ShapesDataset.captionLength))
        let words = row.map { ShapesDataset.vocabulary[$0] }.filter { !$0.hasPrefix("<") }
        XCTAssertEqual(
            try ShapesScene(captionWords: words).attributes, data.trainScenes[0].attributes)
    }

    func testVariantsNameTheSamePlaces() throws {
        let left = try ShapesScene(caption: "a large red circle left of a small blue square")
        let right = try ShapesScene(caption: "a small blue square right of a large red circle")
        XCTAssertEqual(left, right)
        XCTAssertEqual(left.objects.map(\.position), [.left, .right])
        let above = try ShapesScene(caption: "a small green star above a large yellow triangle")
        let below = try ShapesScene(caption: "a large yellow triangle below a small green star")
        XCTAssertEqual(above, below)
        XCTAssertEqual(above.objects.map(\.kind), [.star, .triangle])
        XCTAssertEqual(
            try ShapesScene(caption: "  A Small RED circle\tat the TOP ").description,
            "a small red circle at the top")
    }

    func testAWordOutsideTheGrammarIsNamedWithWhatWasExpected() {
        let cases: [(String, String)] = [
            ("", "the caption is empty: expected \"a\""),
            ("the red circle", "word 1 of the caption, \"the\", does not fit: expected \"a\""),
            (
                "a huge red circle on the left",
                "word 2 of the caption, \"huge\", does not fit: expected a size (small or large)"
            ),
            (
                "a large crimson circle on the left",
                "word 3 of the caption, \"crimson\", does not fit: expected a colour (red, green, blue, yellow, purple or orange)"
            ),
            (
                "a large red oval on the left",
                "word 4 of the caption, \"oval\", does not fit: expected a shape (circle, square, triangle, star or diamond)"
            ),
            (
                "a large red circle",
                "the caption ends after word 4, \"circle\": expected where the shape is"
            ),
            (
                "a large red circle on the top",
                "word 7 of the caption, \"top\", does not fit: expected \"left\" or \"right\""
            ),
            (
                "a large red circle at the left",
                "word 7 of the caption, \"left\", does not fit: expected \"top\" or \"bottom\""
            ),
            (
                "a large red circle left a small blue square",
                "word 6 of the caption, \"a\", does not fit: expected \"of\""
            ),
            (
                "a large red circle above small blue square",
                "word 6 of the caption, \"small\", does not fit: expected \"a\""
            ),
            (
                "a large red circle on the left of a small blue square",
                "word 8 of the caption, \"of\", does not fit: expected the end of the caption"
            ),
            (
                "a large red circle above a small blue",
                "the caption ends after word 8, \"blue\": expected a shape"
            ),
        ]
        for (caption, message) in cases {
            XCTAssertThrowsError(try ShapesScene(caption: caption), caption) { error in
                let text = String(describing: error)
                XCTAssertTrue(text.hasPrefix(message), "\(caption): \(text)")
            }
        }
    }
}
