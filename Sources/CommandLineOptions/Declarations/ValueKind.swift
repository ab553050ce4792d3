/// What an option's value must be; the parser checks it, so a command reads only values
/// that passed (and a usage error names the option that got a bad one).
public enum ValueKind: Sendable, Equatable {
    /// Any non-empty text (a path, a name the command checks itself).
    case text
    /// One of these words, matched without regard to case; the command reads the word as
    /// declared here.
    case choice([String])
    /// A whole number in the range.
    case integer(ClosedRange<UInt64>)
    /// A finite number, above zero (`positive`) or at least zero.
    case number(NumberSign)

    /// Which finite numbers a `.number` option takes.
    public enum NumberSign: Sendable, Equatable {
        /// Above zero.
        case positive
        /// Zero or above.
        case nonNegative
    }

    /// A whole number from `lower` on, up to `Int.max` (what a command reads as an `Int`).
    public static func integer(atLeast lower: UInt64) -> ValueKind {
        .integer(lower...UInt64(Int.max))
    }

    /// `text` checked against this kind: the value to store, or why it is refused (the
    /// sentence after "--name needs ").
    func accept(_ text: String) -> Result<String, Refusal> {
        switch self {
        case .text:
            return .success(text)
        case .choice(let words):
            let lowered = text.lowercased()
            guard let word = words.first(where: { $0.lowercased() == lowered }) else {
                return .failure(Refusal("one of \(ValueKind.listed(words)), got \"\(text)\""))
            }
            return .success(word)
        case .integer(let range):
            guard let value = UInt64(text), range.contains(value) else {
                let bound =
                    range.upperBound >= UInt64(Int.max)
                    ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
                return .failure(Refusal("a whole number \(bound), got \"\(text)\""))
            }
            return .success(text)
        case .number(let sign):
            let bound = sign == .positive ? "a positive number" : "a number ≥ 0"
            guard let value = Double(text), value.isFinite,
                sign == .positive ? value > 0 : value >= 0
            else {
                return .failure(Refusal("\(bound), got \"\(text)\""))
            }
            return .success(text)
        }
    }

    /// `a, b or c`.
    static func listed(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }

    /// Why a value was refused: what the option needs and what it got.
    struct Refusal: Error {
        let needs: String
        init(_ needs: String) { self.needs = needs }
    }
}
