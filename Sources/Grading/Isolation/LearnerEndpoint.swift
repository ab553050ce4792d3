import Given
import LearnerProcess

/// Something that computes what a check asks of an implementation: a learner process
/// (`LearnerSession`), or, in the kit's own tests, an implementation in this process.
public protocol LearnerEndpoint: Sendable {
    /// The implementation's answer; throws `LearnerProcessEnded` when the process died,
    /// hung or broke the protocol.
    func reply(to request: LearnerRequest) throws -> LearnerReply
}

/// Runs an implementation in the grader's own process, through the same encoding as a
/// learner process. For the kit's tests of trusted implementations (Solutions, Reference,
/// the mistake catalogue): no isolation, so never for learner code.
public struct InProcessLearner: LearnerEndpoint {
    public let assignment: any Assignment

    public init(_ assignment: any Assignment) { self.assignment = assignment }

    public func reply(to request: LearnerRequest) throws -> LearnerReply {
        let decoded = try LearnerRequest(decoding: request.encoded())
        let reply = LearnerComputation.reply(to: decoded, with: assignment)
        return try LearnerReply(decoding: reply.encoded())
    }
}

/// The learner process ended a check abnormally: crashed, hung, printed too much, or
/// sent something that is not a reply. The text is the grader's own.
public struct LearnerProcessEnded: Error, Sendable {
    public let message: String
    public let hint: String?
    public let location: String?
}
