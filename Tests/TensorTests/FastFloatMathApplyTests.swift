import XCTest

@testable import Tensor

/// `FastFloatMath.apply` maps every value exactly once, in place or not, whatever the
/// count: its last partial block of 16 is done on the final 16 values, overlapping ones
/// left as they were.
final class FastFloatMathApplyTests: XCTestCase {
    private let counts = [0, 1, 15, 16, 17, 20, 31, 32, 33, 1004]

    func testInPlaceDoublesEveryValueOnce() {
        for count in counts {
            var values = (0..<count).map { Float($0) + 0.5 }
            values.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                FastFloatMath.apply(UnsafePointer(base), base, count: count) { $0 * 2 }
            }
            XCTAssertEqual(values, (0..<count).map { 2 * (Float($0) + 0.5) }, "count \(count)")
        }
    }

    func testIntoAnotherBufferMatchesTheFunctionLaneByLane() {
        var generator = SeededGenerator(seed: 3)
        for count in counts {
            let source = Tensor<Float>.randomNormal(shape: [count], using: &generator).scalars
            var target = [Float](repeating: -1, count: count + 1)  // one past: untouched
            source.withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer { target in
                    guard let from = source.baseAddress, let to = target.baseAddress else {
                        return
                    }
                    FastFloatMath.apply(from, to, count: count, FastFloatMath.exp)
                }
            }
            let expected = source.map { FastFloatMath.exp(SIMD16(repeating: $0))[0] }
            XCTAssertEqual(Array(target.prefix(count)), expected, "count \(count)")
            XCTAssertEqual(target[count], -1, "count \(count): wrote past the end")
        }
    }
}
