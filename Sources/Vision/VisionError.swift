/// Why an encoder could not be built or trained; every message names what is wrong.
public enum VisionError: Error, Equatable, CustomStringConvertible {
    /// The layer sizes cannot form an encoder (the reason says which).
    case invalidArchitecture(String)
    /// Parameters given to an encoder do not fit its architecture.
    case parameterMismatch(String)
    /// A training setting is out of range, or the data do not fit together.
    case invalidTraining(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .invalidArchitecture(let reason): return "invalid encoder architecture: \(reason)"
        case .parameterMismatch(let reason): return "encoder parameters do not fit: \(reason)"
        case .invalidTraining(let reason): return "cannot train the encoder: \(reason)"
        }
    }
}
