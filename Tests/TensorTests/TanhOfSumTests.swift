import XCTest

@testable import Tensor

/// `tanhOfSum` (the decoder's vanilla-RNN step, SequenceStepKernels.swift) must give the
/// tensor expression's bits, `(x + y + b).tanh()`, in that order of additions: greedy
/// sampling relies on it to equal `rnnStepForward`.
final class TanhOfSumTests: XCTestCase {
    func testFloatAndDoubleEqualTheExpressionBitForBit() {
        var generator = SeededGenerator(seed: 7)
        // Widths with and without a tail of 16 lanes, one row and enough rows for two threads.
        for (n, w) in [(1, 1), (3, 17), (100, 512), (64, 1000), (5, 33)] {
            let x = Tensor<Float>.randomNormal(shape: [n, w], using: &generator) * 3
            let y = Tensor<Float>.randomNormal(shape: [n, w], using: &generator) * 3
            let b = Tensor<Float>.randomNormal(shape: [w], using: &generator)
            let expected = (x + y + b).tanh()
            XCTAssertEqual(
                tanhOfSum(x, y, plus: b).scalars.map(\.bitPattern),
                expected.scalars.map(\.bitPattern), "Float \(n)×\(w)")
            let (xd, yd, bd) = (
                Tensor<Double>(converting: x), Tensor<Double>(converting: y),
                Tensor<Double>(converting: b))
            XCTAssertEqual(
                tanhOfSum(xd, yd, plus: bd).scalars.map(\.bitPattern),
                (xd + yd + bd).tanh().scalars.map(\.bitPattern), "Double \(n)×\(w)")
        }
    }
}
