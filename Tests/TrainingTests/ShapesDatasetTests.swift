import Tensor
import Training
import XCTest

/// Squared Euclidean distances between the rows of a `(M, D)` and b `(K, D)`: `(M, K)`.
func squaredDistances(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double> {
    let aa = a.squared().sum(alongAxes: 1, keepingAxes: true)  // (M, 1)
    let bb = b.squared().sum(alongAxes: 1).reshaped(1, b.shape[0])  // (1, K)
    return aa + bb - 2 * a.matmulTransposed(b)
}

final class ShapesDatasetTests: XCTestCase {
    func testVocabularyLayout() {
        let vocab = ShapesDataset.vocabulary
        XCTAssertEqual(Array(vocab.prefix(4)), ["<NULL>", "<START>", "<END>", "<UNK>"])
        XCTAssertEqual(Set(vocab).count, vocab.count)
        for (i, word) in vocab.enumerated() { XCTAssertEqual(ShapesDataset.wordToIdx[word], i) }
    }

    func testDeterministicFromSeed() throws {
        let config = ShapesConfiguration(
            seed: 5, trainSceneCount: 50, valSceneCount: 10,
            featureDim: 32)
        let a = try ShapesDataset(configuration: config)
        let b = try ShapesDataset(configuration: config)
        XCTAssertEqual(a.trainScenes, b.trainScenes)
        XCTAssertEqual(a.valScenes, b.valScenes)
        XCTAssertEqual(a.data.trainFeatures, b.data.trainFeatures)
        XCTAssertEqual(a.data.trainCaptions, b.data.trainCaptions)
        XCTAssertEqual(a.data.valFeatures, b.data.valFeatures)
        XCTAssertEqual(a.data.valImageIdxs, b.data.valImageIdxs)

        var other = config
        other.seed = 6
        let c = try ShapesDataset(configuration: other)
        XCTAssertNotEqual(a.trainScenes, c.trainScenes)
        XCTAssertNotEqual(a.data.trainFeatures, c.data.trainFeatures)
    }

    func testShapesAndSizes() throws {
        let set = try ShapesDataset(configuration: .init(seed: 1))
        let data = set.data
        XCTAssertEqual(set.trainScenes.count, 2000)
        XCTAssertEqual(set.valScenes.count, 200)
        XCTAssertEqual(data.trainFeatures.shape, [2000, 512])
        XCTAssertEqual(data.valFeatures.shape, [200, 512])
        XCTAssertEqual(data.trainCaptions.shape[1], 17)
        XCTAssertEqual(data.trainCaptions.shape[0], data.trainImageIdxs.shape[0])
        XCTAssertEqual(data.valCaptions.shape[0], data.valImageIdxs.shape[0])
        // One caption per scene by default; with variants, two per pair scene (about half).
        XCTAssertEqual(data.trainCaptions.shape[0], 2000)
        XCTAssertEqual(data.trainImageIdxs.scalars, Array(0..<2000))
        let variants = try ShapesDataset(configuration: .init(seed: 1, captionVariants: true))
        XCTAssertEqual(variants.trainScenes, set.trainScenes)
        XCTAssertEqual(variants.data.trainFeatures, data.trainFeatures)
        let pairs = set.trainScenes.filter { $0.objects.count == 2 }.count
        XCTAssertTrue((800...1200).contains(pairs))
        XCTAssertEqual(variants.data.trainCaptions.shape[0], 2000 + pairs)
        XCTAssertEqual(data.converted(to: Double.self).trainFeatures.shape, [2000, 512])
    }

    func testCaptionText() {
        func object(
            _ colour: ShapeColour, _ kind: ShapeKind, _ size: ShapeSize,
            _ position: ShapePosition
        ) -> ShapeObject {
            let c = position.nominalCenter
            return ShapeObject(
                colour: colour, kind: kind, size: size, position: position,
                centerX: c.x, centerY: c.y, radius: size.radius)
        }
        let single = ShapesScene(objects: [object(.red, .circle, .small, .top)])
        XCTAssertEqual(single.description, "a small red circle at the top")
        XCTAssertEqual(single.captions.count, 1)
        let side = ShapesScene(objects: [
            object(.blue, .square, .large, .left),
            object(.green, .star, .small, .right),
        ])
        XCTAssertEqual(
            side.captions.map { $0.joined(separator: " ") },
            [
                "a large blue square left of a small green star",
                "a small green star right of a large blue square",
            ])
        let stacked = ShapesScene(objects: [
            object(.yellow, .diamond, .small, .top),
            object(.purple, .triangle, .large, .bottom),
        ])
        XCTAssertEqual(
            stacked.captions.map { $0.joined(separator: " ") },
            [
                "a small yellow diamond above a large purple triangle",
                "a large purple triangle below a small yellow diamond",
            ])
        // Every word of every caption is in the vocabulary.
        for scene in [single, side, stacked] {
            for caption in scene.captions {
                XCTAssertFalse(ShapesDataset.encode(caption).contains(3), "\(caption)")
            }
        }
    }

    func testCaptionsAreWellFormed() throws {
        let set = try ShapesDataset(
            configuration: .init(
                seed: 2, trainSceneCount: 300,
                valSceneCount: 50))
        let variants = try ShapesDataset(
            configuration: .init(
                seed: 2, trainSceneCount: 300,
                valSceneCount: 50,
                captionVariants: true))
        let (null, start, end, unk) = (0, 1, 2, 3)
        // Rows are the scenes' captions in scene order: the canonical one by default, all
        // (canonical first) with variants.
        for (data, scenes, all) in [
            (set.data, set.trainScenes, false),
            (variants.data, variants.trainScenes, true),
        ] {
            let decoded = data.decodeCaptions(data.trainCaptions).map {
                Array($0.split(separator: " ").map(String.init).dropFirst().dropLast())
            }
            XCTAssertEqual(decoded, scenes.flatMap { all ? $0.captions : [$0.captions[0]] })
            XCTAssertEqual(
                data.trainImageIdxs.scalars,
                scenes.indices.flatMap { i in
                    Array(repeating: i, count: all ? scenes[i].captions.count : 1)
                })
        }
        for (captions, idxs, scenes) in [
            (
                set.data.trainCaptions, set.data.trainImageIdxs,
                set.trainScenes
            ),
            (
                set.data.valCaptions, set.data.valImageIdxs,
                set.valScenes
            ),
            (
                variants.data.trainCaptions,
                variants.data.trainImageIdxs, variants.trainScenes
            ),
        ] {
            let decoded = set.data.decodeCaptions(captions)
            for row in 0..<captions.shape[0] {
                let tokens = Array(captions.scalars[(row * 17)..<((row + 1) * 17)])
                XCTAssertEqual(tokens[0], start)
                XCTAssertEqual(tokens.filter { $0 == end }.count, 1)
                let endAt = try XCTUnwrap(tokens.firstIndex(of: end))
                XCTAssertTrue(tokens[(endAt + 1)...].allSatisfy { $0 == null })
                XCTAssertTrue(
                    tokens[1..<endAt].allSatisfy {
                        $0 > unk
                            && $0 < ShapesDataset.vocabulary.count
                    })
                // The row's words are one of its scene's true captions.
                let scene = scenes[idxs.scalars[row]]
                let words = decoded[row].split(separator: " ").map(String.init)
                XCTAssertEqual(words.first, "<START>")
                XCTAssertEqual(words.last, "<END>")
                XCTAssertTrue(scene.captions.contains(Array(words.dropFirst().dropLast())))
            }
        }
        // Two-object scenes have their objects' order swapped in the variant.
        let pair = try XCTUnwrap(set.trainScenes.first { $0.objects.count == 2 })
        XCTAssertEqual(pair.captions.count, 2)
        XCTAssertEqual(Set(pair.captions).count, 2)
        let single = try XCTUnwrap(set.trainScenes.first { $0.objects.count == 1 })
        XCTAssertEqual(single.captions.count, 1)
        // Short captions, about COCO's average: 7 (one shape) to 10 words.
        let lengths = set.trainScenes.flatMap { $0.captions.map(\.count) }
        XCTAssertEqual(lengths.min(), 7)
        XCTAssertEqual(lengths.max(), 10)
    }

    func testSceneGeometryIsConsistent() throws {
        let set = try ShapesDataset(
            configuration: .init(
                seed: 3, trainSceneCount: 500,
                valSceneCount: 0))
        for scene in set.trainScenes {
            XCTAssertTrue((1...2).contains(scene.objects.count))
            XCTAssertEqual(Set(scene.objects.map(\.position)).count, scene.objects.count)
            if scene.objects.count == 2 {  // a pair sits on opposite sides, in canonical order
                XCTAssertTrue(
                    [[.left, .right], [.top, .bottom]]
                        .contains(scene.objects.map(\.position)))
            }
            for o in scene.objects {
                XCTAssertTrue(o.centerX - o.radius >= 0 && o.centerX + o.radius <= 1)
                XCTAssertTrue(o.centerY - o.radius >= 0 && o.centerY + o.radius <= 1)
                XCTAssertEqual(o.radius, o.size.radius)
            }
            if scene.objects.count == 2 {  // the two shapes never overlap
                let (a, b) = (scene.objects[0], scene.objects[1])
                let gap =
                    ((a.centerX - b.centerX) * (a.centerX - b.centerX)
                    + (a.centerY - b.centerY) * (a.centerY - b.centerY)).squareRoot()
                XCTAssertGreaterThan(gap, a.radius + b.radius)
            }
        }
    }

    /// Scenes with different captions have features far apart; scenes with the same
    /// captions differ only by noise.
    func testDifferentCaptionsMeanDistantFeatures() throws {
        let set = try ShapesDataset(configuration: .init(seed: 4))
        let count = 600
        let features = Tensor<Double>(converting: set.data.trainFeatures)[0..<count]
        let distances = squaredDistances(features, features)
        var closestDifferent = Double.infinity, farthestSame = 0.0
        for i in 0..<count {
            for j in (i + 1)..<count {
                let d = distances[i, j]
                if set.trainScenes[i].attributes == set.trainScenes[j].attributes {
                    farthestSame = max(farthestSame, d)
                } else {
                    closestDifferent = min(closestDifferent, d)
                }
            }
        }
        print(
            "Shapes: closest different-caption pair \(closestDifferent.squareRoot()), "
                + "farthest same-caption pair \(farthestSame.squareRoot())")
        XCTAssertGreaterThan(farthestSame, 0)  // some scenes repeat, so this was measured
        XCTAssertGreaterThan(closestDifferent.squareRoot(), 3 * farthestSame.squareRoot())
    }

    /// A linear read-out of the features, fitted on the training scenes, names the shape
    /// at every position of held-out scenes, and so their whole caption; the best
    /// image-independent guesses (the most frequent value of each position, the most
    /// frequent training caption) do poorly.
    func testCaptionsDependOnFeatures() throws {
        let set = try ShapesDataset(configuration: .init(seed: 4))
        let train = Tensor<Double>(converting: set.data.trainFeatures)
        let val = Tensor<Double>(converting: set.data.valFeatures)
        let mean = train.sum(alongAxes: 0) / Double(train.shape[0])
        let (centredTrain, centredVal) = (train - mean, val - mean)
        func slot(_ scene: ShapesScene, _ p: ShapePosition) -> ShapeAttributes? {
            scene.attributes.first { $0.position == p }
        }
        var right = 0, constantRight = 0, slots = 0
        var sceneRight = [Bool](repeating: true, count: set.valScenes.count)
        for p in ShapePosition.allCases {
            // Class centroids of the centred training features, one per shape at p.
            var sums: [ShapeAttributes: [Double]] = [:], counts: [ShapeAttributes: Int] = [:]
            var frequency: [ShapeAttributes?: Int] = [:]
            for (i, scene) in set.trainScenes.enumerated() {
                frequency[slot(scene, p), default: 0] += 1
                guard let a = slot(scene, p) else { continue }
                let row = centredTrain[i].scalars
                sums[a] = zip(sums[a] ?? Array(repeating: 0, count: row.count), row).map(+)
                counts[a, default: 0] += 1
            }
            let centroids = sums.map { key, sum in (key, sum.map { $0 / Double(counts[key] ?? 1) })
            }
            let constant = frequency.max { $0.value < $1.value }?.key ?? nil
            for (i, scene) in set.valScenes.enumerated() {
                let f = centredVal[i].scalars
                var best: (ShapeAttributes?, Double) = (nil, 0.5)  // below half: empty
                for (key, c) in centroids {
                    let score = zip(f, c).map(*).reduce(0, +) / c.map { $0 * $0 }.reduce(0, +)
                    if score > best.1 { best = (key, score) }
                }
                slots += 1
                if best.0 == slot(scene, p) { right += 1 } else { sceneRight[i] = false }
                if constant == slot(scene, p) { constantRight += 1 }
            }
        }
        let accuracy = Double(right) / Double(slots)
        let constantAccuracy = Double(constantRight) / Double(slots)
        print(
            "Shapes held-out per-position accuracy: feature read-out \(accuracy), "
                + "constant guess \(constantAccuracy)")
        XCTAssertGreaterThan(accuracy, 0.95)
        XCTAssertLessThan(constantAccuracy, 0.7)
        // Whole captions: the read-out gets a held-out scene's caption right when it names
        // all four positions right (equal attributes, equal captions).
        var captionCounts: [[String]: Int] = [:]
        for scene in set.trainScenes { captionCounts[scene.captions[0], default: 0] += 1 }
        let commonest = try XCTUnwrap(captionCounts.max { $0.value < $1.value }?.key)
        let captionAccuracy = Double(sceneRight.filter { $0 }.count) / Double(sceneRight.count)
        let constantCaptionAccuracy =
            Double(
                set.valScenes.filter { $0.captions[0] == commonest }
                    .count) / Double(set.valScenes.count)
        print(
            "Shapes held-out caption accuracy: feature read-out \(captionAccuracy), "
                + "commonest caption \(constantCaptionAccuracy)")
        XCTAssertGreaterThan(captionAccuracy, 0.9)
        XCTAssertLessThan(constantCaptionAccuracy, 0.05)
    }
}
