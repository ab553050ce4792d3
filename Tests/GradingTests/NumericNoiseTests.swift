import Given
import Grading
import Reference
import Tensor
import XCTest

/// Numeric gradient checks at realistic sizes: correct code passes at a loss of ~50
/// (T = 16, V = 30), where plain rel_error fails Reference itself, and real mistakes
/// still fail.
final class NumericNoiseTests: XCTestCase {
    /// Reference's loss, gradients and central-difference gradients (h = 1e-6) on a case of
    /// realistic size, as the model gradient check computes them.
    func realisticCase(
        _ cell: CellType
    ) throws
        -> (loss: Double, analytic: [String: Tensor<Double>], numeric: [String: Tensor<Double>])
    {
        var words = ["<NULL>": 0, "<START>": 1, "<END>": 2]
        for index in 3..<30 { words["w\(index)"] = index }
        var model = try CaptioningRNN<Double>(
            wordToIdx: words, inputDim: 20, wordvecDim: 16,
            hiddenDim: 24, cellType: cell, seed: 7)
        var generator = SeededGenerator(seed: 11)
        let features = Tensor<Double>.randomNormal(shape: [3, 20], using: &generator)
        let captions = Tensor<Int>(
            shape: [3, 17],
            scalars: (0..<51).map { index in
                index % 17 == 0 ? 1 : 3 + generator.nextInt(below: 27)
            })
        let (loss, analytic) = try model.loss(features: features, captions: captions)
        var numeric: [String: Tensor<Double>] = [:]
        for name in cell.parameterNames {
            let value = try XCTUnwrap(model.params[name])
            var probe = model
            numeric[name] = try numericGradient(at: value, step: 1e-6) { x in
                probe.params[name] = x
                return try probe.loss(features: features, captions: captions).loss
            }
            model.params[name] = value
        }
        return (loss, analytic, numeric)
    }

    func testCorrectGradientsPassAtARealisticLossWherePlainRelErrorFails() throws {
        for cell in CellType.allCases {
            let (loss, analytic, numeric) = try realisticCase(cell)
            XCTAssertGreaterThan(loss, 30, "\(cell): the case should have a realistic loss")
            let noise = centralDifferenceNoise(magnitude: loss, step: 1e-6)
            var plainWorst = 0.0
            for name in cell.parameterNames {
                let (a, n) = try (XCTUnwrap(analytic[name]), XCTUnwrap(numeric[name]))
                plainWorst = max(plainWorst, numericGradientError(a, n))
                let error = numericGradientError(
                    a, n, noise: noise,
                    threshold: Thresholds.numericModel)
                XCTAssertLessThan(error, Thresholds.numericModel, "\(cell) \(name)")
            }
            // The case is one the old bound got wrong, so the test shows the difference.
            XCTAssertGreaterThan(plainWorst, Thresholds.numericModel, "\(cell)")
        }
    }

    func testRealMistakesStillFailAtThatSize() throws {
        let (loss, analytic, numeric) = try realisticCase(.lstm)
        let noise = centralDifferenceNoise(magnitude: loss, step: 1e-6)
        func error(_ name: String, _ wrong: Tensor<Double>) throws -> Double {
            numericGradientError(
                wrong, try XCTUnwrap(numeric[name]), noise: noise,
                threshold: Thresholds.numericModel)
        }
        let wx = try XCTUnwrap(analytic["Wx"])
        // A gradient one percent off, and one N times too small (a mean taken twice).
        XCTAssertGreaterThan(try error("Wx", wx * 1.01), Thresholds.numericModel)
        XCTAssertGreaterThan(try error("Wx", wx / 3), Thresholds.numericModel)
        // One row of dW_embed left out (a word whose gradient was never added).
        var embed = try XCTUnwrap(analytic["W_embed"])
        let row = embed.shape[1]
        let largest =
            (0..<embed.shape[0]).max { a, b in
                (0..<row).map { abs(embed[flat: a * row + $0]) }.reduce(0, +)
                    < (0..<row).map { abs(embed[flat: b * row + $0]) }.reduce(0, +)
            } ?? 0
        for column in 0..<row { embed[flat: largest * row + column] = 0 }
        XCTAssertGreaterThan(try error("W_embed", embed), Thresholds.numericModel)
    }
}
