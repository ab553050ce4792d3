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

/// One number a check measured against its threshold: `dx: 3.2e-10 < 1e-7`.
public struct Measurement: Codable, Equatable, Sendable {
    /// What was compared (`next_h vs fixture "notebook"`).
    public var label: String
    /// The worst relative error (or absolute difference, for a loss value).
    public var error: Double
    public var threshold: Double
    public var passed: Bool { error.isFinite && error < threshold }

    public init(label: String, error: Double, threshold: Double) {
        (self.label, self.error, self.threshold) = (label, error, threshold)
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
    /// A hint at the likely mistake, on failure.
    public var hint: String?
    /// The learner's file and line where a crash happened, when the runtime gave it.
    public var location: String?
    public var measurements: [Measurement]
    /// Wall time in seconds, including the learner process.
    public var seconds: Double

    public init(name: String, originalName: String, status: CheckStatus, message: String? = nil,
                hint: String? = nil, location: String? = nil, measurements: [Measurement] = [],
                seconds: Double = 0) {
        (self.name, self.originalName, self.status, self.message, self.hint, self.location,
         self.measurements, self.seconds) =
            (name, originalName, status, message, hint, location, measurements, seconds)
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

    public init(_ message: String, hint: String? = nil) { (self.message, self.hint) = (message, hint) }

    public var description: String { message }
}
