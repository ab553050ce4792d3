/// A mistake on the command line: one line naming the problem, and the command whose help
/// explains the right way.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem, in one line (`--output needs a value, got the option --force`).
    public let problem: String
    /// The names from the program to the command concerned (`["grader", "fixtures"]`).
    public let command: [String]

    /// A problem with the command line of the command at `command`.
    public init(_ problem: String, command: [String]) {
        self.problem = problem
        self.command = command
    }

    /// The problem and where help is: `--cases needs … (see `grader fixtures generate --help`)`.
    public var description: String {
        "\(problem) (see `\((command + ["--help"]).joined(separator: " "))`)"
    }

    /// The exit status of a usage error, in both programs.
    public static let exitStatus: Int32 = 2
}
