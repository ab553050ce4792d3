import Given
import Reference
import Tensor
import XCTest

/// In Float, `CaptioningRNN.loss` scores only the steps whose target is not `<NULL>`
/// (ScoredSteps.swift); in Double it scores every step, as the original does. The two
/// agree to Float's rounding for every cell, with padding at the end, `<NULL>` words
/// mid-caption, and a batch with no step counted at all.
final class ScoredStepsTests: XCTestCase {
    /// A vocabulary of 9 words; <NULL> is 0.
    static let vocabulary = Dictionary(
        uniqueKeysWithValues: ["<NULL>", "<START>", "<END>", "a", "b", "c", "d", "e", "f"]
            .enumerated().map { ($0.element, $0.offset) })

    /// Captions `(N, T + 1)` with lengths from 1 to T, some `<NULL>` inputs mid-caption, and
    /// (with `nothingCounted`) every target `<NULL>`.
    func captions(n: Int, t: Int, nothingCounted: Bool, _ g: inout SeededGenerator) -> Tensor<Int> {
        var captions = Tensor<Int>.randomIntegers(below: 9, shape: [n, t + 1], using: &g)
        for row in 0..<n {
            captions[row, 0] = 1
            let length = nothingCounted ? 0 : 1 + g.nextInt(below: t)
            for column in (length + 1)..<(t + 1) { captions[row, column] = 0 }
        }
        return captions
    }

    func testFloatScoresOnlyCountedStepsAndAgreesWithDouble() throws {
        var g = SeededGenerator(seed: 77)
        for cell in CellType.allCases {
            for (n, t, nothingCounted) in [(6, 7, false), (1, 3, false), (4, 5, true)] {
                var exact = try CaptioningRNN<Double>(
                    wordToIdx: Self.vocabulary, inputDim: 5, wordvecDim: 4, hiddenDim: 6,
                    cellType: cell, seed: 3)
                for (name, value) in exact.params.sorted(by: { $0.key < $1.key }) {
                    exact.params[name] =
                        Tensor<Double>.randomNormal(shape: value.shape, using: &g) * 0.5
                }
                let fast = try CaptioningRNN<Float>(
                    wordToIdx: Self.vocabulary, inputDim: 5, wordvecDim: 4, hiddenDim: 6,
                    cellType: cell,
                    parameters: exact.params.mapValues { Tensor<Float>(converting: $0) })
                let features = Tensor<Double>.randomNormal(shape: [n, 5], using: &g)
                let words = captions(n: n, t: t, nothingCounted: nothingCounted, &g)
                let label = "\(cell) N=\(n) T=\(t)\(nothingCounted ? " nothing counted" : "")"

                let (loss, grads) = try exact.loss(features: features, captions: words)
                let (floatLoss, floatGrads) = try fast.loss(
                    features: Tensor<Float>(converting: features), captions: words)
                XCTAssertEqual(Double(floatLoss), loss, accuracy: 1e-5 * max(1, abs(loss)), label)
                XCTAssertEqual(Set(floatGrads.keys), Set(grads.keys), label)
                for (name, gradient) in grads {
                    guard let floatGradient = floatGrads[name] else { continue }
                    XCTAssertEqual(floatGradient.shape, gradient.shape, "\(label) d\(name)")
                    // Against the gradient's largest element: Float's rounding is relative
                    // to the sums' terms, not to a small element.
                    let scale = gradient.scalars.map(abs).max() ?? 0
                    let worst =
                        zip(floatGradient.scalars, gradient.scalars)
                        .map { abs(Double($0) - $1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(
                        worst, 1e-5 * max(scale, 1e-3), "\(label) d\(name): \(worst) of \(scale)")
                }
            }
        }
    }
}
