import Foundation
import Given
import Tensor

/// A grader check: one function of the assignment (or the model), tested one way.
public struct Check: Sendable {
    /// Our name, also what the name filter matches (`rnnStepForward`).
    public let name: String
    /// The original assignment's name (`rnn_step_forward`).
    public let originalName: String
    /// The fixture set the check reads (`rnn_step`), if any.
    public let fixture: String?
    /// The time limit when none is given on the command line, in seconds.
    public let defaultTimeout: Double
    /// How long the check takes compared with the others (the overfit runs are the
    /// heavy ones), so the runner can start the longest first and balance the cores.
    public let relativeCost: Double
    /// What the check does, for `grader list`.
    public let summary: String
    /// Runs the check against an implementation; throws `CheckFailure`, `NotImplemented`,
    /// `FixtureError` or the implementation's own errors.
    let body: @Sendable (CheckContext) throws -> [Measurement]

    init(
        _ name: String, original: String, fixture: String?, timeout: Double = 20,
        relativeCost: Double = 1, summary: String,
        body: @escaping @Sendable (CheckContext) throws -> [Measurement]
    ) {
        (
            self.name, self.originalName, self.fixture, self.defaultTimeout, self.relativeCost,
            self.summary, self.body
        ) =
            (name, original, fixture, timeout, relativeCost, summary, body)
    }

    /// True when either name starts with `filter`, ignoring case and `_`
    /// (`rnn_step` selects rnn_step_forward and rnn_step_backward).
    public func matches(prefix filter: String) -> Bool {
        let f = Check.normalized(filter)
        return Check.normalized(name).hasPrefix(f) || Check.normalized(originalName).hasPrefix(f)
    }

    /// True when `filter` occurs anywhere in either name, ignoring case and `_`.
    public func matches(_ filter: String) -> Bool {
        let f = Check.normalized(filter)
        return Check.normalized(name).contains(f) || Check.normalized(originalName).contains(f)
    }

    static func normalized(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "_", with: "")
    }
}

/// What a check runs against: the process computing the implementation's answers, and
/// the fixtures (which stay in the grader).
public struct CheckContext: Sendable {
    public let learner: any LearnerEndpoint
    public let fixtures: FixtureStore
    /// The trusted loss of trained parameters, when this grader has the answers.
    public let referenceLoss: (any ReferenceLoss)?

    public init(
        learner: any LearnerEndpoint, fixtures: FixtureStore,
        referenceLoss: (any ReferenceLoss)? = nil
    ) {
        (self.learner, self.fixtures, self.referenceLoss) = (learner, fixtures, referenceLoss)
    }

    /// Every case of a fixture set.
    func cases(_ fixture: String) throws -> [(fixtureCase: FixtureCase, file: String)] {
        try fixtures.cases(for: fixture)
    }
}

extension Check {
    /// Runs the check against `context.learner`, turning every thrown error into a result.
    /// Every comparison and verdict is made here, in the grader.
    public func run(in context: CheckContext) -> CheckResult {
        var result = CheckResult(name: name, originalName: originalName, status: .pass)
        do {
            result.measurements = try body(context)
            // The table shows the worst measurement; the details show the one the diagnosis
            // was found in (the worst, when none was), so the finding and the numbers below
            // it speak of the same case.
            if let worst = result.worst, !worst.passed {
                let telling = Check.mostTellingMeasurement(result.measurements)
                let bad = telling ?? worst
                result.status = .fail
                result.message =
                    bad.error.isNaN
                    ? "\(bad.label): the result contains NaN"
                    : "\(bad.label): \(bad.text)"
                result.diagnosis = telling?.diagnosis
                result.hint = hint(for: bad.label, diagnosis: result.diagnosis)
            }
        } catch let stub as LearnerStub {
            result.status = .todo
            result.message = stub.message
        } catch let ended as LearnerProcessEnded {
            result.status = .fail
            result.message = ended.message
            let crash = Diagnosis.crash(check: name, message: ended.message)
            result.diagnosis = crash.diagnosis
            result.hint = ended.hint ?? crash.hint
            result.location = ended.location
        } catch let failure as CheckFailure {
            result.status = .fail
            result.message = failure.message
            result.diagnosis = failure.diagnosis
            result.hint = failure.hint ?? hint(for: failure.message, diagnosis: failure.diagnosis)
        } catch let failure as MeasuredFailure {
            result.status = .fail
            result.measurements = failure.measurements
            result.message = failure.message
            result.diagnosis = failure.diagnosis ?? Check.mostTelling(failure.measurements)
            result.hint = failure.hint ?? hint(for: failure.message, diagnosis: result.diagnosis)
        } catch let error as FixtureError {
            result.status = .fail
            result.message = error.description
        } catch {
            result.status = .fail
            result.message = String("threw \(type(of: error)): \(error)".prefix(1000))
            let crash = Diagnosis.crash(check: name, message: result.message ?? "")
            (result.diagnosis, result.hint) = (crash.diagnosis, crash.hint)
        }
        return result
    }

    /// A hint chosen from the diagnosis when it points at a cause, else keyed by the name
    /// of the array that was wrong.
    func hint(for label: String, diagnosis: Diagnosis? = nil) -> String? {
        if let diagnosis, let chosen = Hints.hint(check: name, diagnosis: diagnosis) {
            return chosen
        }
        return Hints.hint(check: name, label: label)
    }

    /// The most telling diagnosis of the failing measurements: a pattern before the worst
    /// element; among equals, a comparison with Reference's exact values before one with
    /// numeric gradients, then the first.
    static func mostTelling(_ measurements: [Measurement]) -> Diagnosis? {
        mostTellingMeasurement(measurements)?.diagnosis
    }

    /// The failing measurement whose diagnosis `mostTelling` chooses.
    static func mostTellingMeasurement(_ measurements: [Measurement]) -> Measurement? {
        let found = measurements.filter { !$0.passed && $0.diagnosis != nil }
        return found.enumerated().max { a, b in
            func key(_ m: Measurement, _ offset: Int) -> (Int, Int, Int) {
                (m.diagnosis?.specificity ?? 0, m.label.contains("numeric") ? 0 : 1, -offset)
            }
            return key(a.element, a.offset) < key(b.element, b.offset)
        }?.element
    }
}

/// A failure after some measurements were already taken.
struct MeasuredFailure: Error {
    let measurements: [Measurement]
    let message: String
    let hint: String?
    var diagnosis: Diagnosis? = nil
}

/// `3.2e-10`: errors and thresholds as the notebooks print them.
public func format(_ value: Double) -> String {
    value.isFinite ? String(format: "%.1e", value) : "\(value)"
}
