import Dispatch
import XCTest

@testable import Tensor

/// The elementwise passes, reductions and `inHalves` split large work over two threads.
/// Every result must be exactly the one computed alone, in one thread, in the plain order,
/// whether the split ran at once or (the pool busy) one half after the other.
final class ParallelPassTests: XCTestCase {
    func testInHalvesCoversTheRangeOnceInTwoFixedHalves() {
        for count in [0, 1, 2, 7, 1 << 20] {
            for minimum in [0, Int.max] {  // at once, and one after the other
                let (first, second) = inHalves(of: count, parallelFrom: minimum) { $0 }
                XCTAssertEqual(first, 0..<(count / 2), "count \(count)")
                XCTAssertEqual(second, (count / 2)..<count, "count \(count)")
            }
        }
    }

    func testForEachHalfRunsTheSameTwoHalvesOnce() {
        for count in [0, 1, 2, 7, 1 << 20] {
            for minimum in [0, Int.max] {  // at once, and one after the other
                let seen = Locked<[Range<Int>]>([])
                forEachHalf(of: count, parallelFrom: minimum) { half in
                    seen.withLock { $0.append(half) }
                }
                let halves = seen.withLock { $0 }.sorted {
                    ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound)
                }
                XCTAssertEqual(halves, [0..<(count / 2), (count / 2)..<count], "count \(count)")
            }
        }
    }

    /// Part 1 of a job goes to the worker or, once part 0 is done, to the poster: whichever
    /// takes it first. Each part must run exactly once, whoever runs it.
    func testEveryHalfRunsExactlyOnceWhoeverTakesIt() {
        let runs = Locked<[Int]>(Array(repeating: 0, count: 2 * 20_000))
        for job in 0..<20_000 {
            // Tiny parts: the poster often finishes its own first and takes the other.
            forEachHalf(of: 2, parallelFrom: 0) { half in
                runs.withLock { $0[2 * job + half.lowerBound] += 1 }
            }
        }
        let counts = runs.withLock { $0 }
        XCTAssertEqual(counts.filter { $0 != 1 }.count, 0, "a half ran twice or not at all")
    }

    func testInHalvesGivesTheSameHalvesWhenThePoolIsBusy() {
        let results = Locked<[(Range<Int>, Range<Int>)]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let halves = inHalves(of: 1001, parallelFrom: 0) { $0 }
            results.withLock { $0.append(halves) }
        }
        let all = results.withLock { $0 }
        XCTAssertEqual(all.count, 4)
        for (first, second) in all {
            XCTAssertEqual(first, 0..<500)
            XCTAssertEqual(second, 500..<1001)
        }
    }

    func testLargeSumsEqualThePlainLoop() {
        var g = SeededGenerator(seed: 21)
        // (N, T, V) column sums split by columns, and row sums (inner 1) split by rows.
        let x = Tensor<Double>.randomNormal(shape: [40, 16, 1004], using: &g)
        var expected = [Double](repeating: 0, count: 1004)
        var perRow = [Double](repeating: 0, count: 40 * 1004)
        for n in 0..<40 {
            for t in 0..<16 {
                for v in 0..<1004 { perRow[n * 1004 + v] += x[n, t, v] }
            }
        }
        for n in 0..<40 {
            for v in 0..<1004 { expected[v] += perRow[n * 1004 + v] }
        }
        XCTAssertEqual(x.sum(alongAxes: 0, 1).scalars, expected)
        let rows = Tensor<Double>.randomNormal(shape: [3000, 100], using: &g)
        let rowSums = (0..<3000).map { r in (0..<100).reduce(0.0) { $0 + rows[r, $1] } }
        XCTAssertEqual(rows.sum(alongAxes: 1).scalars, rowSums)
        let maxima = (0..<3000).map { r in (0..<100).map { rows[r, $0] }.max() ?? 0 }
        XCTAssertEqual(rows.max(alongAxis: 1).scalars, maxima)
    }

    /// `add(_:atRows:)` large enough to run on both cores (each half of the columns through
    /// every row) adds repeated rows in the same order as the plain loop, bit for bit.
    func testLargeScatterAddEqualsThePlainLoop() {
        var g = SeededGenerator(seed: 77)
        let (rows, width, tableRows) = (1600, 257, 40)  // 411 200 values; an odd width
        let values = Tensor<Float>.randomNormal(shape: [rows, width], using: &g)
        let indices = (0..<rows).map { _ in g.nextInt(below: tableRows) }
        var table = Tensor<Float>.randomNormal(shape: [tableRows, width], using: &g)
        var expected = table.scalars
        for (position, index) in indices.enumerated() {
            for j in 0..<width { expected[index * width + j] += values[position, j] }
        }
        table.add(values, atRows: Tensor<Int>(indices))
        XCTAssertEqual(table.scalars.map(\.bitPattern), expected.map(\.bitPattern))
    }

    func testLargeElementwisePassesEqualSmallOnes() {
        var g = SeededGenerator(seed: 22)
        let (rows, width) = (600, 1004)  // 602 400 elements: split over two threads
        let x = Tensor<Float>.randomNormal(shape: [rows, width], using: &g)
        let y = Tensor<Float>.randomNormal(shape: [rows, width], using: &g)
        let bias = Tensor<Float>.randomNormal(shape: [width], using: &g)
        let (sum, biased, scaled) = (x + y, x + bias, 1 - x)
        let (tanh, sigmoid, exp, square) = (x.tanh(), x.sigmoid(), x.exp(), x.squared())
        var (accumulated, biasedInPlace) = (x, x)
        accumulated += y
        biasedInPlace -= bias
        for r in 0..<rows {  // every row of both halves, each computed alone
            let (row, other) = (x[r], y[r])
            XCTAssertEqual(sum[r], row + other, "row \(r)")
            XCTAssertEqual(biased[r], row + bias, "row \(r)")
            XCTAssertEqual(scaled[r], 1 - row, "row \(r)")
            XCTAssertEqual(tanh[r], row.tanh(), "row \(r)")
            XCTAssertEqual(sigmoid[r], row.sigmoid(), "row \(r)")
            XCTAssertEqual(exp[r], row.exp(), "row \(r)")
            XCTAssertEqual(square[r], row.squared(), "row \(r)")
            XCTAssertEqual(accumulated[r], row + other, "row \(r)")
            XCTAssertEqual(biasedInPlace[r], row - bias, "row \(r)")
        }
    }
}
