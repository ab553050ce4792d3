/// A command's help, generated from its declaration: usage lines, arguments, options with
/// their defaults, the commands below it, then the declaration's own paragraphs.
public struct HelpText: Sendable {
    /// The whole help, lines joined by newlines, no trailing newline.
    public let text: String

    /// The widest help line.
    static let width = 88

    /// The help of `command`, reached by `path` (the program's name first).
    public init(_ command: CommandDeclaration, path: [String]) {
        let invocation = path.joined(separator: " ")
        var lines = HelpText.wrapped("\(invocation): \(command.summary)", indent: 0)
        lines += ["", "USAGE", "  " + HelpText.usage(command, invocation: invocation)]
        if !command.positionals.isEmpty {
            lines += ["", "ARGUMENTS"]
            lines += HelpText.table(command.positionals.map { ($0.synopsis, $0.help) })
        }
        lines += ["", "OPTIONS"]
        lines += HelpText.table(
            command.options.map(HelpText.row)
                + [(CommandDeclaration.helpNames.joined(separator: ", "), "this text")])
        let below = command.allCommands.dropFirst().filter { !$0.command.needsSubcommand }
        if !below.isEmpty {
            lines += ["", "COMMANDS (each takes --help)"]
            for (subpath, subcommand) in below {
                let name = ([invocation] + subpath).joined(separator: " ")
                lines.append("  " + HelpText.usage(subcommand, invocation: name))
                lines += HelpText.wrapped(subcommand.summary, indent: 6)
            }
        }
        if !command.details.isEmpty {
            lines += ["", command.details]
        }
        text = lines.joined(separator: "\n")
    }

    /// `grader fixtures generate --seed S --into DIR [options]`.
    static func usage(_ command: CommandDeclaration, invocation: String) -> String {
        if command.needsSubcommand || (command.positionals.isEmpty && !command.subcommands.isEmpty)
        {
            return "\(invocation) <command> ..."
        }
        var words = [invocation] + command.options.filter(\.required).map(\.synopsis)
        if command.options.contains(where: { !$0.required }) { words.append("[options]") }
        return (words + command.positionals.map(\.synopsis)).joined(separator: " ")
    }

    /// An option's row: `-o, --output FILE` and its help with the default; a second long
    /// spelling is named in the help (`--steps K … (also spelled --repetitions)`).
    static func row(_ option: OptionDeclaration) -> (String, String) {
        let short = option.names.filter { !$0.hasPrefix("--") }
        let long = option.names.filter { $0.hasPrefix("--") }
        let left =
            (short + long.prefix(1)).joined(separator: ", ")
            + (option.value.map { " \($0.placeholder)" } ?? "")
        var help = option.help
        if long.count > 1 {
            help += " (also spelled \(long.dropFirst().joined(separator: ", ")))"
        }
        if let defaultText = option.defaultText { help += " (default: \(defaultText))" }
        if option.required { help += " (required)" }
        if option.repeatable { help += " (may be repeated)" }
        return (left, help)
    }

    /// Two columns; a left entry too wide for the column pushes its help to the next line.
    static func table(_ rows: [(String, String)]) -> [String] {
        let column = min(26, rows.map(\.0.count).max() ?? 0) + 4
        var lines: [String] = []
        for (left, help) in rows {
            let wrapped = wrapped(help, indent: column)
            let entry = "  " + left
            if entry.count + 2 <= column, let first = wrapped.first {
                let padding = String(repeating: " ", count: column - entry.count)
                lines.append(entry + padding + first.dropFirst(column))
                lines += wrapped.dropFirst()
            } else {
                lines.append(entry)
                lines += wrapped
            }
        }
        return lines
    }

    /// `text` wrapped to `width`, every line indented by `indent` spaces.
    static func wrapped(_ text: String, indent: Int) -> [String] {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, indent + line.count + 1 + word.count > width {
                lines.append(margin + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(margin + line) }
        return lines
    }
}
