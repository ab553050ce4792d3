import Tensor
import XCTest

/// `gatheringRows`, the row gather of minibatches and beam states, and its inverse
/// `scatteringRows` (their refusals are in `ShapeErrorTests`).
final class GatheringRowsTests: XCTestCase {
    func testPicksSlicesAlongTheFirstAxisInOrderWithRepeats() {
        let x = Tensor<Double>(shape: [3, 2, 2], scalars: (0..<12).map(Double.init))
        let picked = x.gatheringRows([2, 0, 2])
        XCTAssertEqual(picked.shape, [3, 2, 2])
        XCTAssertEqual(picked.scalars, [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11])
    }

    func testWorksForIndexTensorsAndNoIndices() {
        let captions = Tensor<Int>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(captions.gatheringRows([1]).scalars, [3, 4])
        XCTAssertEqual(captions.gatheringRows([1]).shape, [1, 2])
        XCTAssertEqual(captions.gatheringRows([]).shape, [0, 2])
    }

    func testScatteringPutsEachSliceBackAndZerosTheRest() {
        let x = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
        let placed = x.scatteringRows(to: [3, 1], rows: 4)
        XCTAssertEqual(placed.shape, [4, 2])
        XCTAssertEqual(placed.scalars, [0, 0, 3, 4, 0, 0, 1, 2])
        // Repeated indices add up, as the word embedding's backward does.
        XCTAssertEqual(x.scatteringRows(to: [1, 1], rows: 2).scalars, [0, 0, 4, 6])
        XCTAssertEqual(
            Tensor<Double>.zeros(0, 3).scatteringRows(to: [], rows: 2).scalars, [0, 0, 0, 0, 0, 0])
    }

    /// Large enough to run on both cores: gathering then scattering back gives the
    /// gathered rows in place and zeros elsewhere, whatever the order of the indices.
    func testLargeGatherAndScatterAreInverse() {
        var generator = SeededGenerator(seed: 5)
        let (rows, width) = (1_200, 512)
        let x = Tensor<Float>.randomNormal(shape: [rows, width], using: &generator)
        let kept = (0..<rows).filter { $0 % 3 != 1 }.reversed().map { $0 }
        let back = x.gatheringRows(kept).scatteringRows(to: kept, rows: rows)
        for row in 0..<rows {
            let expected =
                row % 3 != 1
                ? x.scalars[(row * width)..<((row + 1) * width)]
                : ArraySlice(repeating: 0, count: width)
            XCTAssertEqual(
                back.scalars[(row * width)..<((row + 1) * width)], expected, "row \(row)")
        }
    }
}
