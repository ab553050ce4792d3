/// The instructor's fixture files that cannot be used, each with its reason: the grader
/// stops before grading rather than grade without them.
public struct FixtureRefusal: Error, CustomStringConvertible, Sendable {
    /// The folder given with `--fixtures`.
    public let folder: String
    /// One error per refused file, naming it.
    public let refused: [FixtureError]

    public init(folder: String, refused: [FixtureError]) {
        (self.folder, self.refused) = (folder, refused)
    }

    /// A summary line, then one line per refused file.
    public var description: String {
        let count = refused.count == 1 ? "1 fixture file" : "\(refused.count) fixture files"
        return "\(count) in \(folder) refused; nothing was graded (fix or remove "
            + "\(refused.count == 1 ? "it" : "them")):\n"
            + refused.map { "  \($0.file): \($0.problem)" }.joined(separator: "\n")
    }
}
