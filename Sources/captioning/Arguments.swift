/// A command line after the subcommand: `--name value` options and `--flag` switches.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// Every option name the user gave, for "did they set this?" questions.
    private(set) var given: Set<String> = []

    /// Parses `words`; `switches` are the options that take no value.
    init(_ words: [String], switches: Set<String>, options: Set<String>) throws {
        var index = 0
        while index < words.count {
            let word = words[index]
            var name = word
            var inline: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            }
            if switches.contains(name) {
                flags.insert(name)
            } else if options.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    guard index + 1 < words.count else { throw UsageError("\(name) needs a value") }
                    index += 1
                    values[name] = words[index]
                }
            } else {
                throw UsageError("unknown option \(word); see `swift run captioning help`")
            }
            given.insert(name)
            index += 1
        }
    }

    /// Whether the switch was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's text, if given.
    func string(_ name: String) -> String? { values[name] }

    /// The option as an integer ≥ `minimum`, if given.
    func int(_ name: String, minimum: Int = 1) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw UsageError("\(name) needs a whole number ≥ \(minimum), got \"\(text)\"")
        }
        return value
    }

    /// The option as a finite number ≥ 0, if given.
    func double(_ name: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw UsageError("\(name) needs a number ≥ 0, got \"\(text)\"")
        }
        return value
    }
}

/// A mistake on the command line.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
