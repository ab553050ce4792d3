import Given
import Tensor
import XCTest

@testable import Reference

/// `sample` packs the weights and, for long enough decodes, gathers every word's input
/// projection from a table computed once: its captions must be those of the step
/// functions run one word at a time, in Float (where a rounding difference would show)
/// and Double, with and without the table.
final class SampleStepIdentityTests: XCTestCase {
    /// Greedy captions by the step functions, as the original's loop computes them.
    func stepByStep<S: TensorScalar>(
        _ model: CaptioningRNN<S>, features: Tensor<S>, maxLength: Int
    ) throws -> [Int] {
        let p = model.params
        func parameter(_ name: String) throws -> Tensor<S> { try XCTUnwrap(p[name]) }
        var h = affineForward(x: features, w: try parameter("W_proj"), b: try parameter("b_proj"))
            .out
        var c = Tensor<S>.zeros(like: h)
        var words = [Int](repeating: try XCTUnwrap(model.startIndex), count: features.shape[0])
        var columns: [[Int]] = []
        for _ in 0..<maxLength {
            let x = try parameter("W_embed").gatheringRows(words)
            let (wx, wh, b) = (try parameter("Wx"), try parameter("Wh"), try parameter("b"))
            switch model.cellType {
            case .rnn: h = rnnStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b).nextH
            case .lstm:
                let next = lstmStepForward(x: x, prevH: h, prevC: c, wx: wx, wh: wh, b: b)
                (h, c) = (next.nextH, next.nextC)
            case .gru:
                h =
                    gruStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b, bh: try parameter("bh"))
                    .nextH
            }
            let scores = affineForward(
                x: h, w: try parameter("W_vocab"), b: try parameter("b_vocab")
            ).out
            words = scores.argmax(alongAxis: 1).scalars
            columns.append(words)
        }
        // Row-major (N, maxLength), as `sample` returns them.
        return (0..<features.shape[0]).flatMap { row in columns.map { $0[row] } }
    }

    func check<S: TensorScalar>(
        _: S.Type, batch: Int, sizes: Int, vocabulary: Int, maxLength: Int
    ) throws {
        var words = ["<NULL>": 0, "<START>": 1, "<END>": 2]
        for i in 3..<vocabulary { words["w\(i)"] = i }
        for cell in CellType.allCases {
            var model = try CaptioningRNN<S>(
                wordToIdx: words, inputDim: sizes, wordvecDim: sizes, hiddenDim: sizes,
                cellType: cell, seed: 5)
            var generator = SeededGenerator(seed: 6)
            // Larger weights than the initialisation's, so that the words change from step
            // to step and many different words are fed back.
            for name in ["W_embed", "Wx", "Wh", "W_vocab"] {
                let shape = try XCTUnwrap(model.params[name]?.shape)
                model.params[name] = Tensor<S>.randomNormal(shape: shape, using: &generator)
            }
            let features = Tensor<S>.randomNormal(shape: [batch, sizes], using: &generator)
            let sampled = try model.sample(features: features, maxLength: maxLength)
            let expected = try stepByStep(model, features: features, maxLength: maxLength)
            XCTAssertEqual(sampled.scalars, expected, "\(S.self) \(cell) N=\(batch) size \(sizes)")
            XCTAssertGreaterThan(Set(sampled.scalars).count, 2, "\(cell): too few words to tell")
        }
    }

    /// N × steps ≥ 2V: the table is used, at sizes where every product runs in the kernels.
    func testWithTheInputTable() throws {
        try check(Float.self, batch: 12, sizes: 64, vocabulary: 90, maxLength: 20)
        try check(Double.self, batch: 12, sizes: 24, vocabulary: 40, maxLength: 10)
    }

    /// Tiny Float products (a plain loop below 8192 multiply-adds): no table.
    func testTinyProductsWithoutTheTable() throws {
        try check(Float.self, batch: 3, sizes: 8, vocabulary: 10, maxLength: 12)
    }
}
