import Foundation
import Tensor
import XCTest

final class IndexingTests: XCTestCase {
    let t = Tensor<Double>(shape: [3, 4, 2], scalars: (0..<24).map(Double.init))

    func testElementAndFlatAccess() {
        XCTAssertEqual(t[2, 1, 1], 19)
        XCTAssertEqual(t[flat: 19], 19)
        var u = t
        u[0, 3, 1] = -1
        XCTAssertEqual(u[flat: 7], -1)
        u[flat: 0] = 42
        XCTAssertEqual(u.scalars[0], 42)
        XCTAssertEqual(t[0, 0, 0], 0, "the original is a separate value")
    }

    func testSlicingAxis0() {
        XCTAssertEqual(t[1], Tensor(shape: [4, 2], scalars: (8..<16).map(Double.init)))
        XCTAssertEqual(t[1..<3].shape, [2, 4, 2])
        XCTAssertEqual(t[1..<3].scalars, (8..<24).map(Double.init))
        XCTAssertEqual(t[..<1].scalars, (0..<8).map(Double.init))
        XCTAssertEqual(t[2...].scalars, (16..<24).map(Double.init))
        XCTAssertEqual(t[1..<1].shape, [0, 4, 2])
        var u = t
        u[0] = Tensor<Double>.zeros(4, 2)
        XCTAssertEqual(u.scalars[0..<8].allSatisfy { $0 == 0 }, true)
        XCTAssertEqual(Array(u.scalars[8...]), (8..<24).map(Double.init))
        u[1...] = Tensor<Double>.ones(2, 4, 2)
        XCTAssertEqual(Array(u.scalars[8...]), Array(repeating: 1, count: 16))
    }

    func testSlicingAxis1() {
        let column = t[..., 2]
        XCTAssertEqual(column.shape, [3, 2])
        XCTAssertEqual(column.scalars, [4, 5, 12, 13, 20, 21])
        let block = t[..., 1..<3]
        XCTAssertEqual(block.shape, [3, 2, 2])
        XCTAssertEqual(block.scalars, [2, 3, 4, 5, 10, 11, 12, 13, 18, 19, 20, 21])
        XCTAssertEqual(t[..., ..<1].scalars, [0, 1, 8, 9, 16, 17])
        XCTAssertEqual(t[..., 3...].scalars, [6, 7, 14, 15, 22, 23])
        let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m[..., 1].scalars, [2, 5])
        XCTAssertEqual(m[..., 1...].scalars, [2, 3, 5, 6])

        var u = t
        u[..., 1] = Tensor(shape: [3, 2], scalars: [-1, -2, -3, -4, -5, -6])
        XCTAssertEqual(u[0, 1, 0], -1)
        XCTAssertEqual(u[2, 1, 1], -6)
        XCTAssertEqual(u[2, 2, 1], 21, "neighbouring columns untouched")
        u[..., 2..<4] = Tensor<Double>.zeros(3, 2, 2)
        XCTAssertEqual(u[1, 2, 0], 0)
        XCTAssertEqual(u[1, 3, 1], 0)
        XCTAssertEqual(u[1, 0, 1], 9)
    }

    func testConcatenatedAndStacked() {
        let a = Tensor<Double>([[1, 2], [3, 4]]), b = Tensor<Double>([[5], [6]])
        XCTAssertEqual(
            Tensor.concatenated([a, b], alongAxis: 1), Tensor([[1, 2, 5], [3, 4, 6]]))
        XCTAssertEqual(
            Tensor.concatenated([a, Tensor([[7, 8]])], alongAxis: 0),
            Tensor([[1, 2], [3, 4], [7, 8]]))
        let c = Tensor<Double>([[9, 10], [11, 12]])
        XCTAssertEqual(Tensor.stacked([a, c], alongAxis: 0).scalars, [1, 2, 3, 4, 9, 10, 11, 12])
        let s1 = Tensor.stacked([a, c], alongAxis: 1)
        XCTAssertEqual(s1.shape, [2, 2, 2])
        XCTAssertEqual(s1.scalars, [1, 2, 9, 10, 3, 4, 11, 12])
        let s2 = Tensor.stacked([a, c], alongAxis: 2)
        XCTAssertEqual(s2.shape, [2, 2, 2])
        XCTAssertEqual(s2.scalars, [1, 9, 2, 10, 3, 11, 4, 12])
        // Splitting by slices and concatenating gives back the original.
        let parts = (0..<4).map { t[..., $0..<($0 + 1)] }
        XCTAssertEqual(Tensor.concatenated(parts, alongAxis: 1), t)
        XCTAssertEqual(Tensor.concatenated([t[..<1], t[1...]], alongAxis: 0), t)
        // The middle axis of a rank-3 tensor, with an empty part in between.
        let x = Tensor<Int>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        let y = Tensor<Int>(shape: [2, 2, 2], scalars: [5, 6, 7, 8, 9, 10, 11, 12])
        let empty = Tensor<Int>(shape: [2, 0, 2], scalars: [])
        let xy = Tensor.concatenated([x, empty, y], alongAxis: 1)
        XCTAssertEqual(xy.shape, [2, 3, 2])
        XCTAssertEqual(xy.scalars, [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
        // Elements that are references (strings) are copied, not moved.
        let words = Tensor(shape: [1, 2], scalars: ["a cat", "sits"])
        let more = Tensor(shape: [1, 1], scalars: ["down"])
        XCTAssertEqual(
            Tensor.concatenated([words, more, words], alongAxis: 1).scalars,
            ["a cat", "sits", "down", "a cat", "sits"])
        XCTAssertEqual(words.scalars, ["a cat", "sits"])
        XCTAssertEqual(Tensor.concatenated([empty, empty], alongAxis: 0).shape, [4, 0, 2])
    }

    func testGatherRowsAndScatterAdd() {
        let w = Tensor<Double>([[0, 1], [10, 11], [20, 21]])
        let idx = Tensor<Int>([[2, 0, 2], [1, 1, 1]])
        let g = w[rows: idx]
        XCTAssertEqual(g.shape, [2, 3, 2])
        XCTAssertEqual(g.scalars, [20, 21, 0, 1, 20, 21, 10, 11, 10, 11, 10, 11])
        var acc = Tensor<Double>.zeros(3, 2)
        let values = Tensor<Double>(shape: [2, 3, 2], scalars: (1...12).map(Double.init))
        acc.add(values, atRows: idx)
        // Row 2 gets positions 0 and 2, row 0 position 1, row 1 positions 3, 4 and 5:
        // [7+9+11, 8+10+12], [1+5, 2+6].
        XCTAssertEqual(acc, Tensor<Double>([[3, 4], [27, 30], [6, 8]]))
        acc.add(Tensor(shape: [1, 2], scalars: [100, 100]), atRows: Tensor<Int>([0]))
        XCTAssertEqual(acc[0, 0], 103)
        XCTAssertEqual(w[rows: Tensor<Int>(shape: [0], scalars: [])].shape, [0, 2])
    }

    func testRelativeError() {
        let a = Tensor<Double>([1, 2, 0]), b = Tensor<Double>([1, 2.2, 0])
        XCTAssertEqual(relativeError(a, b), 0.2 / 4.2, accuracy: 1e-16)
        XCTAssertEqual(relativeError(a, a), 0)
        // Tiny values: the denominator is at least 1e-8.
        XCTAssertEqual(
            relativeError(Tensor<Double>([1e-10]), Tensor<Double>([-1e-10])), 0.02,
            accuracy: 1e-15)
        XCTAssertEqual(relativeError(Tensor<Double>([3]), Tensor<Double>([-3])), 1)
        XCTAssert(relativeError(Tensor<Double>([1, .nan]), Tensor<Double>([1, 1])).isNaN)
        XCTAssertEqual(relativeError(Tensor<Float>([1, 2]), Tensor<Double>([1, 2])), 0)
    }

    func testNumericGradientOfKnownFunctions() {
        let x = Tensor<Double>([[0.5, -1.2, 2.0], [0.1, 3.0, -0.7]])
        // f(x) = Σ x³: the central difference is exactly 3x² + h².
        let h = 1e-3
        let g = numericGradient(at: x, step: h) { ($0 * $0 * $0).sum() }
        assertAllClose(g, 3 * x.squared() + h * h, tolerance: 1e-9, "Σx³")
        // f(x) = sin(x) element-wise with upstream u: the gradient is cos(x) ⊙ u.
        let u = Tensor<Double>([[1, -2, 0.5], [3, 0, -1]])
        let gu = numericGradient(at: x, upstream: u) { $0.map(Foundation.sin) }
        assertAllClose(gu, x.map(Foundation.cos) * u, tolerance: 1e-9, "sin")
        XCTAssertLessThan(relativeError(gu, x.map(Foundation.cos) * u), 1e-9)
        // A function of a matrix product: d/dw Σ (a·w) ⊙ u = aᵀ · u.
        let a = Tensor<Double>([[1, 2], [3, 4], [5, 6]])
        let w = Tensor<Double>([[0.1, 0.2], [0.3, 0.4]])
        let up = Tensor<Double>([[1, 0], [0, 1], [1, 1]])
        let gw = numericGradient(at: w, upstream: up) { a.matmul($0) }
        XCTAssertLessThan(relativeError(gw, Tensor([[6, 8], [8, 10]])), 1e-9)
        // x is unchanged: the probe is a copy.
        XCTAssertEqual(x[0, 0], 0.5)
    }
}
