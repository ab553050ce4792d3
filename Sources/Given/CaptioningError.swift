/// A mistake in how a captioning model was built or called, with a message a learner
/// can act on.
public enum CaptioningError: Error, Equatable, CustomStringConvertible {
    /// `cellType` is not one of the supported recurrent cells.
    case unknownCellType(String)
    /// The vocabulary lacks a token the operation needs (`<NULL>`, `<START>`).
    case missingToken(String)
    /// The captions array is malformed; the text says how.
    case malformedCaptions(String)
    /// The image features do not fit the model; the text says how.
    case malformedFeatures(String)
    /// A parameter is missing or has the wrong shape; the text says which.
    case malformedParameter(String)

    public var description: String {
        switch self {
        case .unknownCellType(let name):
            return "Invalid cell_type \"\(name)\": use one of "
                + CellType.allCases.map(\.rawValue).joined(separator: ", ")
        case .missingToken(let token):
            return "the vocabulary (word_to_idx) has no \(token) token"
        case .malformedCaptions(let why): return "malformed captions: \(why)"
        case .malformedFeatures(let why): return "malformed features: \(why)"
        case .malformedParameter(let why): return "malformed parameter: \(why)"
        }
    }
}
