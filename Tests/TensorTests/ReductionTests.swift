import Tensor
import XCTest

final class ReductionTests: XCTestCase {
    let x = Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map { Double(($0 * 7) % 11) - 5 })

    /// Naive reduction over one axis of the (2, 3, 4) tensor above.
    func naive(axis: Int, _ combine: ([Double]) -> Double) -> Tensor<Double> {
        var shape = x.shape
        shape.remove(at: axis)
        var values: [Double] = []
        for flat in 0..<shape.reduce(1, *) {
            let rest = Naive.multiIndex(flat, shape)
            let line = (0..<x.shape[axis]).map { k -> Double in
                var index = rest
                index.insert(k, at: axis)
                return x[index[0], index[1], index[2]]
            }
            values.append(combine(line))
        }
        return Tensor(shape: shape, scalars: values)
    }

    func testSumAlongAxes() {
        XCTAssertEqual(x.sum(), x.scalars.reduce(0, +))
        XCTAssertEqual(x.mean(), x.scalars.reduce(0, +) / 24)
        for axis in 0..<3 {
            XCTAssertEqual(x.sum(alongAxes: axis), naive(axis: axis) { $0.reduce(0, +) })
            XCTAssertEqual(
                x.sum(alongAxes: axis, keepingAxes: true).shape,
                x.shape.enumerated().map { $0.offset == axis ? 1 : $0.element })
        }
        XCTAssertEqual(x.sum(alongAxes: -1), x.sum(alongAxes: 2))
        let both = x.sum(alongAxes: 0, 1)
        XCTAssertEqual(both.shape, [4])
        for j in 0..<4 {
            var s = 0.0
            for a in 0..<2 { for b in 0..<3 { s += x[a, b, j] } }
            XCTAssertEqual(both.scalars[j], s)
        }
        XCTAssertEqual(x.sum(alongAxes: 0, 2, keepingAxes: true).shape, [1, 3, 1])
        XCTAssertEqual(x.sum(alongAxes: 1, 0).scalars, both.scalars, "axis order does not matter")
        XCTAssertEqual(Tensor<Double>.zeros(0, 3).sum(alongAxes: 0).scalars, [0, 0, 0])
    }

    func testPairwiseSumKeepsPrecision() {
        // 1 + 1e6 copies of 1e-16: naive left-to-right summation would give exactly 1.
        let t = Tensor<Double>([1] + Array(repeating: 1e-16, count: 1_000_000))
        XCTAssertEqual(t.sum(), 1 + 1e-10, accuracy: 1e-13)
    }

    func testMaxAndArgmax() {
        XCTAssertEqual(x.max(), 5)
        for axis in 0..<3 {
            XCTAssertEqual(x.max(alongAxis: axis), naive(axis: axis) { $0.max()! })
            XCTAssertEqual(
                x.max(alongAxis: axis, keepingAxis: true).shape,
                x.shape.enumerated().map { $0.offset == axis ? 1 : $0.element })
            let expected = naive(axis: axis) { line in Double(line.firstIndex(of: line.max()!)!) }
            XCTAssertEqual(x.argmax(alongAxis: axis).shape, expected.shape)
            XCTAssertEqual(x.argmax(alongAxis: axis).scalars.map(Double.init), expected.scalars)
        }
        XCTAssertEqual(x.argmax(alongAxis: -1), x.argmax(alongAxis: 2))
        XCTAssertEqual(Tensor<Double>([-3, -1, -2]).max(alongAxis: 0).scalars, [-1])
    }

    func testArgmaxTiesFirstWins() {
        let t = Tensor<Double>([[1, 3, 3, 0], [2, 2, 2, 2], [0, 0, 5, 5]])
        XCTAssertEqual(t.argmax(alongAxis: 1).scalars, [1, 0, 2])
        XCTAssertEqual(t.argmax(alongAxis: 0).scalars, [1, 0, 2, 2])
        XCTAssertEqual(Tensor<Double>([[7, 7]]).argmax(alongAxis: 0).scalars, [0, 0])
    }
}
