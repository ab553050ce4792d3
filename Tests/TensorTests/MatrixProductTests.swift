import Tensor
import XCTest

final class MatrixProductTests: XCTestCase {
    func testSmallProductByHand() {
        let a = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Tensor<Double>([[7, 8], [9, 10], [11, 12]])
        XCTAssertEqual(a.matmul(b), Tensor([[58, 64], [139, 154]]))
        XCTAssertEqual(
            a.transposedMatmul(a), Tensor([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        XCTAssertEqual(a.matmulTransposed(a), Tensor([[14, 32], [32, 77]]))
    }

    /// (leading…, K) · (K, P) for non-square and empty shapes, against the triple loop.
    func testMatmulAgainstNaive() {
        let cases: [([Int], Int)] = [  // (left shape, P)
            ([3, 5], 2), ([1, 4], 7), ([6, 1], 3), ([2, 3, 4], 5), ([4, 1, 3], 2),
            ([2, 3, 2, 5], 3),
            ([0, 4], 3), ([3, 4], 0), ([3, 0], 4), ([2, 0, 3], 4), ([2, 3, 0], 5), ([0, 0], 0),
        ]
        for (k, (leftShape, p)) in cases.enumerated() {
            let kk = leftShape.last!
            let a = random(leftShape, seed: UInt64(k)), b = random([kk, p], seed: UInt64(50 + k))
            let m = leftShape.dropLast().reduce(1, *)
            let expected = Tensor(
                shape: Array(leftShape.dropLast()) + [p],
                scalars: Naive.matmul(a.scalars, b.scalars, m: m, k: kk, p: p))
            assertAllClose(
                a.matmul(b), expected, tolerance: 1e-13,
                "\(leftShape.shapeDescription) · \([kk, p].shapeDescription)")
        }
    }

    /// xᵀ · y with both operands' leading axes flattened into rows.
    func testTransposedMatmulAgainstNaive() {
        let cases: [([Int], [Int])] = [
            ([5, 3], [5, 4]), ([1, 6], [1, 2]), ([2, 3, 4], [2, 3, 5]), ([4, 3], [2, 2, 7]),
            ([0, 3], [0, 4]), ([3, 0], [3, 2]), ([2, 0, 3], [0, 2]), ([4, 2], [4, 0]),
        ]
        for (k, (sa, sb)) in cases.enumerated() {
            let a = random(sa, seed: UInt64(10 + k)), b = random(sb, seed: UInt64(60 + k))
            let (ma, rows) = (sa.last!, sa.dropLast().reduce(1, *))
            let p = sb.last!
            let at = Naive.transpose(a.scalars, rows: rows, columns: ma)
            let expected = Tensor(
                shape: [ma, p],
                scalars: Naive.matmul(at, b.scalars, m: ma, k: rows, p: p))
            assertAllClose(
                a.transposedMatmul(b), expected, tolerance: 1e-13,
                "\(sa.shapeDescription)ᵀ · \(sb.shapeDescription)")
        }
    }

    /// x · wᵀ with the left operand's leading axes kept.
    func testMatmulTransposedAgainstNaive() {
        let cases: [([Int], Int)] = [  // (left shape (…, P), K of the (K, P) right operand)
            ([3, 5], 2), ([1, 4], 6), ([2, 3, 4], 5), ([3, 2, 1], 4), ([0, 3], 2), ([3, 0], 4),
            ([2, 3, 0], 2), ([3, 4], 0),
        ]
        for (k, (sa, kk)) in cases.enumerated() {
            let p = sa.last!
            let a = random(sa, seed: UInt64(20 + k)), w = random([kk, p], seed: UInt64(70 + k))
            let m = sa.dropLast().reduce(1, *)
            let wt = Naive.transpose(w.scalars, rows: kk, columns: p)
            let expected = Tensor(
                shape: Array(sa.dropLast()) + [kk],
                scalars: Naive.matmul(a.scalars, wt, m: m, k: p, p: kk))
            assertAllClose(
                a.matmulTransposed(w), expected, tolerance: 1e-13,
                "\(sa.shapeDescription) · \([kk, p].shapeDescription)ᵀ")
        }
    }

    func testProductsAgreeWithExplicitTranspose() {
        let x = random([7, 3], seed: 1), y = random([7, 5], seed: 2), w = random([4, 5], seed: 3)
        assertAllClose(x.transposedMatmul(y), x.transposed().matmul(y), tolerance: 1e-14)
        assertAllClose(y.matmulTransposed(w), y.matmul(w.transposed()), tolerance: 1e-14)
        let f = Tensor<Float>([[1, 2], [3, 4]])
        XCTAssertEqual(f.matmul(f).scalars, [7, 10, 15, 22])
    }
}
