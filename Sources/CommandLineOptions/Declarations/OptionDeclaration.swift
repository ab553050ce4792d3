/// One option of a command: its spellings, whether it takes a value, its line of help.
public struct OptionDeclaration: Sendable, Equatable {
    /// Every spelling, the first one long (`--output`); the others are aliases (`-o`).
    public let names: [String]
    /// The value's kind and its name in the help (`FILE`); nil for a flag (`--force`).
    public let value: Value?
    /// The help line, without the default.
    public let help: String
    /// The default, as the help shows it (`600`, `every core`), if there is one to show.
    public let defaultText: String?
    /// Whether the option may be given more than once (its values are then collected).
    public let repeatable: Bool
    /// Whether the command refuses to run without it.
    public let required: Bool

    /// What a valued option takes.
    public struct Value: Sendable, Equatable {
        /// The name the help shows (`FILE`, `text|json|gradescope`).
        public let placeholder: String
        /// What the parser accepts.
        public let kind: ValueKind
    }

    /// The name a parsed command is asked by: the first spelling (there always is one).
    public var name: String { names.first ?? "" }

    /// Whether this option takes no value.
    public var isFlag: Bool { value == nil }

    /// An option that takes a value: its long `name` (`--output`), other spellings (`-o`),
    /// its placeholder and kind.
    public static func value(
        _ name: String, _ aliases: String..., placeholder: String,
        kind: ValueKind = .text,
        help: String, default defaultText: String? = nil,
        repeatable: Bool = false, required: Bool = false
    )
        -> OptionDeclaration
    {
        OptionDeclaration(
            names: [name] + aliases,
            value: Value(placeholder: placeholder, kind: kind), help: help,
            defaultText: defaultText, repeatable: repeatable, required: required)
    }

    /// An option that takes a choice of words; the placeholder lists them (`rnn|lstm|gru`).
    public static func choice(
        _ name: String, _ aliases: String..., of words: [String],
        help: String, default defaultText: String? = nil
    )
        -> OptionDeclaration
    {
        OptionDeclaration(
            names: [name] + aliases,
            value: Value(
                placeholder: words.joined(separator: "|"),
                kind: .choice(words)),
            help: help, defaultText: defaultText, repeatable: false, required: false)
    }

    /// A flag: present or not, no value.
    public static func flag(
        _ name: String, _ aliases: String..., help: String,
        repeatable: Bool = false
    ) -> OptionDeclaration {
        OptionDeclaration(
            names: [name] + aliases, value: nil, help: help,
            defaultText: nil, repeatable: repeatable, required: false)
    }

    /// How the option is written in a usage line: `--seed S`, `--force`.
    var synopsis: String {
        value.map { "\(name) \($0.placeholder)" } ?? name
    }
}
