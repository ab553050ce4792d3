import Tensor
import Vision
import XCTest

/// Max pooling and ReLU: forward by hand, backward against central differences.
final class PoolingAndReLUTests: XCTestCase {
    func testMaxPoolForwardByHand() {
        let x = Tensor<Double>(
            shape: [1, 1, 4, 4],
            scalars: [
                1, 2, 0, 0,
                3, 4, 0, 9,
                -1, -2, 5, 5,
                -3, -4, 5, 6,
            ])
        let (out, cache) = maxPoolForward(x: x)
        XCTAssertEqual(out, Tensor(shape: [1, 1, 2, 2], scalars: [4, 9, -1, 6]))
        let dx = maxPoolBackward(
            dout: Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), cache: cache)
        XCTAssertEqual(dx.scalars, [0, 0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0, 0, 0, 0, 4])
    }

    /// Piecewise linear: away from ties and kinks (random normals keep inputs ≫ h apart)
    /// central differences are exact up to round-off.
    func testMaxPoolBackward() {
        var g = SeededGenerator(seed: 6)
        // (shape, height, width, stride): 2×2/2, an odd size whose last row and column no
        // window reaches, overlapping 3×3/2 windows, a non-square 2×3/1 window.
        for (shape, height, width, stride) in [
            ([2, 3, 4, 4], 2, 2, 2), ([1, 2, 5, 7], 2, 2, 2), ([2, 1, 5, 5], 3, 3, 2),
            ([1, 2, 4, 6], 2, 3, 1),
        ] {
            let x = GradientChecking.normal(shape, &g)
            let (out, cache) = maxPoolForward(x: x, height: height, width: width, stride: stride)
            let dout = GradientChecking.normal(out.shape, &g)
            GradientChecking.assertGradient(
                "max pool \(shape) \(height)×\(width)/\(stride) dx",
                numeric: numericGradient(at: x, upstream: dout) {
                    maxPoolForward(x: $0, height: height, width: width, stride: stride).out
                }, analytic: maxPoolBackward(dout: dout, cache: cache), below: 1e-8)
        }
    }

    func testReLU() {
        var g = SeededGenerator(seed: 7)
        let x = GradientChecking.normal([3, 4, 5], &g)
        let (out, cache) = reluForward(x: x)
        XCTAssertEqual(out.scalars, x.scalars.map { max($0, 0) })
        let dout = GradientChecking.normal(x.shape, &g)
        GradientChecking.assertGradient(
            "relu dx", numeric: numericGradient(at: x, upstream: dout) { reluForward(x: $0).out },
            analytic: reluBackward(dout: dout, cache: cache), below: 1e-8)
    }
}
