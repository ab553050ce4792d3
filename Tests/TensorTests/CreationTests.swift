import Tensor
import XCTest

final class CreationTests: XCTestCase {
    func testZerosOnesAndRepeating() {
        let z = Tensor<Double>.zeros(2, 3)
        XCTAssertEqual(z.shape, [2, 3])
        XCTAssertEqual(z.scalars, Array(repeating: 0, count: 6))
        XCTAssertEqual(Tensor<Float>.ones(4).scalars, [1, 1, 1, 1])
        XCTAssertEqual(Tensor<Double>.zeros(like: Tensor<Int>.arange(5)).shape, [5])
        let empty = Tensor<Double>.zeros(3, 0, 2)
        XCTAssertEqual(empty.shape, [3, 0, 2])
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(Tensor(repeating: 7, shape: [2, 2]).scalars, [7, 7, 7, 7])
        let s = Tensor<Double>(scalar: 2.5)
        XCTAssertEqual(s.rank, 0)
        XCTAssertEqual(s.scalar, 2.5)
    }

    func testNestedArrays() {
        let v = Tensor<Double>([1, 2, 3])
        XCTAssertEqual(v.shape, [3])
        let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.shape, [2, 3])
        XCTAssertEqual(m.scalars, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(m[1, 0], 4)
        XCTAssertEqual(m[0, 2], 3)
        let c = Tensor<Int>([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
        XCTAssertEqual(c.shape, [2, 3, 2])
        XCTAssertEqual(c[1, 2, 0], 11)
        XCTAssertEqual(c[0, 1, 1], 4)
        XCTAssertEqual(Tensor<Int>.arange(4).scalars, [0, 1, 2, 3])
    }

    /// Values printed by NumPy 2.4 `repr(np.linspace(...))`, compared bit for bit.
    func testLinspaceMatchesNumPy() {
        let cases: [(Double, Double, Int, [Double])] = [
            (
                -1.4, 1.3, 7,
                [
                    -1.4, -0.95, -0.4999999999999999, -0.04999999999999982,
                    0.40000000000000013, 0.8500000000000001, 1.3,
                ]
            ),
            (0.1, 0.7, 6, [0.1, 0.22, 0.33999999999999997, 0.45999999999999996, 0.58, 0.7]),
            (
                -0.4, 0.7, 11,
                [
                    -0.4, -0.29000000000000004, -0.18, -0.06999999999999995,
                    0.040000000000000036, 0.15000000000000002, 0.2600000000000001,
                    0.3700000000000001, 0.4800000000000001, 0.5900000000000001, 0.7,
                ]
            ),
            (3.0, -2.0, 4, [3.0, 1.3333333333333333, -0.3333333333333335, -2.0]),
            (0.0, 1.0, 1, [0.0]),
            (2.5, 9.0, 1, [2.5]),
            (0.0, 1.0, 0, []),
        ]
        for (low, high, count, expected) in cases {
            let t = Tensor<Double>.linspace(from: low, through: high, count: count)
            XCTAssertEqual(t.shape, [count])
            XCTAssertEqual(t.scalars, expected, "linspace(\(low), \(high), \(count))")
        }
    }

    func testReshapeWithInferredSize() {
        let t = Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
        XCTAssertEqual(t.reshaped(-1, 4).shape, [6, 4])
        XCTAssertEqual(t.reshaped(2, -1).shape, [2, 12])
        XCTAssertEqual(t.reshaped(-1).shape, [24])
        XCTAssertEqual(t.reshaped(4, -1, 3).shape, [4, 2, 3])
        XCTAssertEqual(t.reshaped(6, 4).scalars, t.scalars, "reshape keeps row-major order")
        XCTAssertEqual(Tensor<Double>.zeros(0, 3).reshaped(-1, 3).shape, [0, 3])
        let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.transposed(), Tensor<Double>([[1, 4], [2, 5], [3, 6]]))
    }

    func testSeededRandomIsReproducible() {
        var a = SeededGenerator(seed: 231), b = SeededGenerator(seed: 231)
        var c = SeededGenerator(seed: 232)
        let x = Tensor<Double>.randomNormal(shape: [5, 7], using: &a)
        let y = Tensor<Double>.randomNormal(shape: [5, 7], using: &b)
        let z = Tensor<Double>.randomNormal(shape: [5, 7], using: &c)
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, z)
        // The stream continues: a second draw differs from the first.
        XCTAssertNotEqual(Tensor<Double>.randomNormal(shape: [5, 7], using: &a), x)
        var d = SeededGenerator(seed: 7), e = SeededGenerator(seed: 7)
        XCTAssertEqual(
            Tensor<Int>.randomIntegers(below: 9, shape: [40], using: &d),
            Tensor<Int>.randomIntegers(below: 9, shape: [40], using: &e))
        XCTAssertEqual(
            Tensor<Double>.randomUniform(shape: [8], using: &d),
            Tensor<Double>.randomUniform(shape: [8], using: &e))
    }

    func testRandomMoments() {
        var g = SeededGenerator(seed: 1)
        let n = 200_000
        let normal = Tensor<Double>.randomNormal(shape: [n], using: &g)
        let mean = normal.mean()
        let variance = (normal - mean).squared().mean()
        // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; allow ~5σ.
        XCTAssertEqual(mean, 0, accuracy: 0.012)
        XCTAssertEqual(variance, 1, accuracy: 0.016)
        let within1 = normal.scalars.filter { abs($0) < 1 }.count
        XCTAssertEqual(Double(within1) / Double(n), 0.6827, accuracy: 0.006)

        let uniform = Tensor<Double>.randomUniform(shape: [n], low: -2, high: 3, using: &g)
        XCTAssert(uniform.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
        XCTAssertEqual(uniform.mean(), 0.5, accuracy: 0.02)
        XCTAssertEqual((uniform - 0.5).squared().mean(), 25.0 / 12, accuracy: 0.03)

        let ints = Tensor<Int>.randomIntegers(below: 5, shape: [50_000], using: &g)
        var counts = [Int](repeating: 0, count: 5)
        for i in ints.scalars { counts[i] += 1 }
        for c in counts { XCTAssertEqual(Double(c), 10_000, accuracy: 500) }

        let floats = Tensor<Float>.randomNormal(shape: [1000], using: &g)
        XCTAssert(floats.isFinite)
    }

    func testOneHotAndConversions() {
        let o = Tensor<Double>.oneHot(Tensor<Int>([[2, 0], [1, 1]]), depth: 3)
        XCTAssertEqual(o.shape, [2, 2, 3])
        XCTAssertEqual(o.scalars, [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0])
        let mask = Tensor<Int>([[0, 3], [4, 0]]) .!= 0
        XCTAssertEqual(mask.scalars, [false, true, true, false])
        XCTAssertEqual(Tensor<Double>(mask).scalars, [0, 1, 1, 0])
        XCTAssertEqual(Tensor<Int>(truncating: Tensor<Double>([2.9, -1.7])).scalars, [2, -1])
        XCTAssertEqual(Tensor<Float>(converting: Tensor<Double>([0.5, 2])).scalars, [0.5, 2])
    }
}
