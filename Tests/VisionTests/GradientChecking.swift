import Tensor
import XCTest

/// Shared by the Vision gradient checks: seeded inputs and the relative-error assertion,
/// which prints each error with its threshold.
enum GradientChecking {
    /// Normals of `shape` times `scale`, drawn from `generator`.
    static func normal(
        _ shape: [Int], _ generator: inout SeededGenerator, scale: Double = 1
    ) -> Tensor<Double> {
        Tensor<Double>.randomNormal(shape: shape, using: &generator) * scale
    }

    /// Asserts that the numeric and analytic gradients agree to `threshold` (the notebooks'
    /// `rel_error`), printing the error either way.
    static func assertGradient(
        _ label: String, numeric: Tensor<Double>, analytic: Tensor<Double>,
        below threshold: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(numeric.shape, analytic.shape, "\(label) shape", file: file, line: line)
        guard numeric.shape == analytic.shape else { return }
        let error = relativeError(numeric, analytic)
        print("\(label): relative error \(error) (threshold \(threshold))")
        XCTAssertLessThan(error, threshold, label, file: file, line: line)
    }
}
