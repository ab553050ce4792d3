import XCTest

@testable import Tensor

/// The vanilla-RNN step kernels (SequenceStepKernels.swift) must give their tensor
/// expressions' bits, additions in the written order: `tanhStep` the training forward's
/// `((x · Wx + b)[:, step] + h · Wh).tanh()`, `tanhOfSum` the decoder's (and
/// `rnnStepForward`'s) `(x · Wx + h · Wh + b).tanh()`, `tanhStepGradient` the backward's
/// `(dh[:, step] + dNext) * (1 - h[:, step]²)`, which also writes its result into the
/// given step of a `(N, T, H)` tensor and nowhere else.
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

    /// `h` holds `expected` at `step` and is `before` at every other step.
    private func checkRecorded<S: TensorScalar>(
        _ h: Tensor<S>, before: Tensor<S>, step: Int, expected: [UInt64],
        line: UInt = #line
    ) {
        for other in 0..<h.shape[1] {
            XCTAssertEqual(
                bits(h[..., other]), other == step ? expected : bits(before[..., other]),
                "\(S.self) \(h.shape) recorded at step \(step), step \(other)", line: line)
        }
    }

    private func checkTanhStepGradient<S: TensorScalar>(_: S.Type, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (n, w) in shapes {
            let t = 3
            let dh = Tensor<S>.randomNormal(shape: [n, t, w], using: &generator)
            let h = Tensor<S>.randomNormal(shape: [n, t, w], using: &generator).tanh()
            let dNext = Tensor<S>.randomNormal(shape: [n, w], using: &generator)
            let before = Tensor<S>.randomNormal(shape: [n, t, w], using: &generator)
            for step in 0..<t {
                var da = before
                let hStep = h[..., step]
                let expected = bits((dh[..., step] + dNext) * (1 - hStep * hStep))
                let gradient = tanhStepGradient(
                    dh: dh, dNext: dNext, h: h, step: step, recordingInto: &da)
                XCTAssertEqual(bits(gradient), expected, "\(S.self) \(n)×\(w) step \(step)")
                checkRecorded(da, before: before, step: step, expected: expected)
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

    func testTanhStepGradientEqualsItsExpressionBitForBit() {
        checkTanhStepGradient(Float.self, seed: 11)
        checkTanhStepGradient(Double.self, seed: 12)
    }
}
