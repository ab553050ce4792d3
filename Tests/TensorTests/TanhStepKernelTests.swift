import XCTest

@testable import Tensor

/// The vanilla-RNN step kernels (SequenceStepKernels.swift) must give their tensor
/// expressions' bits, additions in the written order: `tanhStep` the training forward's
/// `((x · Wx + b)[:, step] + h · Wh).tanh()`, `tanhOfSum` the decoder's (and
/// `rnnStepForward`'s) `(x · Wx + h · Wh + b).tanh()`.
final class TanhStepKernelTests: XCTestCase {
    /// Widths with and without a tail of 16 lanes, one row and enough rows for two threads.
    private let shapes = [(1, 1), (3, 17), (100, 512), (64, 1000), (5, 33)]

    /// The bits of every element (Float widens to Double exactly, signed zeros included).
    private func bits<S: TensorScalar>(_ t: Tensor<S>) -> [UInt64] {
        Tensor<Double>(converting: t).scalars.map(\.bitPattern)
    }

    private func checkTanhOfSum<S: TensorScalar>(_: S.Type, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (n, w) in shapes {
            let x = Tensor<S>.randomNormal(shape: [n, w], using: &generator) * 3
            let y = Tensor<S>.randomNormal(shape: [n, w], using: &generator) * 3
            let b = Tensor<S>.randomNormal(shape: [w], using: &generator)
            XCTAssertEqual(
                bits(tanhOfSum(x, y, plus: b)), bits((x + y + b).tanh()), "\(S.self) \(n)×\(w)")
        }
    }

    private func checkTanhStep<S: TensorScalar>(_: S.Type, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (n, w) in shapes {
            let t = 3
            let projected = Tensor<S>.randomNormal(shape: [n, t, w], using: &generator) * 3
            let y = Tensor<S>.randomNormal(shape: [n, w], using: &generator) * 3
            let b = Tensor<S>.randomNormal(shape: [w], using: &generator)
            for step in 0..<t {
                XCTAssertEqual(
                    bits(tanhStep(projected, step, bias: b, plus: y)),
                    bits(((projected + b)[..., step] + y).tanh()),
                    "\(S.self) \(n)×\(w) step \(step)")
            }
        }
    }

    func testTanhOfSumEqualsItsExpressionBitForBit() {
        checkTanhOfSum(Float.self, seed: 7)
        checkTanhOfSum(Double.self, seed: 8)
    }

    func testTanhStepEqualsItsExpressionBitForBit() {
        checkTanhStep(Float.self, seed: 9)
        checkTanhStep(Double.self, seed: 10)
    }
}
