/// A command line that passed its declaration: the command chosen and what it was given.
///
/// Every value here was checked against its option's kind, so the typed accessors only
/// convert (a value of an undeclared or differently-typed option reads as nil).
public struct ParsedArguments: Sendable, Equatable {
    /// The names from the program to the chosen command (`["grader", "fixtures", "verify"]`).
    public let command: [String]
    /// The declaration of the chosen command.
    public let declaration: CommandDeclaration
    /// Whether `-h`/`--help` was given: the caller prints `help` and exits 0.
    public let wantsHelp: Bool
    /// The positional arguments, in order.
    public let positionals: [String]
    /// Each given option's values by its first spelling (a flag has one empty value per
    /// time it was given).
    let values: [String: [String]]

    /// The subcommand path below the program (`["fixtures", "verify"]`).
    public var subcommand: [String] { Array(command.dropFirst()) }

    /// The chosen command's help text.
    public var help: String { HelpText(declaration, path: command).text }

    /// Whether the option (any spelling's first name, `--force`) was given.
    public func isGiven(_ name: String) -> Bool { values[name] != nil }

    /// Whether the flag was given.
    public func flag(_ name: String) -> Bool { isGiven(name) }

    /// The option's value, if given (its last, for a repeatable option).
    public func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in order.
    public func allValues(_ name: String) -> [String] { values[name] ?? [] }

    /// An integer option's value, if given.
    public func integer(_ name: String) -> Int? { value(name).flatMap { Int($0) } }

    /// An integer option's value as an unsigned 64-bit number (a seed), if given.
    public func unsigned(_ name: String) -> UInt64? { value(name).flatMap { UInt64($0) } }

    /// A number option's value, if given.
    public func number(_ name: String) -> Double? { value(name).flatMap { Double($0) } }
}
