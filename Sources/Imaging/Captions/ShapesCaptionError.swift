/// Why a caption is not one the Shapes grammar makes: the first word that does not fit
/// (or the end, when the caption stops early) and what the grammar expected there.
public struct ShapesCaptionError: Error, Equatable, CustomStringConvertible {
    /// The 1-based position of the word that does not fit; one past the last word when
    /// the caption ended too early.
    public let position: Int
    /// The word that does not fit; nil when the caption ended too early.
    public let word: String?
    /// The word before it, if any (to show where the problem is).
    public let previous: String?
    /// What the grammar expected at `position`, in words.
    public let expected: String

    /// The message shown to the user.
    public var description: String {
        if let word {
            return
                "word \(position) of the caption, \"\(word)\", does not fit: expected \(expected)"
        }
        if let previous {
            return
                "the caption ends after word \(position - 1), \"\(previous)\": expected \(expected)"
        }
        return "the caption is empty: expected \(expected)"
    }
}
