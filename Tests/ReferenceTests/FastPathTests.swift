import Reference
import Tensor
import XCTest

/// The Float fast paths against the exact Double ones, and the time loops at the edge of
/// the empty sequence: the fused Float softmax loss (SIMD16 lanes, any vocabulary size,
/// masked rows, NaN) and rnnForward / rnnBackward with T = 0.
final class FastPathTests: XCTestCase {
    func testFloatSoftmaxLossMatchesDoubleForAnyVocabularySize() {
        var g = SeededGenerator(seed: 41)
        for v in [1, 2, 15, 16, 17, 33, 1004] {
            let (n, t) = (3, 4)
            let x = Tensor<Double>.randomNormal(shape: [n, t, v], using: &g) * 3
            var y = Tensor<Int>(repeating: 0, shape: [n, t])
            var mask = Tensor<Bool>(repeating: true, shape: [n, t])
            for row in 0..<n {
                for step in 0..<t {
                    y[row, step] = g.nextInt(below: v)
                    mask[row, step] = (row + step) % 3 != 0
                }
            }
            let exact = temporalSoftmaxLoss(x: x, y: y, mask: mask)
            let fast = temporalSoftmaxLoss(x: Tensor<Float>(converting: x), y: y, mask: mask)
            XCTAssertLessThan(abs(Double(fast.loss) - exact.loss) / max(1e-3, abs(exact.loss)),
                              1e-5, "loss, V = \(v)")
            XCTAssertLessThan(relativeError(Tensor<Double>(converting: fast.dx), exact.dx), 1e-4,
                              "dx, V = \(v)")
            for row in 0..<n {
                for step in 0..<t where !mask[row, step] {
                    for j in 0..<v {
                        XCTAssertEqual(fast.dx[row, step, j], 0, "masked row \(row), \(step)")
                    }
                }
            }
        }
    }

    func testFloatSoftmaxLossPropagatesNaN() {
        for position in [0, 17, 40] {  // in a SIMD16 block and in the tail of V = 41
            var x = Tensor<Float>(repeating: 0.5, shape: [1, 1, 41])
            x[0, 0, position] = .nan
            let y = Tensor<Int>(repeating: 3, shape: [1, 1])
            let result = temporalSoftmaxLoss(x: x, y: y, mask: Tensor(repeating: true, shape: [1, 1]))
            XCTAssertTrue(result.loss.isNaN, "NaN at \(position)")
        }
    }

    func testRNNOverAnEmptySequence() {
        var g = SeededGenerator(seed: 42)
        let (n, d, h) = (3, 4, 5)
        let x = Tensor<Double>.zeros(n, 0, d)
        let h0 = Tensor<Double>.randomNormal(shape: [n, h], using: &g)
        let wx = Tensor<Double>.randomNormal(shape: [d, h], using: &g)
        let wh = Tensor<Double>.randomNormal(shape: [h, h], using: &g)
        let (out, cache) = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: .zeros(h))
        XCTAssertEqual(out.shape, [n, 0, h])
        let grads = rnnBackward(dh: .zeros(n, 0, h), cache: cache)
        XCTAssertEqual(grads.dx.shape, [n, 0, d])
        XCTAssertEqual(grads.dh0, .zeros(n, h))
        XCTAssertEqual(grads.dWh, .zeros(h, h))
    }
}
