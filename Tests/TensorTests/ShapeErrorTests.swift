import Foundation
import ScenarioSupport
import Tensor
import XCTest

/// The crashing lines, one per test. They run only in a child process that
/// `ShapeErrorTests` starts with `TENSOR_SHAPE_SCENARIO=1`; in a normal test run each
/// is skipped.
final class ShapeErrorScenarios: XCTestCase {
    static let environmentKey = "TENSOR_SHAPE_SCENARIO"

    /// Unarmed (a normal test run), every scenario is skipped.
    override func setUpWithError() throws { try skipUnlessArmed(by: Self.environmentKey) }

    /// Keeps a result alive so the trapping call cannot be dropped as unused.
    private func use<T>(_ value: T) { print("scenario did not trap: \(value)") }

    func testMatmulInnerMismatch() {
        use(Tensor<Double>.zeros(2, 3).matmul(.zeros(4, 5)))
    }

    func testBroadcastMismatch() {
        use(Tensor<Double>.zeros(2, 3) + Tensor<Double>.zeros(4))
    }

    func testInPlaceBroadcastDoesNotFit() {
        var a = Tensor<Double>.zeros(3)
        a += Tensor<Double>.zeros(2, 3)
        use(a)
    }

    func testReshapeCountMismatch() {
        use(Tensor<Double>.zeros(2, 3).reshaped(4, 2))
    }

    func testInitWithWrongCount() {
        use(Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5]))
    }

    func testShapeWhoseCountOverflows() {
        use(Tensor<Double>(repeating: 0, shape: [1 << 32, 1 << 32, 0]))
    }

    func testIndexOutOfRangeAxis0() {
        use(Tensor<Double>.zeros(3, 4)[5])
    }

    func testIndexOutOfRangeAxis1() {
        use(Tensor<Double>.zeros(3, 4)[..., 7])
    }

    func testElementIndexOutOfRange() {
        use(Tensor<Double>.zeros(3, 4)[2, 4])
    }

    func testSliceAssignmentWrongShape() {
        var a = Tensor<Double>.zeros(3, 4)
        a[..., 0..<2] = Tensor<Double>.zeros(3, 3)
        use(a)
    }

    func testGatherIndexOutOfRange() {
        use(Tensor<Double>.zeros(5, 3)[rows: Tensor<Int>([0, 5])])
    }

    func testGatheringRowsIndexOutOfRange() {
        use(Tensor<Double>.zeros(4, 2, 3).gatheringRows([1, 4]))
    }

    func testGatheringRowsNegativeIndex() {
        use(Tensor<Int>(shape: [3, 2], scalars: Array(0..<6)).gatheringRows([0, -1]))
    }

    func testScatteringRowsIndexOutOfRange() {
        use(Tensor<Double>.zeros(2, 3).scatteringRows(to: [0, 5], rows: 4))
    }

    func testAddAtRowsShapeMismatch() {
        var table = Tensor<Double>.zeros(5, 3)
        table.add(Tensor<Double>.zeros(2, 4), atRows: Tensor<Int>([0, 1]))
        use(table)
    }

    func testAddAtRowsIndexOutOfRange() {
        var table = Tensor<Double>.zeros(5, 3)
        table.add(Tensor<Double>.zeros(2, 3), atRows: Tensor<Int>([0, 7]))
        use(table)
    }

    func testPackedMatmulMismatch() {
        use(Tensor<Double>.zeros(2, 3).matmul(PackedMatrix(.zeros(4, 5))))
    }

    func testConcatenatedMismatch() {
        use(Tensor.concatenated([Tensor<Double>.zeros(2, 3), .zeros(3, 3)], alongAxis: 1))
    }

    func testTransposedMatmulRowMismatch() {
        use(Tensor<Double>.zeros(4, 3).transposedMatmul(.zeros(5, 2)))
    }

    func testMatmulTransposedMismatch() {
        use(Tensor<Double>.zeros(2, 3).matmulTransposed(.zeros(4, 5)))
    }

    func testRelativeErrorShapeMismatch() {
        use(relativeError(Tensor<Double>.zeros(2, 3), Tensor<Double>.zeros(3, 2)))
    }

    func testArgmaxBadAxis() {
        use(Tensor<Double>.zeros(2, 3).argmax(alongAxis: 2))
    }
}

/// Runs each scenario above in a child copy of this test binary and checks that it died
/// with a "Tensor shape error" naming the shapes involved.
final class ShapeErrorTests: XCTestCase {
    func expectShapeError(
        _ scenario: String, mentions fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try ChildScenario.run(
            "TensorTests.ShapeErrorScenarios/\(scenario)",
            armedBy: ShapeErrorScenarios.environmentKey)
        for problem in ChildScenario.shapeErrorProblems(
            result, scenario: scenario,
            mentions: fragments)
        {
            XCTFail(problem, file: file, line: line)
        }
    }

    /// The harness itself: an unarmed scenario in a child is skipped and exits 0, so a dead
    /// child below really is the trap.
    func testHarnessSeesACleanExit() throws {
        let result = try ChildScenario.run(
            "TensorTests.ShapeErrorScenarios/testMatmulInnerMismatch", armedBy: nil)
        XCTAssertEqual(result.reason, .exit)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("with 1 test skipped"), result.stdout)
        XCTAssertFalse(
            ChildScenario.shapeErrorProblems(
                result, scenario: "unarmed",
                mentions: []
            ).isEmpty)
    }

    func testMatmulInnerMismatch() throws {
        try expectShapeError("testMatmulInnerMismatch", mentions: ["matmul", "(2, 3)", "(4, 5)"])
    }

    func testBroadcastMismatch() throws {
        try expectShapeError(
            "testBroadcastMismatch",
            mentions: ["cannot be broadcast", "(2, 3)", "(4,)"])
    }

    func testInPlaceBroadcastDoesNotFit() throws {
        try expectShapeError("testInPlaceBroadcastDoesNotFit", mentions: ["+=", "(3,)", "(2, 3)"])
    }

    func testReshapeCountMismatch() throws {
        try expectShapeError(
            "testReshapeCountMismatch",
            mentions: ["reshape", "(2, 3)", "(4, 2)"])
    }

    func testInitWithWrongCount() throws {
        try expectShapeError("testInitWithWrongCount", mentions: ["(2, 3)", "6", "got 5"])
    }

    /// A shape whose element count overflows is refused with a message, not an overflow
    /// trap while counting (the product of [2^32, 2^32] overflows before the 0).
    func testShapeWhoseCountOverflows() throws {
        try expectShapeError(
            "testShapeWhoseCountOverflows",
            mentions: ["(4294967296, 4294967296, 0)", "more elements than"])
    }

    func testIndexOutOfRangeAxis0() throws {
        try expectShapeError(
            "testIndexOutOfRangeAxis0",
            mentions: ["index 5", "axis 0", "(3, 4)"])
    }

    func testIndexOutOfRangeAxis1() throws {
        try expectShapeError(
            "testIndexOutOfRangeAxis1",
            mentions: ["index 7", "axis 1", "(3, 4)"])
    }

    func testElementIndexOutOfRange() throws {
        try expectShapeError(
            "testElementIndexOutOfRange",
            mentions: ["index 4", "axis 1", "(3, 4)"])
    }

    func testSliceAssignmentWrongShape() throws {
        try expectShapeError(
            "testSliceAssignmentWrongShape",
            mentions: ["assign", "(3, 3)", "(3, 2)"])
    }

    func testGatherIndexOutOfRange() throws {
        try expectShapeError(
            "testGatherIndexOutOfRange",
            mentions: ["index 5", "5 rows", "(5, 3)"])
    }

    /// The one row gather (minibatches, beam states) refuses an index past the end or
    /// below zero before reading any memory.
    func testGatheringRowsIndexOutOfRange() throws {
        try expectShapeError(
            "testGatheringRowsIndexOutOfRange",
            mentions: [
                "gatheringRows", "index 4 at position 1", "4 rows",
                "(4, 2, 3)",
            ])
    }

    func testGatheringRowsNegativeIndex() throws {
        try expectShapeError(
            "testGatheringRowsNegativeIndex",
            mentions: ["gatheringRows", "index -1 at position 1", "3 rows"])
    }

    /// The inverse gather refuses a row past the end before writing any memory.
    func testScatteringRowsIndexOutOfRange() throws {
        try expectShapeError(
            "testScatteringRowsIndexOutOfRange",
            mentions: ["scatteringRows", "index 5 at position 1", "4 rows"])
    }

    func testAddAtRowsShapeMismatch() throws {
        try expectShapeError(
            "testAddAtRowsShapeMismatch",
            mentions: ["add(_:atRows:)", "(2, 4)", "(2,)", "width 3"])
    }

    func testAddAtRowsIndexOutOfRange() throws {
        try expectShapeError(
            "testAddAtRowsIndexOutOfRange",
            mentions: ["add(_:atRows:)", "index 7", "position 1", "5 rows"])
    }

    func testPackedMatmulMismatch() throws {
        try expectShapeError("testPackedMatmulMismatch", mentions: ["matmul", "(2, 3)", "(4, 5)"])
    }

    func testConcatenatedMismatch() throws {
        try expectShapeError(
            "testConcatenatedMismatch",
            mentions: ["concatenated", "(2, 3)", "(3, 3)"])
    }

    func testTransposedMatmulRowMismatch() throws {
        try expectShapeError(
            "testTransposedMatmulRowMismatch",
            mentions: ["transposedMatmul", "(4, 3)", "(5, 2)"])
    }

    func testMatmulTransposedMismatch() throws {
        try expectShapeError(
            "testMatmulTransposedMismatch",
            mentions: ["matmulTransposed", "(2, 3)", "(4, 5)"])
    }

    func testRelativeErrorShapeMismatch() throws {
        try expectShapeError(
            "testRelativeErrorShapeMismatch",
            mentions: ["relativeError", "(2, 3)", "(3, 2)"])
    }

    func testArgmaxBadAxis() throws {
        try expectShapeError("testArgmaxBadAxis", mentions: ["argmax", "axis 2", "(2, 3)"])
    }
}
