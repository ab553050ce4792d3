import Tensor
import XCTest

/// Naive reference implementations the fast kernels are compared against.
enum Naive {
    /// Row-major strides of a shape.
    static func strides(_ shape: [Int]) -> [Int] {
        var s = Array(repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            s[axis] = step
            step *= shape[axis]
        }
        return s
    }

    /// The multi-index of a flat position.
    static func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
        var rest = flat
        var index = Array(repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// NumPy broadcasting, one element at a time, straight from the definition.
    static func broadcast(
        _ a: Tensor<Double>, _ b: Tensor<Double>,
        _ f: (Double, Double) -> Double
    ) -> Tensor<Double> {
        let rank = max(a.rank, b.rank)
        let pa = Array(repeating: 1, count: rank - a.rank) + a.shape
        let pb = Array(repeating: 1, count: rank - b.rank) + b.shape
        let shape = (0..<rank).map { pa[$0] == 1 ? pb[$0] : pa[$0] }
        let (sa, sb) = (strides(pa), strides(pb))
        let total = shape.reduce(1, *)
        var values = [Double]()
        for flat in 0..<total {
            let index = multiIndex(flat, shape)
            var ia = 0, ib = 0
            for axis in 0..<rank {
                ia += (pa[axis] == 1 ? 0 : index[axis]) * sa[axis]
                ib += (pb[axis] == 1 ? 0 : index[axis]) * sb[axis]
            }
            values.append(f(a.scalars[ia], b.scalars[ib]))
        }
        return Tensor(shape: shape, scalars: values)
    }

    /// The textbook triple loop: (M, K) · (K, P).
    static func matmul(_ a: [Double], _ b: [Double], m: Int, k: Int, p: Int) -> [Double] {
        var c = Array(repeating: 0.0, count: m * p)
        for i in 0..<m {
            for j in 0..<p {
                var s = 0.0
                for q in 0..<k { s += a[i * k + q] * b[q * p + j] }
                c[i * p + j] = s
            }
        }
        return c
    }

    /// The explicit transpose of a (rows, columns) matrix.
    static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var t = Array(repeating: 0.0, count: a.count)
        for r in 0..<rows { for c in 0..<columns { t[c * rows + r] = a[r * columns + c] } }
        return t
    }
}

func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    var g = SeededGenerator(seed: seed)
    return Tensor<Double>.randomNormal(shape: shape, using: &g)
}

/// Element-wise closeness, with a message naming the first element that differs.
func assertAllClose(
    _ actual: Tensor<Double>, _ expected: Tensor<Double>, tolerance: Double = 1e-12,
    _ label: String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.shape, expected.shape, "\(label) shape", file: file, line: line)
    guard actual.shape == expected.shape, actual.count == expected.count else {
        XCTAssertEqual(
            actual.count, expected.count, "\(label) element count", file: file, line: line)
        return
    }
    for i in 0..<actual.count {
        let (x, y) = (actual.scalars[i], expected.scalars[i])
        if !(abs(x - y) <= tolerance * max(1, abs(y))) {
            XCTFail("\(label): element \(i) is \(x), expected \(y)", file: file, line: line)
            return
        }
    }
}
