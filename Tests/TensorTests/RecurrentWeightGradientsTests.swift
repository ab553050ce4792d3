import XCTest

@testable import Tensor

/// `recurrentWeightGradients` gives xᵀ · da and prevᵀ · da, prev = `shiftedRight(h, h0)`,
/// bit for bit as the two products alone, whether its Float path runs them as one
/// product (D a multiple of 8 and both products large enough for the blocked kernel) or
/// falls back to two.
final class RecurrentWeightGradientsTests: XCTestCase {
    /// (N, T, D, H, G): joined in one product (one thread, two threads along n and along
    /// m, several k blocks), and the fallbacks (D not a multiple of 8, D or H within the
    /// strip product's rows, a tiny product).
    private let shapes = [
        (7, 5, 40, 48, 96), (9, 7, 64, 72, 200), (25, 16, 256, 512, 2048),
        (30, 20, 256, 64, 40), (5, 4, 44, 40, 64), (2, 3, 16, 40, 64), (4, 3, 32, 24, 64),
        (1, 1, 8, 8, 8),
    ]

    private func bits<S: TensorScalar>(_ t: Tensor<S>) -> [UInt64] {
        Tensor<Double>(converting: t).scalars.map(\.bitPattern)
    }

    private func check<S: TensorScalar>(_: S.Type, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (n, t, d, h, g) in shapes {
            let x = Tensor<S>.randomNormal(shape: [n, t, d], using: &generator)
            let hs = Tensor<S>.randomNormal(shape: [n, t, h], using: &generator)
            let h0 = Tensor<S>.randomNormal(shape: [n, h], using: &generator)
            let da = Tensor<S>.randomNormal(shape: [n, t, g], using: &generator)
            let (dWx, dWh) = recurrentWeightGradients(x: x, h: hs, h0: h0, da: da)
            let context = "\(S.self) N \(n) T \(t) D \(d) H \(h) G \(g)"
            XCTAssertEqual(dWx.shape, [d, g], context)
            XCTAssertEqual(dWh.shape, [h, g], context)
            XCTAssertEqual(bits(dWx), bits(x.transposedMatmul(da)), "dWx, \(context)")
            XCTAssertEqual(
                bits(dWh), bits(shiftedRight(hs, first: h0).transposedMatmul(da)),
                "dWh, \(context)")
        }
    }

    func testFloatEqualsTheTwoProductsBitForBit() { check(Float.self, seed: 31) }

    func testDoubleEqualsTheTwoProductsBitForBit() { check(Double.self, seed: 32) }
}
