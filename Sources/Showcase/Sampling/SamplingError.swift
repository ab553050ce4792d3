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

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .badParameter(let why): return "cannot sample: \(why)"
        case .missingToken(let token): return "cannot sample: the vocabulary has no \(token)"
        case .invalidSetting(let why): return "invalid sampling setting: \(why)"
        }
    }
}
