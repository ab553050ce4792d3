import Given
import Reference

/// Why captions could not be sampled from a model's parameters.
public enum SamplingError: Error, Equatable, CustomStringConvertible {
    /// Beam search and temperature sampling step the cell with Reference's step functions,
    /// which this cell type does not have here yet.
    case unsupportedCell(String)
    /// A parameter is missing or has the wrong shape for the cell type.
    case badParameter(String)
    /// The vocabulary lacks a token sampling needs (`<START>`).
    case missingToken(String)
    /// A setting is out of range (beam width, temperature, length).
    case invalidSetting(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .unsupportedCell(let cell):
            return "beam search and temperature sampling do not support the \(cell) cell yet; "
                + "use greedy sampling"
        case .badParameter(let why): return "cannot sample: \(why)"
        case .missingToken(let token): return "cannot sample: the vocabulary has no \(token)"
        case .invalidSetting(let why): return "invalid sampling setting: \(why)"
        }
    }
}
