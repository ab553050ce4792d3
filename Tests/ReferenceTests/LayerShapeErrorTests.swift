import Foundation
import Given
import Reference
import ScenarioSupport
import Tensor
import XCTest

/// Layer calls with a wrong shape, one per test. They run only in a child process that
/// `LayerShapeErrorTests` starts with `REFERENCE_SHAPE_SCENARIO=1`; in a normal test run
/// each is skipped.
final class LayerShapeErrorScenarios: XCTestCase {
    static let environmentKey = "REFERENCE_SHAPE_SCENARIO"

    /// Unarmed (a normal test run), every scenario is skipped.
    override func setUpWithError() throws { try skipUnlessArmed(by: Self.environmentKey) }

    /// Keeps a result alive so the trapping call cannot be dropped as unused.
    private func use<T>(_ value: T) { print("scenario did not trap: \(value)") }

    // N = 2, T = 3, D = 4, H = 5 throughout.
    private let x = Tensor<Double>.zeros(2, 3, 4), h0 = Tensor<Double>.zeros(2, 5)

    func testRNNBiasShape() {
        use(rnnForward(x: x, h0: h0, wx: .zeros(4, 5), wh: .zeros(5, 5), b: .zeros(4)))
    }

    func testRNNBatchMismatch() {
        use(rnnForward(x: x, h0: .zeros(3, 5), wx: .zeros(4, 5), wh: .zeros(5, 5), b: .zeros(5)))
    }

    func testRNNBackwardUpstreamShape() {
        let (_, cache) = rnnForward(x: x, h0: h0, wx: .zeros(4, 5), wh: .zeros(5, 5), b: .zeros(5))
        use(rnnBackward(dh: .zeros(2, 3, 6), cache: cache))
    }

    func testLSTMInputWeightWidth() {
        use(lstmForward(x: x, h0: h0, wx: .zeros(4, 19), wh: .zeros(5, 20), b: .zeros(20)))
    }

    func testLSTMBiasShape() {
        use(lstmForward(x: x, h0: h0, wx: .zeros(4, 20), wh: .zeros(5, 20), b: .zeros(19)))
    }

    func testLSTMRecurrentWeightShape() {
        use(lstmForward(x: x, h0: h0, wx: .zeros(4, 20), wh: .zeros(5, 16), b: .zeros(20)))
    }

    func testLSTMStepCellShape() {
        use(
            lstmStepForward(
                x: .zeros(2, 4), prevH: h0, prevC: .zeros(2, 4), wx: .zeros(4, 20),
                wh: .zeros(5, 20), b: .zeros(20)))
    }

    func testLSTMBackwardUpstreamShape() {
        let (_, cache) = lstmForward(
            x: x, h0: h0, wx: .zeros(4, 20), wh: .zeros(5, 20),
            b: .zeros(20))
        use(lstmBackward(dh: .zeros(2, 4, 5), cache: cache))
    }

    func testGRUBiasShapes() {
        use(
            gruForward(
                x: x, h0: h0, wx: .zeros(4, 15), wh: .zeros(5, 15), b: .zeros(15),
                bh: .zeros(14)))
    }

    func testTemporalAffineRank() {
        use(temporalAffineForward(x: Tensor<Double>.zeros(6, 4), w: .zeros(4, 3), b: .zeros(3)))
    }

    func testTemporalSoftmaxMaskShape() {
        use(
            temporalSoftmaxLoss(
                x: Tensor<Double>.zeros(2, 3, 7), y: .zeros(2, 3),
                mask: Tensor<Bool>(repeating: true, shape: [3, 2])))
    }
}

/// Runs each scenario above in a child copy of this test binary and checks that it died
/// with a shape error that names the layer and the shapes a learner must compare.
final class LayerShapeErrorTests: XCTestCase {
    func expectShapeError(
        _ scenario: String, mentions fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try ChildScenario.run(
            "ReferenceTests.LayerShapeErrorScenarios/\(scenario)",
            armedBy: LayerShapeErrorScenarios.environmentKey)
        for problem in ChildScenario.shapeErrorProblems(
            result, scenario: scenario,
            mentions: fragments)
        {
            XCTFail(problem, file: file, line: line)
        }
    }

    func testRNNBiasShape() throws {
        try expectShapeError("testRNNBiasShape", mentions: ["rnnForward", "(5,)", "got (4,)"])
    }

    func testRNNBatchMismatch() throws {
        try expectShapeError(
            "testRNNBatchMismatch",
            mentions: ["rnnForward", "same N", "(2, 3, 4)", "(3, 5)"])
    }

    func testRNNBackwardUpstreamShape() throws {
        try expectShapeError(
            "testRNNBackwardUpstreamShape",
            mentions: ["rnnBackward", "(2, 3, 6)", "(2, 3, 5)"])
    }

    func testLSTMInputWeightWidth() throws {
        try expectShapeError(
            "testLSTMInputWeightWidth",
            mentions: ["lstmForward", "Wx", "(4, 20)", "got (4, 19)"])
    }

    func testLSTMBiasShape() throws {
        try expectShapeError(
            "testLSTMBiasShape",
            mentions: ["lstmForward", "b must be", "(20,)", "got (19,)"])
    }

    func testLSTMRecurrentWeightShape() throws {
        try expectShapeError(
            "testLSTMRecurrentWeightShape",
            mentions: ["lstmForward", "Wh", "(5, 20)", "(5, 16)"])
    }

    func testLSTMStepCellShape() throws {
        try expectShapeError(
            "testLSTMStepCellShape",
            mentions: ["lstmStepForward", "prevC", "(2, 5)", "(2, 4)"])
    }

    func testLSTMBackwardUpstreamShape() throws {
        try expectShapeError(
            "testLSTMBackwardUpstreamShape",
            mentions: ["lstmBackward", "(2, 4, 5)", "(2, 3, 5)"])
    }

    func testGRUBiasShapes() throws {
        try expectShapeError(
            "testGRUBiasShapes",
            mentions: ["gruForward", "bh", "(15,)", "(14,)"])
    }

    func testTemporalAffineRank() throws {
        try expectShapeError(
            "testTemporalAffineRank",
            mentions: ["temporalAffineForward", "(N, T, D)", "(6, 4)"])
    }

    func testTemporalSoftmaxMaskShape() throws {
        try expectShapeError(
            "testTemporalSoftmaxMaskShape",
            mentions: ["temporalSoftmaxLoss", "(2, 3, 7)", "(3, 2)"])
    }
}
