/// A command: its options, positional arguments and subcommands, and the text around them
/// in its help. The help is generated from this declaration, so it cannot drift from it.
public struct CommandDeclaration: Sendable, Equatable {
    /// The word that selects it (`generate`); the root command's is the program's name.
    public let name: String
    /// One line: what it does.
    public let summary: String
    /// Its options (not `-h`/`--help`, which every command takes).
    public let options: [OptionDeclaration]
    /// Its positional arguments, in order; one with `.any` count comes last.
    public let positionals: [PositionalDeclaration]
    /// The commands below it, chosen by name as its first positional word.
    public let subcommands: [CommandDeclaration]
    /// Whether it does nothing itself and needs one of its subcommands (`fixtures`).
    public let needsSubcommand: Bool
    /// Paragraphs shown after the options (examples, exit statuses); an option named in
    /// them must be one of this command's.
    public let details: String

    /// A command called `name`; see the properties.
    public init(
        _ name: String, summary: String, options: [OptionDeclaration] = [],
        positionals: [PositionalDeclaration] = [],
        subcommands: [CommandDeclaration] = [], needsSubcommand: Bool = false,
        details: String = ""
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
        self.needsSubcommand = needsSubcommand
        self.details = details
    }

    /// The spellings every command takes for its help.
    public static let helpNames = ["-h", "--help"]

    /// The option spelled `spelling`, if this command has it.
    public func option(spelled spelling: String) -> OptionDeclaration? {
        options.first { $0.names.contains(spelling) }
    }

    /// The subcommand called `name`, if any.
    public func subcommand(named name: String) -> CommandDeclaration? {
        subcommands.first { $0.name == name }
    }

    /// The command at `path` below this one (`["fixtures", "generate"]`), if it exists.
    public func descendant(at path: some Collection<String>) -> CommandDeclaration? {
        guard let first = path.first else { return self }
        return subcommand(named: first)?.descendant(at: path.dropFirst())
    }

    /// This command and every command below it, each with its path of names from here.
    public var allCommands: [(path: [String], command: CommandDeclaration)] {
        [([], self)]
            + subcommands.flatMap { child in
                child.allCommands.map { ([child.name] + $0.path, $0.command) }
            }
    }
}
