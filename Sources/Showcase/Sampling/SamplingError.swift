import Given
import Reference

/// Why captions could not be sampled from a model's parameters.
public enum SamplingError: Error, Equatable, CustomStringConvertible {
    /// A parameter is missing or has the wrong shape for the cell type.
    case badParameter(String)
    /// The vocabulary lacks a token sampling needs (`<START>`).
    case missingToken(String)
    /// A setting is out of range (beam width, temperature, length).
    case invalidSetting(String)
    /// A word index (a token of the vocabulary, or a word passed in at a position) is
    /// outside the vocabulary's 0 ..< V: `word` names which.
    case wordOutOfRange(word: String, index: Int, vocabularySize: Int)
    /// The image features are not `(N, D)` for the model's D.
    case invalidFeatures(String)
    /// A decoder state does not fit the words stepped with it.
    case invalidState(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .badParameter(let why): return "cannot sample: \(why)"
        case .missingToken(let token): return "cannot sample: the vocabulary has no \(token)"
        case .invalidSetting(let why): return "invalid sampling setting: \(why)"
        case .wordOutOfRange(let word, let index, let size):
            return "cannot sample: \(word) is the word index \(index), outside the vocabulary's "
                + "0..<\(size)"
        case .invalidFeatures(let why): return "cannot sample: malformed features: \(why)"
        case .invalidState(let why): return "cannot sample: \(why)"
        }
    }
}
