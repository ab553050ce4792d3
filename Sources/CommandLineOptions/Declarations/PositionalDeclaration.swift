/// An argument given by its place, not by a name (`FILTER ...`, `DIR`).
public struct PositionalDeclaration: Sendable, Equatable {
    /// The name the help shows (`FILTER`).
    public let placeholder: String
    /// Its line in the help.
    public let help: String
    /// How many of it the command takes.
    public let count: Count

    /// How many of it a command takes.
    public enum Count: Sendable, Equatable {
        /// Exactly one.
        case one
        /// None or one.
        case optional
        /// Any number, none included.
        case any
    }

    /// `count` arguments shown as `placeholder` (`FILTER`), with a line of help.
    public init(_ placeholder: String, _ count: Count = .one, help: String) {
        self.placeholder = placeholder
        self.count = count
        self.help = help
    }

    /// How it is written in a usage line: `DIR`, `[DIR]`, `[FILTER ...]`.
    var synopsis: String {
        switch count {
        case .one: return placeholder
        case .optional: return "[\(placeholder)]"
        case .any: return "[\(placeholder) ...]"
        }
    }
}
