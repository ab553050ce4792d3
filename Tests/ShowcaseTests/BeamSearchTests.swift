import Given
import Reference
import Tensor
import XCTest

@testable import Showcase

final class BeamSearchTests: XCTestCase {
    /// V = 4: <NULL> 0, <START> 1, <END> 2, "x" 3.
    let words = ["<NULL>": 0, "<START>": 1, "<END>": 2, "x": 3]

    /// A small random network whose next-word distributions are far from uniform;
    /// <NULL> is made (almost) impossible so the loss can score every candidate.
    func model(_ cell: CellType, seed: UInt64) throws -> CaptioningRNN<Double> {
        var model = try CaptioningRNN<Double>(
            wordToIdx: words, inputDim: 3, wordvecDim: 3,
            hiddenDim: 4, cellType: cell, seed: seed)
        var generator = SeededGenerator(seed: seed &+ 99)
        for name in CaptioningRNN<Double>.parameterNames(for: cell) {
            guard let shape = model.params[name]?.shape else { continue }
            model.params[name] = Tensor<Double>.randomNormal(shape: shape, using: &generator) * 1.5
        }
        model.params["b_vocab"]?[flat: 0] = -60
        return model
    }

    func features(seed: UInt64) -> Tensor<Double> {
        var generator = SeededGenerator(seed: seed)
        return Tensor<Double>.randomNormal(shape: [1, 3], using: &generator)
    }

    /// Every caption of at most `length` words: finished ones end at their first <END>.
    func allCaptions(length: Int) -> [[Int]] {
        var result: [[Int]] = []
        func extend(_ prefix: [Int]) {
            if prefix.last == 2 || prefix.count == length {
                result.append(prefix)
                return
            }
            for word in 1...3 { extend(prefix + [word]) }
        }
        extend([])
        return result
    }

    /// −loss of `<START> caption` (padded with <NULL>) = Σ log p of its words, computed
    /// with the model's own vectorised loss, independently of the decoder.
    func logProbability(
        _ model: CaptioningRNN<Double>, _ features: Tensor<Double>,
        _ caption: [Int], length: Int
    ) throws -> Double {
        let padded = [1] + caption + Array(repeating: 0, count: length - caption.count)
        return -Double(try model.loss(features: features, captions: Tensor([padded])).loss)
    }

    func testWidthOneIsGreedy() throws {
        for cell in CellType.allCases {
            let model = try model(cell, seed: 3)
            var generator = SeededGenerator(seed: 5)
            let features = Tensor<Double>.randomNormal(shape: [6, 3], using: &generator)
            let decoder = try RecurrentDecoder(
                params: model.params, wordToIdx: words, cellType: cell)
            let greedy = try model.sample(features: features, maxLength: 5)
            let beams = try decoder.beamSearch(features: features, width: 1, maxLength: 5)
            XCTAssertEqual(
                try decoder.greedy(features: features, maxLength: 5),
                (0..<6).map { Array(greedy.scalars[($0 * 5)..<($0 * 5 + 5)]) })
            for (row, beam) in beams.enumerated() {
                let reference = Array(greedy.scalars[(row * 5)..<(row * 5 + 5)])
                let upToEnd =
                    reference.firstIndex(of: 2).map { Array(reference[...$0]) } ?? reference
                XCTAssertEqual(beam.words, upToEnd, "\(cell) row \(row)")
            }
        }
    }

    func testBeamAgainstExhaustiveSearch() throws {
        let length = 3
        let captions = allCaptions(length: length)
        for cell in CellType.allCases {
            for seed in UInt64(0)..<6 {
                let model = try model(cell, seed: seed)
                let features = features(seed: seed &+ 1000)
                let decoder = try RecurrentDecoder(
                    params: model.params, wordToIdx: words, cellType: cell)
                let scores = try captions.map {
                    try logProbability(model, features, $0, length: length)
                }
                guard let best = scores.max() else { return XCTFail("no captions") }
                let greedy = try decoder.beamSearch(
                    features: features, width: 1, maxLength: length)[0]
                for width in [2, 3, 5, 40] {
                    let beam = try decoder.beamSearch(
                        features: features, width: width,
                        maxLength: length)[0]
                    XCTAssertGreaterThanOrEqual(
                        beam.logProbability, greedy.logProbability - 1e-9,
                        "\(cell) seed \(seed) width \(width)")
                    XCTAssertLessThanOrEqual(beam.logProbability, best + 1e-9)
                    // The decoder's score agrees with the loss-based one.
                    XCTAssertEqual(
                        beam.logProbability,
                        try logProbability(model, features, beam.words, length: length),
                        accuracy: 1e-9)
                }
                // Wide enough to keep every prefix: exhaustive.
                let exhaustive = try decoder.beamSearch(
                    features: features, width: 40,
                    maxLength: length)[0]
                XCTAssertEqual(
                    exhaustive.logProbability, best, accuracy: 1e-9, "\(cell) seed \(seed)")
            }
        }
    }

    /// The images of a batch are searched together, their open beams side by side in
    /// one state: each image's caption must be the one it gets searched alone. Float, at
    /// sizes where even one row's products run in the blocked kernels (below 8192
    /// multiply-adds a plain loop rounds differently), with images whose beams finish at
    /// different steps.
    func testABatchFindsWhatEachImageFindsAlone() throws {
        var vocabulary = ["<NULL>": 0, "<START>": 1, "<END>": 2]
        for i in 3..<100 { vocabulary["w\(i)"] = i }
        var lengths: Set<Int> = []
        for cell in CellType.allCases {
            let model = try CaptioningRNN<Float>(
                wordToIdx: vocabulary, inputDim: 96, wordvecDim: 96, hiddenDim: 96,
                cellType: cell, seed: 4)
            var params = model.params
            var generator = SeededGenerator(seed: 8)
            // Sharper distributions than the initialisation's, and <END> likely, so that
            // beams finish at different steps.
            params["W_vocab"] =
                Tensor<Float>.randomNormal(shape: [96, 100], using: &generator) * 0.5
            params["b_vocab"]?[flat: 2] = 3
            let decoder = try RecurrentDecoder(
                params: params, wordToIdx: vocabulary, cellType: cell)
            let features = Tensor<Float>.randomNormal(shape: [7, 96], using: &generator)
            for lengthNormalised in [false, true] {
                let together = try decoder.beamSearch(
                    features: features, width: 3, maxLength: 8, lengthNormalised: lengthNormalised)
                let alone = try (0..<7).map { image in
                    try decoder.beamSearch(
                        features: features.gatheringRows([image]), width: 3, maxLength: 8,
                        lengthNormalised: lengthNormalised)[0]
                }
                XCTAssertEqual(together, alone, "\(cell), length-normalised \(lengthNormalised)")
                lengths.formUnion(together.map(\.words.count))
            }
        }
        XCTAssertGreaterThan(lengths.count, 1, "captions of several lengths")
    }

    func testLengthNormalisedRanksMeanLogProbability() throws {
        let model = try model(.lstm, seed: 1)
        let decoder = try RecurrentDecoder(params: model.params, wordToIdx: words, cellType: .lstm)
        let features = features(seed: 7)
        let best = try decoder.beamSearch(
            features: features, width: 40, maxLength: 3,
            lengthNormalised: true)[0]
        let means = try allCaptions(length: 3).map {
            try logProbability(model, features, $0, length: 3) / Double($0.count)
        }
        XCTAssertEqual(best.rankScore(lengthNormalised: true), means.max() ?? 0, accuracy: 1e-9)
    }

    func testTemperatureSamplingIsSeededAndNearGreedyWhenCold() throws {
        let model = try model(.rnn, seed: 2)
        let decoder = try RecurrentDecoder(params: model.params, wordToIdx: words, cellType: .rnn)
        var generator = SeededGenerator(seed: 11)
        let features = Tensor<Double>.randomNormal(shape: [8, 3], using: &generator)
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        XCTAssertEqual(
            try decoder.sample(features: features, maxLength: 6, temperature: 1, using: &a),
            try decoder.sample(features: features, maxLength: 6, temperature: 1, using: &b))
        var cold = SeededGenerator(seed: 2)
        XCTAssertEqual(
            try decoder.sample(
                features: features, maxLength: 6, temperature: 1e-4,
                using: &cold),
            try decoder.greedy(features: features, maxLength: 6))
        XCTAssertThrowsError(
            try decoder.sample(
                features: features, maxLength: 6, temperature: 0,
                using: &cold))
    }

    func testBadSettingsAreRefused() throws {
        let model = try model(.rnn, seed: 0)
        let decoder = try RecurrentDecoder(params: model.params, wordToIdx: words, cellType: .rnn)
        XCTAssertThrowsError(
            try decoder.beamSearch(features: features(seed: 0), width: 0, maxLength: 3))
        XCTAssertThrowsError(
            try RecurrentDecoder(
                params: model.params, wordToIdx: words,
                cellType: .lstm)
        ) {
            XCTAssertTrue("\($0)".contains("lstm"), "\($0)")
        }
    }
}
