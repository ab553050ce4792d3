import Tensor
import XCTest

/// `gatheringRows`, the row gather of minibatches and beam states (its refusals are in
/// `ShapeErrorTests`).
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
}
