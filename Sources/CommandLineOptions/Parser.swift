/// Reading a command line against a declaration.
///
/// Pure: no output, no exit, no trap for any input (a fuzz target calls it with arbitrary
/// words). Options may come before or after positional arguments, spelled `--name value` or
/// `--name=value`; `--` ends the options.
extension CommandDeclaration {
    /// Parses `arguments` (without the program's own name) for this command and its
    /// subcommands; throws the first problem found.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var state = ParserState(root: self)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            index += 1
            if state.optionsEnded || !ParserState.isOptionLike(word) {
                try state.take(positional: word)
                continue
            }
            if word == "--" {
                state.optionsEnded = true
                continue
            }
            var (spelling, inline) = (word, String?.none)
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                spelling = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            }
            if CommandDeclaration.helpNames.contains(spelling) {
                guard inline == nil else { throw state.error("\(spelling) takes no value") }
                return state.result(wantsHelp: true)
            }
            let option = try state.option(spelled: spelling)
            var value: String?
            if !option.isFlag {
                if let inline {
                    value = inline
                } else if index < arguments.endIndex {
                    value = arguments[index]
                    index += 1
                    if let given = value, ParserState.isOptionLike(given) {
                        throw state.error(
                            "\(spelling) needs a value, got the option \(given) "
                                + "(write \(spelling)=\(given) if that is the value)")
                    }
                }
            } else if inline != nil {
                throw state.error("\(spelling) takes no value")
            }
            try state.record(option, spelling: spelling, value: value)
        }
        try state.finish()
        return state.result(wantsHelp: false)
    }
}

/// What the parser has read so far.
struct ParserState {
    let root: CommandDeclaration
    var command: CommandDeclaration
    var path: [String]
    var values: [String: [String]] = [:]
    var positionals: [String] = []
    var optionsEnded = false

    init(root: CommandDeclaration) {
        self.root = root
        command = root
        path = [root.name]
    }

    /// Whether a word is an option's spelling rather than a value: `-x`, `--x`; not `-`
    /// alone, not a negative number (which a number option then refuses by name).
    static func isOptionLike(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        return Double(word) == nil
    }

    func error(_ problem: String) -> UsageError {
        UsageError(problem, command: path)
    }

    func result(wantsHelp: Bool) -> ParsedArguments {
        ParsedArguments(
            command: path, declaration: command, wantsHelp: wantsHelp,
            positionals: positionals, values: values)
    }

    /// The current command's option spelled so, or an error naming the closest one.
    func option(spelled spelling: String) throws(UsageError) -> OptionDeclaration {
        if let option = command.option(spelled: spelling) { return option }
        let spellings = command.options.flatMap(\.names) + CommandDeclaration.helpNames
        if let close = Suggestion.closest(to: spelling, among: spellings) {
            throw error("unknown option \(spelling); did you mean \(close)?")
        }
        // Given to the wrong command: say which commands have it.
        let owners = root.allCommands.filter {
            $0.command.option(spelled: spelling) != nil && !$0.command.needsSubcommand
        }.map { ([root.name] + $0.path).joined(separator: " ") }
        if !owners.isEmpty {
            throw error(
                "`\(path.joined(separator: " "))` has no option \(spelling) (it is an "
                    + "option of `\(owners.prefix(3).joined(separator: "`, `"))`)")
        }
        throw error("unknown option \(spelling)")
    }

    mutating func record(
        _ option: OptionDeclaration, spelling: String,
        value: String?
    ) throws(UsageError) {
        if values[option.name] != nil, !option.repeatable {
            throw error("\(option.name) is given twice")
        }
        var stored = ""
        if let declared = option.value {
            guard let value, !value.isEmpty else {
                throw error("\(spelling) needs a value (\(declared.placeholder))")
            }
            switch declared.kind.accept(value) {
            case .success(let accepted): stored = accepted
            case .failure(let refusal): throw error("\(spelling) needs \(refusal.needs)")
            }
        }
        values[option.name, default: []].append(stored)
    }

    /// A word that is not an option: a subcommand's name while none of this command's
    /// positional arguments came yet, else one of them.
    mutating func take(positional word: String) throws(UsageError) {
        if positionals.isEmpty, !optionsEnded, let child = command.subcommand(named: word) {
            // A group (`fixtures`) passes the options on to the command chosen below it.
            for name in values.keys.sorted()
            where !child.needsSubcommand && child.option(spelled: name) == nil {
                throw UsageError(
                    "`\((path + [child.name]).joined(separator: " "))` has no "
                        + "option \(name)", command: path + [child.name])
            }
            command = child
            path.append(child.name)
            return
        }
        if command.needsSubcommand || (command.positionals.isEmpty && !command.subcommands.isEmpty)
        {
            let names = command.subcommands.map(\.name)
            let guess = Suggestion.closest(to: word, among: names).map { "; did you mean \($0)?" }
            throw error(
                "unknown command \"\(word)\" for `\(path.joined(separator: " "))`"
                    + (guess ?? ": use \(ValueKind.listed(names))"))
        }
        let limit = command.positionals.reduce(0) { total, positional in
            total == Int.max || positional.count == .any ? Int.max : total + 1
        }
        guard positionals.count < limit else {
            let takes =
                limit == 0
                ? "takes no arguments"
                : "takes \(command.positionals.map(\.synopsis).joined(separator: " "))"
            throw error(
                "unexpected argument \"\(word)\": `\(path.joined(separator: " "))` "
                    + takes)
        }
        positionals.append(word)
    }

    /// Checks what must be there once every word is read.
    func finish() throws(UsageError) {
        if command.needsSubcommand {
            throw error(
                "`\(path.joined(separator: " "))` needs a command: "
                    + ValueKind.listed(command.subcommands.map(\.name)))
        }
        let needed = command.positionals.filter { $0.count == .one }
        if positionals.count < needed.count {
            throw error(
                "`\(path.joined(separator: " "))` needs "
                    + needed[positionals.count...].map(\.placeholder).joined(separator: " "))
        }
        if let missing = command.options.first(where: { $0.required && values[$0.name] == nil }) {
            throw error("`\(path.joined(separator: " "))` needs \(missing.synopsis)")
        }
    }
}
