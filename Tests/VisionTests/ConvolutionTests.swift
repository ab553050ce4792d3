import Tensor
import Vision
import XCTest

/// conv2d against a loop written straight from its definition, and its gradients against
/// central differences, at shapes that catch swapped axes: C = 1 and 3, F ≠ C, stride 1,
/// 2 and 3, padding 0, 1 and 2, non-square images and filters, odd sizes, and strides that
/// leave pixels no window reaches.
final class ConvolutionTests: XCTestCase {
    /// (N, C, H, W, F, HH, WW, stride, padding).
    static let shapes = [
        (2, 3, 5, 5, 4, 3, 3, 1, 1),
        (1, 1, 4, 6, 2, 3, 3, 1, 0),
        (2, 3, 7, 5, 2, 3, 2, 2, 1),
        (1, 2, 6, 6, 3, 4, 4, 2, 2),
        (3, 3, 5, 4, 5, 1, 1, 1, 0),
        (1, 3, 4, 4, 3, 5, 5, 1, 2),
        (1, 2, 8, 7, 2, 3, 3, 3, 0),
    ]

    /// `conv_forward_naive`: every output element as the sum over its window.
    static func naiveConvolution(
        _ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>, stride: Int, padding: Int
    ) -> Tensor<Double> {
        let (n, c, h, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (f, hh, ww) = (w.shape[0], w.shape[2], w.shape[3])
        let outputHeight = 1 + (h + 2 * padding - hh) / stride
        let outputWidth = 1 + (width + 2 * padding - ww) / stride
        var out = Tensor<Double>.zeros(n, f, outputHeight, outputWidth)
        for image in 0..<n {
            for filter in 0..<f {
                for y in 0..<outputHeight {
                    for column in 0..<outputWidth {
                        var sum = b[filter].scalar
                        for channel in 0..<c {
                            for i in 0..<hh {
                                for j in 0..<ww {
                                    let (row, col) = (
                                        y * stride - padding + i, column * stride - padding + j
                                    )
                                    guard row >= 0, row < h, col >= 0, col < width else {
                                        continue
                                    }
                                    sum += x[image, channel, row, col] * w[filter, channel, i, j]
                                }
                            }
                        }
                        out[image, filter, y, column] = sum
                    }
                }
            }
        }
        return out
    }

    func testForwardMatchesTheDefinition() {
        var g = SeededGenerator(seed: 1)
        for (n, c, h, w, f, hh, ww, stride, padding) in Self.shapes {
            let x = GradientChecking.normal([n, c, h, w], &g)
            let weights = GradientChecking.normal([f, c, hh, ww], &g)
            let b = GradientChecking.normal([f], &g)
            let out = conv2dForward(x: x, w: weights, b: b, stride: stride, padding: padding).out
            let expected = Self.naiveConvolution(x, weights, b, stride: stride, padding: padding)
            XCTAssertEqual(out.shape, expected.shape)
            let error = relativeError(out, expected)
            print(
                "conv2d forward \([n, c, h, w]) * \([f, c, hh, ww]) stride \(stride) pad "
                    + "\(padding): relative error \(error) (threshold 1e-12)")
            XCTAssertLessThan(error, 1e-12)
        }
    }

    func testForwardInFloatMatchesDouble() {
        var g = SeededGenerator(seed: 2)
        let x = GradientChecking.normal([4, 3, 16, 16], &g)
        let w = GradientChecking.normal([8, 3, 3, 3], &g)
        let b = GradientChecking.normal([8], &g)
        let double = conv2dForward(x: x, w: w, b: b, stride: 1, padding: 1).out
        let float = conv2dForward(
            x: Tensor<Float>(converting: x), w: Tensor<Float>(converting: w),
            b: Tensor<Float>(converting: b), stride: 1, padding: 1
        ).out
        XCTAssertLessThan(relativeError(float, double), 1e-3)
    }

    /// Linear in each input, so central differences leave round-off only (as for affine
    /// in the notebooks, 1e-9 and below).
    func testBackward() {
        var g = SeededGenerator(seed: 3)
        for (n, c, h, w, f, hh, ww, stride, padding) in Self.shapes {
            let x = GradientChecking.normal([n, c, h, w], &g)
            let weights = GradientChecking.normal([f, c, hh, ww], &g)
            let b = GradientChecking.normal([f], &g)
            let (out, cache) = conv2dForward(
                x: x, w: weights, b: b, stride: stride, padding: padding)
            let dout = GradientChecking.normal(out.shape, &g)
            let grads = conv2dBackward(dout: dout, cache: cache)
            let label = "conv2d \([n, c, h, w]) * \([f, c, hh, ww]) stride \(stride) pad \(padding)"
            GradientChecking.assertGradient(
                "\(label) dx",
                numeric: numericGradient(at: x, upstream: dout) {
                    conv2dForward(x: $0, w: weights, b: b, stride: stride, padding: padding).out
                }, analytic: grads.dx, below: 1e-8)
            GradientChecking.assertGradient(
                "\(label) dw",
                numeric: numericGradient(at: weights, upstream: dout) {
                    conv2dForward(x: x, w: $0, b: b, stride: stride, padding: padding).out
                }, analytic: grads.dw, below: 1e-8)
            GradientChecking.assertGradient(
                "\(label) db",
                numeric: numericGradient(at: b, upstream: dout) {
                    conv2dForward(x: x, w: weights, b: $0, stride: stride, padding: padding).out
                }, analytic: grads.db, below: 1e-8)
            let weightsOnly = conv2dWeightBackward(dout: dout, cache: cache)
            XCTAssertEqual(weightsOnly.dw, grads.dw)
            XCTAssertEqual(weightsOnly.db, grads.db)
        }
    }
}
