import Tensor
import XCTest

/// im2col and col2im (Sources/Tensor/ImageColumns.swift): col2im is im2col's adjoint,
/// ⟨col2im(C), X⟩ = ⟨C, im2col(X)⟩ for every X and C, which is exactly what makes the
/// convolution's input gradient right; and the split over two threads changes nothing.
final class ImageColumnsTests: XCTestCase {
    func testColumnsToImagesIsTheAdjoint() {
        var g = SeededGenerator(seed: 4)
        for (shape, window) in [
            ([2, 3, 5, 5], ConvolutionWindow(height: 3, width: 3, stride: 1, padding: 1)),
            ([1, 2, 7, 4], ConvolutionWindow(height: 2, width: 3, stride: 2, padding: 2)),
            ([3, 1, 6, 9], ConvolutionWindow(height: 4, width: 1, stride: 3, padding: 0)),
        ] {
            let x = GradientChecking.normal(shape, &g)
            let columns = x.imageColumns(window: window)
            let c = GradientChecking.normal(columns.shape, &g)
            let back = c.columnsToImages(shape: shape, window: window)
            let (left, right) = ((back * x).sum(), (c * columns).sum())
            XCTAssertEqual(left, right, accuracy: 1e-10 * max(1, abs(left)), "\(shape)")
        }
    }

    /// Large enough for the two-thread split: the same numbers as image by image.
    func testTheParallelSplitGivesTheSameResult() {
        var g = SeededGenerator(seed: 5)
        let window = ConvolutionWindow(height: 3, width: 3, stride: 1, padding: 1)
        let x = Tensor<Float>.randomNormal(shape: [6, 3, 32, 32], using: &g)
        let columns = x.imageColumns(window: window)
        XCTAssertGreaterThan(columns.count, 1 << 16)
        let back = columns.columnsToImages(shape: x.shape, window: window)
        for image in 0..<6 {
            let one = x[image].reshaped(1, 3, 32, 32)
            let oneColumns = one.imageColumns(window: window)
            let p = 32 * 32
            for row in 0..<27 {
                XCTAssertEqual(
                    Array(oneColumns.scalars[(row * p)..<((row + 1) * p)]),
                    Array(
                        columns.scalars[(row * 6 * p + image * p)..<(row * 6 * p + (image + 1) * p)]
                    ))
            }
            XCTAssertEqual(
                back[image], oneColumns.columnsToImages(shape: one.shape, window: window)[0])
        }
    }

    func testSwappingLeadingAxes() {
        let x = Tensor<Double>(shape: [2, 3, 2], scalars: (0..<12).map(Double.init))
        let swapped = x.swappingLeadingAxes()
        XCTAssertEqual(swapped.shape, [3, 2, 2])
        XCTAssertEqual(swapped.scalars, [0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11])
        XCTAssertEqual(swapped.swappingLeadingAxes(), x)
    }
}
