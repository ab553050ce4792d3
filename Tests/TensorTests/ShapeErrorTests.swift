import Foundation
import ScenarioSupport
import Tensor
import XCTest

/// The crashing lines, one per test. They run only in a child process that
/// `ShapeErrorTests` starts with `TENSOR_SHAPE_SCENARIO=1`; in a normal test run each
/// returns at once (and passes).
final class ShapeErrorScenarios: XCTestCase {
    static let environmentKey = "TENSOR_SHAPE_SCENARIO"

    private var armed: Bool { ProcessInfo.processInfo.environment[Self.environmentKey] == "1" }

    /// Keeps a result alive so the trapping call cannot be dropped as unused.
    private func use<T>(_ value: T) { print("scenario did not trap: \(value)") }

    func testMatmulInnerMismatch() {
        guard armed else { return }
        use(Tensor<Double>.zeros(2, 3).matmul(.zeros(4, 5)))
    }

    func testBroadcastMismatch() {
        guard armed else { return }
        use(Tensor<Double>.zeros(2, 3) + Tensor<Double>.zeros(4))
    }

    func testInPlaceBroadcastDoesNotFit() {
        guard armed else { return }
        var a = Tensor<Double>.zeros(3)
        a += Tensor<Double>.zeros(2, 3)
        use(a)
    }

    func testReshapeCountMismatch() {
        guard armed else { return }
        use(Tensor<Double>.zeros(2, 3).reshaped(4, 2))
    }

    func testInitWithWrongCount() {
        guard armed else { return }
        use(Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5]))
    }

    func testShapeWhoseCountOverflows() {
        guard armed else { return }
        use(Tensor<Double>(repeating: 0, shape: [1 << 32, 1 << 32, 0]))
    }

    func testIndexOutOfRangeAxis0() {
        guard armed else { return }
        use(Tensor<Double>.zeros(3, 4)[5])
    }

    func testIndexOutOfRangeAxis1() {
        guard armed else { return }
        use(Tensor<Double>.zeros(3, 4)[..., 7])
    }

    func testElementIndexOutOfRange() {
        guard armed else { return }
        use(Tensor<Double>.zeros(3, 4)[2, 4])
    }

    func testSliceAssignmentWrongShape() {
        guard armed else { return }
        var a = Tensor<Double>.zeros(3, 4)
        a[..., 0..<2] = Tensor<Double>.zeros(3, 3)
        use(a)
    }

    func testGatherIndexOutOfRange() {
        guard armed else { return }
        use(Tensor<Double>.zeros(5, 3)[rows: Tensor<Int>([0, 5])])
    }

    func testAddAtRowsShapeMismatch() {
        guard armed else { return }
        var table = Tensor<Double>.zeros(5, 3)
        table.add(Tensor<Double>.zeros(2, 4), atRows: Tensor<Int>([0, 1]))
        use(table)
    }

    func testAddAtRowsIndexOutOfRange() {
        guard armed else { return }
        var table = Tensor<Double>.zeros(5, 3)
        table.add(Tensor<Double>.zeros(2, 3), atRows: Tensor<Int>([0, 7]))
        use(table)
    }

    func testPackedMatmulMismatch() {
        guard armed else { return }
        use(Tensor<Double>.zeros(2, 3).matmul(PackedMatrix(.zeros(4, 5))))
    }

    func testConcatenatedMismatch() {
        guard armed else { return }
        use(Tensor.concatenated([Tensor<Double>.zeros(2, 3), .zeros(3, 3)], alongAxis: 1))
    }

    func testTransposedMatmulRowMismatch() {
        guard armed else { return }
        use(Tensor<Double>.zeros(4, 3).transposedMatmul(.zeros(5, 2)))
    }

    func testMatmulTransposedMismatch() {
        guard armed else { return }
        use(Tensor<Double>.zeros(2, 3).matmulTransposed(.zeros(4, 5)))
    }

    func testRelativeErrorShapeMismatch() {
        guard armed else { return }
        use(relativeError(Tensor<Double>.zeros(2, 3), Tensor<Double>.zeros(3, 2)))
    }

    func testArgmaxBadAxis() {
        guard armed else { return }
        use(Tensor<Double>.zeros(2, 3).argmax(alongAxis: 2))
    }
}

/// Runs each scenario above in a child copy of this test binary and checks that it died
/// with a "Tensor shape error" naming the shapes involved.
final class ShapeErrorTests: XCTestCase {
    func expectShapeError(_ scenario: String, mentions fragments: [String],
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try ChildScenario.run("TensorTests.ShapeErrorScenarios/\(scenario)",
                                           armedBy: ShapeErrorScenarios.environmentKey)
        for problem in ChildScenario.shapeErrorProblems(result, scenario: scenario,
                                                        mentions: fragments) {
            XCTFail(problem, file: file, line: line)
        }
    }

    /// The harness itself: an unarmed scenario in a child passes and exits 0, so a dead
    /// child below really is the trap.
    func testHarnessSeesACleanExit() throws {
        let result = try ChildScenario.run(
            "TensorTests.ShapeErrorScenarios/testMatmulInnerMismatch", armedBy: nil)
        XCTAssertEqual(result.reason, .exit)
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(ChildScenario.shapeErrorProblems(result, scenario: "unarmed",
                                                        mentions: []).isEmpty)
    }

    func testMatmulInnerMismatch() throws {
        try expectShapeError("testMatmulInnerMismatch", mentions: ["matmul", "(2, 3)", "(4, 5)"])
    }

    func testBroadcastMismatch() throws {
        try expectShapeError("testBroadcastMismatch",
                             mentions: ["cannot be broadcast", "(2, 3)", "(4,)"])
    }

    func testInPlaceBroadcastDoesNotFit() throws {
        try expectShapeError("testInPlaceBroadcastDoesNotFit", mentions: ["+=", "(3,)", "(2, 3)"])
    }

    func testReshapeCountMismatch() throws {
        try expectShapeError("testReshapeCountMismatch",
                             mentions: ["reshape", "(2, 3)", "(4, 2)"])
    }

    func testInitWithWrongCount() throws {
        try expectShapeError("testInitWithWrongCount", mentions: ["(2, 3)", "6", "got 5"])
    }

    /// A shape whose element count overflows is refused with a message, not an overflow
    /// trap while counting (the product of [2^32, 2^32] overflows before the 0).
    func testShapeWhoseCountOverflows() throws {
        try expectShapeError("testShapeWhoseCountOverflows",
                             mentions: ["(4294967296, 4294967296, 0)", "more elements than"])
    }

    func testIndexOutOfRangeAxis0() throws {
        try expectShapeError("testIndexOutOfRangeAxis0",
                             mentions: ["index 5", "axis 0", "(3, 4)"])
    }

    func testIndexOutOfRangeAxis1() throws {
        try expectShapeError("testIndexOutOfRangeAxis1",
                             mentions: ["index 7", "axis 1", "(3, 4)"])
    }

    func testElementIndexOutOfRange() throws {
        try expectShapeError("testElementIndexOutOfRange",
                             mentions: ["index 4", "axis 1", "(3, 4)"])
    }

    func testSliceAssignmentWrongShape() throws {
        try expectShapeError("testSliceAssignmentWrongShape",
                             mentions: ["assign", "(3, 3)", "(3, 2)"])
    }

    func testGatherIndexOutOfRange() throws {
        try expectShapeError("testGatherIndexOutOfRange",
                             mentions: ["index 5", "5 rows", "(5, 3)"])
    }

    func testAddAtRowsShapeMismatch() throws {
        try expectShapeError("testAddAtRowsShapeMismatch",
                             mentions: ["add(_:atRows:)", "(2, 4)", "(2,)", "width 3"])
    }

    func testAddAtRowsIndexOutOfRange() throws {
        try expectShapeError("testAddAtRowsIndexOutOfRange",
                             mentions: ["add(_:atRows:)", "index 7", "position 1", "5 rows"])
    }

    func testPackedMatmulMismatch() throws {
        try expectShapeError("testPackedMatmulMismatch", mentions: ["matmul", "(2, 3)", "(4, 5)"])
    }

    func testConcatenatedMismatch() throws {
        try expectShapeError("testConcatenatedMismatch",
                             mentions: ["concatenated", "(2, 3)", "(3, 3)"])
    }

    func testTransposedMatmulRowMismatch() throws {
        try expectShapeError("testTransposedMatmulRowMismatch",
                             mentions: ["transposedMatmul", "(4, 3)", "(5, 2)"])
    }

    func testMatmulTransposedMismatch() throws {
        try expectShapeError("testMatmulTransposedMismatch",
                             mentions: ["matmulTransposed", "(2, 3)", "(4, 5)"])
    }

    func testRelativeErrorShapeMismatch() throws {
        try expectShapeError("testRelativeErrorShapeMismatch",
                             mentions: ["relativeError", "(2, 3)", "(3, 2)"])
    }

    func testArgmaxBadAxis() throws {
        try expectShapeError("testArgmaxBadAxis", mentions: ["argmax", "axis 2", "(2, 3)"])
    }
}
