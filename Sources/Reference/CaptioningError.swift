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

/// The recurrent cell a `CaptioningRNN` uses (`cell_type` in the original).
public enum CellType: String, CaseIterable, Sendable, Codable {
    case rnn, lstm
    /// A gated recurrent unit (not in the original): gates r, z, n and a second bias `bh`.
    case gru

    /// Parses a cell type name; throws `CaptioningError.unknownCellType` otherwise.
    public init(named name: String) throws {
        guard let cell = CellType(rawValue: name.lowercased()) else {
            throw CaptioningError.unknownCellType(name)
        }
        self = cell
    }

    /// How many H-wide blocks Wx, Wh and b have: 1 for rnn, 4 for lstm (gates i, f, o, g),
    /// 3 for gru (gates r, z, n; its hidden-side bias bh has 3H too).
    public var gateCount: Int {
        switch self {
        case .rnn: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }
}
