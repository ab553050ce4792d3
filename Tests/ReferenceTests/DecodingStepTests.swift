import Given
import XCTest

@testable import Reference
@testable import Tensor

/// A decoding step (DecodingWeights.swift: packed weights, the input table, fused passes)
/// must give the step functions' results bit for bit, for every cell, in Float and
/// Double, with and without the input table.
final class DecodingStepTests: XCTestCase {
    private func check<S: TensorScalar>(_: S.Type, cell: CellType, rows n: Int, steps: Int) {
        let (v, w, h) = (37, 24, 40)
        var generator = SeededGenerator(seed: 99)
        var params: [String: Tensor<S>] = [:]
        for (name, shape) in cell.parameterShapes(
            vocabSize: v, inputDim: 16, wordvecDim: w, hiddenDim: h)
        {
            params[name] = Tensor<S>.randomNormal(shape: shape, using: &generator)
        }
        let weights = DecodingWeights(params: params, cellType: cell, rows: n, steps: steps)
        let words = (0..<n).map { ($0 * 7 + 3) % v }
        let prevH = Tensor<S>.randomNormal(shape: [n, h], using: &generator)
        let prevC = Tensor<S>.randomNormal(shape: [n, h], using: &generator)
        let (nextH, nextC) = weights.step(words: words, h: prevH, c: prevC)
        guard let embed = params["W_embed"], let wx = params["Wx"], let wh = params["Wh"],
            let b = params["b"]
        else { return XCTFail("parameters missing") }
        let x = embed.gatheringRows(words)
        let expectedH: Tensor<S>
        var expectedC = prevC
        switch cell {
        case .rnn:
            expectedH = rnnStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b).nextH
        case .lstm:
            let step = lstmStepForward(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
            (expectedH, expectedC) = (step.nextH, step.nextC)
        case .gru:
            guard let bh = params["bh"] else { return XCTFail("bh missing") }
            expectedH = gruStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh).nextH
        }
        let context = "\(S.self) \(cell) N=\(n) table \(weights.inputTable != nil)"
        XCTAssertEqual(bits(nextH), bits(expectedH), "h: " + context)
        XCTAssertEqual(bits(nextC), bits(expectedC), "c: " + context)
    }

    /// The bits of every element (Float widens to Double exactly, signed zeros included).
    private func bits<S: TensorScalar>(_ t: Tensor<S>) -> [UInt64] {
        Tensor<Double>(converting: t).scalars.map(\.bitPattern)
    }

    func testEveryCellEqualsItsStepFunctionBitForBit() {
        for cell in CellType.allCases {
            // 30 rows × 30 steps: the input table; 3 rows × 1 step: per-step products.
            for (rows, steps) in [(30, 30), (3, 1), (64, 20)] {
                check(Float.self, cell: cell, rows: rows, steps: steps)
                check(Double.self, cell: cell, rows: rows, steps: steps)
            }
        }
    }
}
