import XCTest

@testable import Tensor

/// The blocked SIMD products against the plain i-k-j loop: Double must match bit for bit
/// (same summation order, no FMA), Float to rounding error, for every transpose and for
/// sizes around the tile and block edges.
final class FastMatrixProductTests: XCTestCase {
    private func reference(
        _ a: [Double], _ b: [Double], m: Int, n: Int, k: Int,
        transposeA: Bool, transposeB: Bool
    ) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let scale = transposeA ? a[p * m + i] : a[i * k + p]
                for j in 0..<n {
                    c[i * n + j] += scale * (transposeB ? b[j * k + p] : b[p * n + j])
                }
            }
        }
        return c
    }

    private let sizes: [(Int, Int, Int)] = [
        (1, 1, 1), (2, 3, 4), (7, 5, 3), (8, 32, 16), (9, 33, 17), (25, 512, 40),
        (31, 47, 300), (100, 64, 513), (200, 130, 257), (3, 1000, 70), (130, 2, 600),
        (64, 2100, 20), (20, 700, 301),  // the last: a skinny product split over two threads
        (25, 40, 2100),  // a skinny product over several chunks of k, with a tail
        (21, 600, 9),  // a skinny product with k below one 16-lane vector
    ]

    func testDoubleIsBitIdenticalToThePlainLoop() {
        var generator = SeededGenerator(seed: 7)
        for (m, n, k) in sizes {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = Tensor<Double>.randomNormal(shape: [m * k], using: &generator).scalars
                    let b = Tensor<Double>.randomNormal(shape: [k * n], using: &generator).scalars
                    let c = matrixProduct(
                        a, b, m: m, n: n, k: k, transposeA: transposeA,
                        transposeB: transposeB)
                    let expected = reference(
                        a, b, m: m, n: n, k: k, transposeA: transposeA,
                        transposeB: transposeB)
                    XCTAssertEqual(c, expected, "\(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB)")
                }
            }
        }
    }

    func testFloatMatchesDoubleToRoundingError() {
        var generator = SeededGenerator(seed: 8)
        for (m, n, k) in sizes {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = Tensor<Double>.randomNormal(shape: [m * k], using: &generator).scalars
                    let b = Tensor<Double>.randomNormal(shape: [k * n], using: &generator).scalars
                    let c = matrixProduct(
                        a.map(Float.init), b.map(Float.init), m: m, n: n, k: k,
                        transposeA: transposeA, transposeB: transposeB)
                    let expected = reference(
                        a.map { Double(Float($0)) }, b.map { Double(Float($0)) },
                        m: m, n: n, k: k, transposeA: transposeA,
                        transposeB: transposeB)
                    let tolerance = 1e-6 * Double(k).squareRoot() * 4
                    var worst = 0.0
                    for (x, y) in zip(c, expected) {
                        worst = max(worst, abs(Double(x) - y) / max(1, abs(y)))
                    }
                    XCTAssertLessThan(
                        worst, tolerance, "\(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB)")
                }
            }
        }
    }

    /// The last rows of A (fewer than the kernel's 8) have their own smaller tiles
    /// (`floatRowsKernel`); they must give exactly what the 8-row kernel gives for the same
    /// rows, so a row of a Float product never depends on how many rows A has.
    func testFloatRowsDoNotDependOnTheNumberOfRows() {
        var generator = SeededGenerator(seed: 9)
        let full = 16
        for (n, k) in [(64, 260), (70, 300), (96, 513), (13, 2100)] {  // past the plain loop
            let a = Tensor<Float>.randomNormal(shape: [full * k], using: &generator).scalars
            let b = Tensor<Float>.randomNormal(shape: [k * n], using: &generator).scalars
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let whole = matrixProduct(
                        a, b, m: full, n: n, k: k, transposeA: transposeA,
                        transposeB: transposeB)
                    for m in 1..<full {
                        // The first m rows of op(A): leading rows, or leading columns of Aᵀ.
                        let rows =
                            transposeA
                            ? (0..<k).flatMap { p in a[(p * full)..<(p * full + m)] }
                            : Array(a[0..<(m * k)])
                        let part = matrixProduct(
                            rows, b, m: m, n: n, k: k, transposeA: transposeA,
                            transposeB: transposeB)
                        XCTAssertTrue(
                            part == Array(whole[0..<(m * n)]),
                            "\(m) of \(full) rows, n \(n), k \(k), tA \(transposeA) tB \(transposeB)"
                        )
                    }
                }
            }
        }
    }
}
