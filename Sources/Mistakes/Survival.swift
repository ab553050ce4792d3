import Foundation
import Solutions
import Tensor

import typealias Given.RNNStepGradients

/// Implementations that attack the grader rather than get the math wrong. Each breaks
/// `rnnStep` only; the grader must fail `rnnStepForward` and `rnnStepBackward` with a
/// clear reason, within the time limit, and go on with the other checks.
enum SurvivalImplementations {
    static let rnnStepChecks = ["rnnStepForward", "rnnStepBackward"]

    static func entry(
        _ id: String, _ description: String, _ outcome: SurvivalOutcome,
        _ behaviour: Behaviour
    ) -> SurvivalCase {
        SurvivalCase(
            id: id, description: description, affectedChecks: rnnStepChecks,
            outcome: outcome, implementation: Misbehaving(behaviour: behaviour))
    }

    static let all: [SurvivalCase] = [
        entry(
            "index-out-of-range", "reads element n of an array of n elements",
            .fails(messageContainingAnyOf: ["crashed"]), .indexOutOfRange),
        entry(
            "force-unwrap-nil", "force-unwraps a dictionary lookup that is nil",
            .fails(messageContainingAnyOf: ["crashed"]), .forceUnwrapNil),
        entry(
            "fatal-error", "calls fatalError(\"not finished\")",
            .fails(messageContainingAnyOf: ["not finished"]), .fatalError),
        entry(
            "integer-overflow", "adds to Int.max",
            .fails(messageContainingAnyOf: ["crashed"]), .integerOverflow),
        entry(
            "endless-loop", "a while loop whose condition never becomes false",
            .fails(messageContainingAnyOf: ["did not finish within"]), .endlessLoop),
        entry(
            "unbounded-allocation",
            "reserves another gigabyte on every turn of an endless loop",
            .fails(messageContainingAnyOf: ["memory"]), .unboundedAllocation),
        entry(
            "nan-output", "returns next_h full of NaN",
            .fails(messageContainingAnyOf: ["NaN"]), .nanOutput),
        entry(
            "inf-output", "returns next_h full of +∞",
            .fails(messageContainingAnyOf: ["infinite", "NaN"]), .infiniteOutput),
        entry(
            "wrong-output-shape", "returns next_h transposed, (H, N)",
            .fails(messageContainingAnyOf: ["shape"]), .wrongShape),
        entry(
            "prints-megabytes", "prints 4 MB of debugging output, then the right answer",
            .fails(messageContainingAnyOf: ["printed"]), .printsMegabytes),
        entry(
            "very-slow", "sleeps for an hour before answering",
            .fails(messageContainingAnyOf: ["did not finish within"]), .sleeps),
    ]
}

/// How a `Misbehaving` implementation's `rnnStep` misbehaves.
enum Behaviour: Sendable {
    case indexOutOfRange, forceUnwrapNil, fatalError, integerOverflow, endlessLoop
    case unboundedAllocation, nanOutput, infiniteOutput, wrongShape, printsMegabytes, sleeps
}

/// Whether this process has printed its megabytes already.
private let printedOnce = Locked(false)

/// True the first time it is called in a process.
func claimFirstPrint() -> Bool {
    printedOnce.withLock { done in
        defer { done = true }
        return !done
    }
}

/// Values the optimiser cannot see through, so that the traps happen at run time.
@inline(never)
func opaque<T>(_ value: T) -> T { value }

/// The solution everywhere except `rnnStep`, which misbehaves.
struct Misbehaving: DelegatesToSolutions {
    let behaviour: Behaviour

    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let solution = try LearnerAssignment().rnnStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
        var nextH = solution.nextH
        switch behaviour {
        case .indexOutOfRange:
            let sizes = x.shape
            _ = sizes[opaque(sizes.count)]
        case .forceUnwrapNil:
            let gates: [String: Int] = ["i": 0, "f": 1, "o": 2, "g": 3]
            _ = gates[opaque("forget")]!
        case .fatalError:
            fatalError("not finished")
        case .integerOverflow:
            var total = opaque(Int.max)
            total += x.shape[0]
            _ = opaque(total)
        case .endlessLoop:
            var t = 0
            while opaque(t) >= 0 { t = (t + 1) % 10 }
        case .unboundedAllocation:
            var hoard: [[Double]] = []
            while true {
                // A gigabyte each turn, reserved but not written (so a machine without the
                // grader's memory limit is not driven into swap before the crash).
                hoard.append(
                    [Double](unsafeUninitializedCapacity: 1 << 27) { _, count in
                        count = 1 << 27
                    })
                _ = opaque(hoard.count)
            }
        case .nanOutput:
            nextH = Tensor(repeating: .nan, shape: nextH.shape)
        case .infiniteOutput:
            nextH = Tensor(repeating: .infinity, shape: nextH.shape)
        case .wrongShape:
            nextH = nextH.transposed()
        case .printsMegabytes:
            // Once per process: the backward check calls the forward pass hundreds of times.
            guard claimFirstPrint() else { break }
            let line = String(repeating: "debug: next_h = \(nextH.shape) ", count: 4) + "\n"
            for _ in 0..<(4_000_000 / line.utf8.count) { print(line, terminator: "") }
        case .sleeps:
            Thread.sleep(forTimeInterval: 3600)
        }
        return (nextH, solution.backward)
    }
}
