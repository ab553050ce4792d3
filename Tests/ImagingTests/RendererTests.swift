import Imaging
import Tensor
import Training
import XCTest

/// The rendered Shapes images: reproducible, noisy, and showing each shape's kind,
/// colour, size and place.
final class RendererTests: XCTestCase {
    func scene(_ caption: String) throws -> ShapesScene { try ShapesScene(caption: caption) }

    func testTheSameSeedsGiveTheSameBytesAndOtherSeedsOtherBytes() throws {
        let scene = try scene("a small green star above a large yellow triangle")
        let renderer = ShapesRenderer(size: 64, seed: 7)
        let image = renderer.render(scene, noiseSeed: 1)
        XCTAssertEqual(renderer.render(scene, noiseSeed: 1), image)
        XCTAssertEqual(ShapesRenderer(size: 64, seed: 7).render(scene, noiseSeed: 1), image)
        XCTAssertNotEqual(renderer.render(scene, noiseSeed: 2).pixels, image.pixels)
        XCTAssertNotEqual(
            ShapesRenderer(size: 64, seed: 8).render(scene, noiseSeed: 1).pixels, image.pixels)
    }

    /// The noise is mild: two noise seeds differ by a few levels on average, not more.
    func testTheNoiseIsMild() throws {
        let scene = try scene("a large red circle on the left")
        let renderer = ShapesRenderer(size: 64, seed: 0)
        let (a, b) = (renderer.render(scene, noiseSeed: 1), renderer.render(scene, noiseSeed: 2))
        let differences = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }
        let mean = Double(differences.reduce(0, +)) / Double(differences.count)
        XCTAssertGreaterThan(mean, 1)
        XCTAssertLessThan(mean, 12)
    }

    /// The pixel at each shape's centre has roughly the shape's colour, for every kind,
    /// colour and size at every position.
    func testEveryShapeShowsItsColourAtItsCentre() throws {
        let renderer = ShapesRenderer(size: 64, seed: 0)
        var noiseSeed: UInt64 = 0
        for kind in ShapeKind.allCases {
            for colour in ShapeColour.allCases {
                for size in ShapeSize.allCases {
                    for side in ["on the left", "on the right", "at the top", "at the bottom"] {
                        let scene = try scene(
                            "a \(size.rawValue) \(colour.rawValue) \(kind.rawValue) \(side)")
                        noiseSeed += 1
                        let image = renderer.render(scene, noiseSeed: noiseSeed)
                        let object = try XCTUnwrap(scene.objects.first)
                        let pixel = image[x: Int(object.centerX * 64), y: Int(object.centerY * 64)]
                        let expected = try XCTUnwrap(RGB(hex: colour.hex))
                        XCTAssertLessThan(
                            distance(pixel, expected), 30, "\(scene.description): \(pixel)")
                        XCTAssertGreaterThan(
                            distance(image[x: 0, y: 0], expected), 60,
                            "the corner of \(scene.description)")
                    }
                }
            }
        }
    }

    /// Each kind covers the area of its outline (the report's SVG shapes): r² times 4
    /// (square), π (circle), 2 (triangle and diamond) and 10 · ½ · 0.45 · sin 36°
    /// (the star's ten triangles), measured from the colours at 256 × 256 pixels; and
    /// no two kinds cover the same pixels.
    func testEachKindCoversItsOwnArea() throws {
        let size = 256
        let renderer = ShapesRenderer(size: size, seed: 0)
        let sin36 = ((10 - 2 * Double(5).squareRoot()) / 16).squareRoot()
        let areas: [ShapeKind: Double] = [
            .square: 4, .circle: Double.pi, .triangle: 2, .diamond: 2, .star: 2.25 * sin36,
        ]
        var masks: [ShapeKind: [Bool]] = [:]
        for kind in ShapeKind.allCases {
            let scene = try scene("a large blue \(kind.rawValue) on the left")
            let image = renderer.render(scene, noiseSeed: 5)
            // The image's own background and paint (both jittered by the noise seed): the
            // mean of the top quarter (far from the shape; many pixels, so the noise averages
            // out), and of the 5 × 5 pixels at the shape's centre.
            func mean(_ points: [(Int, Int)]) -> [Double] {
                let pixels = points.map { image[x: $0.0, y: $0.1] }
                return [\RGB.red, \RGB.green, \RGB.blue].map { channel in
                    pixels.map { Double($0[keyPath: channel]) }.reduce(0, +) / Double(pixels.count)
                }
            }
            let background = mean((0..<(size / 4)).flatMap { y in (0..<size).map { ($0, y) } })
            let centre = (Int(0.25 * Double(size)), size / 2)
            let paint = mean(
                (-2...2).flatMap { dy in (-2...2).map { dx in (centre.0 + dx, centre.1 + dy) } })
            // Each pixel's coverage: how far it lies from the background towards the paint.
            let axis = zip(paint, background).map { $0 - $1 }
            let norm = axis.map { $0 * $0 }.reduce(0, +)
            var covered = 0.0
            var mask: [Bool] = []
            for y in 0..<size {
                for x in 0..<size {
                    let p = image[x: x, y: y]
                    let offset = zip([p.red, p.green, p.blue], background).map { Double($0) - $1 }
                    let coverage = zip(offset, axis).map { $0 * $1 }.reduce(0, +) / norm
                    covered += coverage
                    mask.append(coverage > 0.5)
                }
            }
            let radius = ShapeSize.large.radius * Double(size)
            let expected = try XCTUnwrap(areas[kind]) * radius * radius
            XCTAssertEqual(
                covered / expected, 1, accuracy: 0.02, "\(kind): \(covered) vs \(expected)")
            masks[kind] = mask
        }
        for a in ShapeKind.allCases {
            for b in ShapeKind.allCases where a.rawValue < b.rawValue {
                let differing = zip(masks[a] ?? [], masks[b] ?? []).filter { $0 != $1 }.count
                XCTAssertGreaterThan(differing, 200, "\(a) and \(b) cover nearly the same pixels")
            }
        }
    }

    func testLargeShapesCoverMoreThanSmallOnes() throws {
        let renderer = ShapesRenderer(size: 64, seed: 0)
        func painted(_ caption: String) throws -> Int {
            let image = renderer.render(try scene(caption), noiseSeed: 0)
            return (0..<64).flatMap { y in (0..<64).map { x in image[x: x, y: y] } }
                .filter { distance($0, ShapesRenderer.background) > 60 }.count
        }
        for kind in ShapeKind.allCases {
            let small = try painted("a small red \(kind.rawValue) at the top")
            let large = try painted("a large red \(kind.rawValue) at the top")
            XCTAssertGreaterThan(Double(large), 2 * Double(small), "\(kind)")
        }
    }

    func testTheDataSetsImagesAreItsScenesReproducibly() throws {
        let configuration = ShapesConfiguration(seed: 11, trainSceneCount: 30, valSceneCount: 6)
        let data = try ShapesDataset(configuration: configuration)
        let train = data.renderedImages(split: .train)
        let val = data.renderedImages(split: .val, size: 32)
        XCTAssertEqual(train.count, 30)
        XCTAssertEqual(val.count, 6)
        XCTAssertEqual(val.first?.width, 32)
        XCTAssertEqual(train[7], data.renderedImage(split: .train, index: 7))
        XCTAssertEqual(
            try ShapesDataset(configuration: configuration).renderedImages(split: .train), train)
        XCTAssertNotEqual(
            try ShapesDataset(configuration: ShapesConfiguration(seed: 12, trainSceneCount: 30))
                .renderedImages(split: .train), train)
        // Every shape of every scene shows its colour at its centre.
        for (image, scene) in zip(train, data.trainScenes) {
            for object in scene.objects {
                let pixel = image[x: Int(object.centerX * 64), y: Int(object.centerY * 64)]
                let expected = try XCTUnwrap(RGB(hex: object.colour.hex))
                XCTAssertLessThan(distance(pixel, expected), 30, scene.description)
            }
        }
        // No two scenes share their noise: the same scene at two indices differs.
        let scene = data.trainScenes[0]
        let renderer = data.renderer()
        XCTAssertNotEqual(
            renderer.render(scene, noiseSeed: ShapesDataset.noiseSeed(split: .train, index: 0)),
            renderer.render(scene, noiseSeed: ShapesDataset.noiseSeed(split: .val, index: 0)))
    }

    /// The images as the encoder takes them: (N, 3, H, W), samples / 255.
    func testTheTensorIsChannelsFirstInTheUnitRange() throws {
        let images = try [
            RGBImage(width: 2, height: 1, pixels: [0, 51, 255, 102, 153, 204]),
            RGBImage(width: 2, height: 1, filledWith: RGB(red: 255, green: 0, blue: 0)),
        ]
        let tensor: Tensor<Double> = try RGBImage.tensor(of: images, as: Double.self)
        XCTAssertEqual(tensor.shape, [2, 3, 1, 2])
        XCTAssertEqual(tensor.scalars, [0, 0.4, 0.2, 0.6, 1, 0.8, 1, 1, 0, 0, 0, 0])
        XCTAssertThrowsError(try RGBImage.tensor(of: [RGBImage]()) as Tensor<Float>)
        XCTAssertThrowsError(
            try RGBImage.tensor(of: [
                images[0], try RGBImage(width: 1, height: 2, pixels: [0, 0, 0, 0, 0, 0]),
            ])
                as Tensor<Float>
        ) { error in
            XCTAssertEqual(
                (error as? ImageError)?.description, "image 1 of the batch is 1×2, image 0 is 2×1")
        }
    }

    func testTheCheckingInitialiserRefusesAWrongByteCount() {
        XCTAssertThrowsError(try RGBImage(width: 2, height: 2, pixels: [0, 0, 0])) { error in
            XCTAssertEqual(
                error as? ImageError, .pixelCountMismatch(width: 2, height: 2, byteCount: 3))
            XCTAssertEqual(
                (error as? ImageError)?.description, "a 2×2 RGB image needs 2×2×3 = 12 bytes, got 3"
            )
        }
        XCTAssertThrowsError(try RGBImage(width: 0, height: 2, pixels: []))
        XCTAssertThrowsError(try RGBImage(width: Int.max, height: 2, pixels: []))
    }

    /// The largest per-channel difference.
    func distance(_ a: RGB, _ b: RGB) -> Int {
        max(
            abs(Int(a.red) - Int(b.red)), abs(Int(a.green) - Int(b.green)),
            abs(Int(a.blue) - Int(b.blue)))
    }
}
