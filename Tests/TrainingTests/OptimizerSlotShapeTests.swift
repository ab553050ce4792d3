import Foundation
import ScenarioSupport
import Tensor
import Training
import XCTest

/// An optimizer state whose slots do not have the parameter's shape. Runs only in the
/// child process `OptimizerSlotShapeTests` starts; in a normal run it is skipped.
final class OptimizerSlotShapeScenarios: XCTestCase {
    static let environmentKey = "OPTIMIZER_SLOT_SCENARIO"

    func testAdamWithShortSlots() throws {
        try skipUnlessArmed(by: Self.environmentKey)
        var state = OptimizerState<Float>(rule: .adam)
        state.m = Tensor<Float>.zeros(3)
        state.v = Tensor<Float>.zeros(3)
        var w = Tensor<Float>.zeros(40, 40)
        state.update(&w, gradient: Tensor<Float>.zeros(40, 40))
        print("scenario did not trap: \(w.count)")
    }
}

/// Regression: `OptimizerState.update` with slots of another shape ran Adam's pointer loop
/// past them (a segfault, or silently wrong memory). It now stops with a shape error
/// naming the slot, before touching memory.
final class OptimizerSlotShapeTests: XCTestCase {
    func testSlotsOfAnotherShapeStopWithAMessageNamingTheSlot() throws {
        let result = try ChildScenario.run(
            "TrainingTests.OptimizerSlotShapeScenarios/testAdamWithShortSlots",
            armedBy: OptimizerSlotShapeScenarios.environmentKey)
        let output = result.stdout + result.stderr
        XCTAssertFalse(output.contains("scenario did not trap"), output)
        XCTAssertTrue(output.contains("the slot m has shape (3,)"), output)
        XCTAssertEqual(result.reason, .uncaughtSignal, output)
        XCTAssertNotEqual(result.status, SIGSEGV, "a memory fault, not the shape error")
    }
}
