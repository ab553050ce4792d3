import Foundation
import Tensor
import XCTest

final class ArithmeticTests: XCTestCase {
    func testBroadcastingByHand() {
        let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        // Same shape.
        XCTAssertEqual((m + m).scalars, [2, 4, 6, 8, 10, 12])
        // Bias row (3,).
        XCTAssertEqual((m + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        // Bias row on the left.
        XCTAssertEqual((Tensor([10, 20, 30]) - m).scalars, [9, 18, 27, 6, 15, 24])
        // Column (2, 1).
        XCTAssertEqual(
            (m * Tensor(shape: [2, 1], scalars: [10, 100])).scalars,
            [10, 20, 30, 400, 500, 600])
        // Rank-0 tensor and plain scalars.
        XCTAssertEqual((m / Tensor(scalar: 2)).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
        XCTAssertEqual((1 - m).scalars, [0, -1, -2, -3, -4, -5])
        XCTAssertEqual((12 / m).scalars, [12, 6, 4, 3, 2.4, 2])
        XCTAssertEqual((m - 1).scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual((2 * m).scalars, (m * 2).scalars)
        XCTAssertEqual((-m).scalars, [-1, -2, -3, -4, -5, -6])
        // General: (2, 1, 3) with (4, 1) -> (2, 4, 3).
        let a = Tensor<Double>(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor<Double>(shape: [4, 1], scalars: [0, 10, 20, 30])
        let s = a + b
        XCTAssertEqual(s.shape, [2, 4, 3])
        XCTAssertEqual(s[1, 2, 0], 24)
        XCTAssertEqual(s[0, 3, 2], 33)
        // Row (1, 3) against column (2, 1): an outer sum.
        let outer =
            Tensor<Double>(shape: [1, 3], scalars: [1, 2, 3])
            + Tensor<Double>(shape: [2, 1], scalars: [10, 20])
        XCTAssertEqual(outer, Tensor([[11, 12, 13], [21, 22, 23]]))
    }

    /// Random shape pairs from every broadcasting family, against the naive definition.
    func testBroadcastingAgainstNaive() {
        let pairs: [([Int], [Int])] = [
            ([3, 4], [3, 4]), ([3, 4], [4]), ([4], [3, 4]), ([3, 4], [3, 1]), ([3, 1], [3, 4]),
            ([3, 4], []), ([], [3, 4]), ([2, 1, 4], [3, 1]), ([5, 1], [1, 6]),
            ([2, 3, 4], [3, 4]),
            ([2, 3, 4], [1, 4]), ([2, 3, 4], [2, 1, 4]), ([2, 3, 4], [2, 3, 1]),
            ([1, 3, 1], [2, 1, 5]),
            ([2, 3, 4], [1, 1, 1]), ([0, 3], [3]), ([2, 0, 3], [0, 1]), ([1], [7]),
            ([4, 1, 1], [1, 4]),
        ]
        let ops:
            [(
                String, (Tensor<Double>, Tensor<Double>) -> Tensor<Double>,
                (Double, Double) -> Double
            )] = [
                ("+", { $0 + $1 }, { $0 + $1 }), ("-", { $0 - $1 }, { $0 - $1 }),
                ("*", { $0 * $1 }, { $0 * $1 }), ("/", { $0 / $1 }, { $0 / $1 }),
            ]
        for (k, (sa, sb)) in pairs.enumerated() {
            let a = random(sa, seed: UInt64(2 * k)), b = random(sb, seed: UInt64(2 * k + 1))
            for (name, op, scalarOp) in ops {
                assertAllClose(
                    op(a, b), Naive.broadcast(a, b, scalarOp), tolerance: 0,
                    "\(sa.shapeDescription) \(name) \(sb.shapeDescription)")
            }
        }
    }

    func testInPlaceOperators() {
        let shapes: [([Int], [Int])] = [
            ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]),
            ([3, 4], []), ([2, 3, 4], [3, 1]), ([2, 3, 4], [1, 3, 4]),
        ]
        for (k, (sa, sb)) in shapes.enumerated() {
            let a = random(sa, seed: UInt64(100 + k)), b = random(sb, seed: UInt64(200 + k))
            var x = a
            x += b
            assertAllClose(x, Naive.broadcast(a, b, +), tolerance: 0, "+= \(sb)")
            x = a
            x -= b
            assertAllClose(x, Naive.broadcast(a, b, -), tolerance: 0, "-= \(sb)")
            x = a
            x *= b
            assertAllClose(x, Naive.broadcast(a, b, *), tolerance: 0, "*= \(sb)")
            x = a
            x /= b
            assertAllClose(x, Naive.broadcast(a, b, /), tolerance: 0, "/= \(sb)")
        }
        var m = Tensor<Double>([[1, 2], [3, 4]])
        let copy = m
        m *= 3
        XCTAssertEqual(m.scalars, [3, 6, 9, 12])
        XCTAssertEqual(copy.scalars, [1, 2, 3, 4], "value semantics: the copy is unchanged")
    }

    func testElementaryFunctions() {
        let x = Tensor<Double>([-2, -0.5, 0, 0.5, 2])
        XCTAssertEqual(x.tanh().scalars, x.scalars.map { Foundation.tanh($0) })
        XCTAssertEqual(x.exp().scalars, x.scalars.map { Foundation.exp($0) })
        XCTAssertEqual(x.squared().scalars, [4, 0.25, 0, 0.25, 4])
        XCTAssertEqual(x.magnitude().scalars, [2, 0.5, 0, 0.5, 2])
        XCTAssertEqual(Tensor<Double>([4, 9]).squareRoot().scalars, [2, 3])
        XCTAssertEqual(Tensor<Double>([1, M_E]).log().scalars[1], 1, accuracy: 1e-15)
        XCTAssertEqual(Tensor<Double>([2, 3]).raised(to: 3).scalars, [8, 27])
        let s = x.sigmoid()
        for (v, sv) in zip(x.scalars, s.scalars) {
            XCTAssertEqual(sv, 1 / (1 + Foundation.exp(-v)), accuracy: 1e-15)
        }
        XCTAssertEqual(Tensor<Double>([0]).sigmoid().scalars, [0.5])
    }

    func testSigmoidIsStableForHugeInputs() {
        let d = Tensor<Double>([-1000, -750, 0, 750, 1000]).sigmoid()
        XCTAssertFalse(d.scalars.contains { $0.isNaN })
        XCTAssertEqual(d.scalars[0], 0)
        XCTAssertEqual(d.scalars[4], 1)
        XCTAssertEqual(d.scalars[2], 0.5)
        let f = Tensor<Float>([-1000, -100, 100, 1000]).sigmoid()
        XCTAssertFalse(f.scalars.contains { $0.isNaN })
        // Float uses the SIMD approximation (FastFloatMath), which clamps its input at −87:
        // below that it returns at most 4.5e-39 instead of a subnormal or 0, an absolute
        // error under 1e-38.
        XCTAssertGreaterThanOrEqual(f.scalars[0], 0)
        XCTAssertLessThan(f.scalars[0], 1e-38)
        XCTAssertLessThan(f.scalars[1], 1e-38)
        XCTAssertEqual(Array(f.scalars[2...]), [1, 1])
        // Symmetry σ(−x) = 1 − σ(x) well inside the range.
        let x = Tensor<Double>([-30, -3, 3, 30])
        XCTAssertEqual((1 - x.sigmoid()).scalars[2], (-x).sigmoid().scalars[2], accuracy: 1e-15)
    }
}
