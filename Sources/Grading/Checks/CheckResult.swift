import Foundation

/// The verdict of one check.
public enum CheckStatus: String, Codable, Sendable {
    /// Everything measured was within its threshold.
    case pass = "PASS"
    /// Something was wrong: a value, a shape, a crash, a timeout.
    case fail = "FAIL"
    /// The code under test is still an untouched stub.
    case todo = "TODO"
    /// The overall time budget ran out before the check could start.
    case notRun = "NOT RUN"
}

/// What a measurement's number is, which decides how it is worded:
/// `rel. error 3.2e-10 < 1e-7`, `|difference| 7.2 > 1e-10`, `3 of 8 words differ`, `20 s`,
/// `loss 0.071 < 0.1`.
public enum MeasurementKind: String, Codable, Sendable {
    /// The original's rel_error (or the grader's variant of it for numeric gradients).
    case relativeError
    /// |actual − expected|, for a single value such as a loss.
    case absoluteDifference
    /// How many things differ (words of a caption); `total` says out of how many.
    case count
    /// A time in seconds.
    case seconds
    /// A loss value against a bound (the overfit runs).
    case loss
}

/// One number a check measured against its threshold: `dx: rel. error 3.2e-10 < 1e-7`.
public struct Measurement: Codable, Equatable, Sendable {
    /// What was compared (`next_h vs fixture "notebook"`).
    public var label: String
    /// The measured number: the worst relative error, an absolute difference, a count…
    /// as `kind` says.
    public var error: Double
    /// The bound `error` must stay under.
    public var threshold: Double
    /// What `error` is, which decides its wording.
    public var kind: MeasurementKind
    /// For a count, out of how many (`3 of 8 words differ`).
    public var total: Int?
    /// What is wrong with the compared array, when the measurement failed and the grader
    /// found a pattern (or at least the worst element).
    public var diagnosis: Diagnosis?
    public var passed: Bool { error.isFinite && error < threshold }

    public init(
        label: String, error: Double, threshold: Double,
        kind: MeasurementKind = .relativeError, total: Int? = nil,
        diagnosis: Diagnosis? = nil
    ) {
        (self.label, self.error, self.threshold, self.kind, self.total, self.diagnosis) =
            (label, error, threshold, kind, total, diagnosis)
    }

    enum CodingKeys: String, CodingKey { case label, error, threshold, kind, total, diagnosis }

    /// Reads a measurement; reports written before measurements had a kind are relative
    /// errors.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        error = try container.decode(Double.self, forKey: .error)
        threshold = try container.decode(Double.self, forKey: .threshold)
        kind = try container.decodeIfPresent(MeasurementKind.self, forKey: .kind) ?? .relativeError
        total = try container.decodeIfPresent(Int.self, forKey: .total)
        diagnosis = try container.decodeIfPresent(Diagnosis.self, forKey: .diagnosis)
    }
}

/// The outcome of one check, as the grader decided it.
public struct CheckResult: Codable, Sendable {
    /// Our name of the check (`rnnStepBackward`).
    public var name: String
    /// The original's name (`rnn_step_backward`).
    public var originalName: String
    public var status: CheckStatus
    /// What went wrong (or, for TODO, which function is still a stub).
    public var message: String?
    /// A hint at the likely mistake, on failure, chosen from the diagnosis when there is one.
    public var hint: String?
    /// What is wrong, found from the failing array's pattern (or the prerequisite that
    /// fails, or the crash).
    public var diagnosis: Diagnosis?
    /// The learner's file and line where a crash happened, when the runtime gave it.
    public var location: String?
    public var measurements: [Measurement]
    /// Wall time in seconds, including the learner process.
    public var seconds: Double

    public init(
        name: String, originalName: String, status: CheckStatus, message: String? = nil,
        hint: String? = nil, location: String? = nil, measurements: [Measurement] = [],
        seconds: Double = 0, diagnosis: Diagnosis? = nil
    ) {
        (
            self.name, self.originalName, self.status, self.message, self.hint, self.location,
            self.measurements, self.seconds, self.diagnosis
        ) =
            (name, originalName, status, message, hint, location, measurements, seconds, diagnosis)
    }

    /// The measurement furthest above (or closest to) its threshold.
    public var worst: Measurement? {
        measurements.max { a, b in
            let ra = a.error.isFinite ? a.error / a.threshold : .infinity
            let rb = b.error.isFinite ? b.error / b.threshold : .infinity
            return ra < rb
        }
    }
}

/// A failure found by a check: the message, and a hint at the likely mistake.
public struct CheckFailure: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let hint: String?
    /// What was found wrong, if a pattern was (a transposed shape, a missing throw).
    public let diagnosis: Diagnosis?

    public init(_ message: String, hint: String? = nil, diagnosis: Diagnosis? = nil) {
        (self.message, self.hint, self.diagnosis) = (message, hint, diagnosis)
    }

    public var description: String { message }
}
