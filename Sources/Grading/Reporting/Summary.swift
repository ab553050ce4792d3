/// Counts of a grading run. TODO counts as failed: the score line reads
/// `N passed, N failed`.
public struct Summary: Codable, Sendable {
    public let passed: Int
    public let failed: Int
    public let todo: Int
    public var total: Int { passed + failed }

    public init(_ results: [CheckResult]) {
        passed = results.filter { $0.status == .pass }.count
        todo = results.filter { $0.status == .todo }.count
        failed = results.count - passed
    }

    /// `16 passed, 2 failed`, the closing line of every text report.
    public var scoreLine: String { "\(passed) passed, \(failed) failed" }
}
