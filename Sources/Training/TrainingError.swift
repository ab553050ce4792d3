/// A mistake in how training was set up, with a message a learner can act on
/// (the original raises `ValueError` for each of these).
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// `update_rule` names no rule in `optim.py`; carries the unknown name.
    case unknownUpdateRule(String)
    /// A solver or data argument is out of range; the text says which and why.
    case invalidArgument(String)
    /// `model.loss` returned no gradient for a parameter; carries the parameter name.
    case missingGradient(String)
    /// A data split has no captions to sample from; carries the split name.
    case emptySplit(String)

    /// The message shown to the learner.
    public var description: String {
        switch self {
        case .unknownUpdateRule(let name):
            return "Invalid update_rule \"\(name)\": use one of "
                + UpdateRule.allCases.map(\.rawValue).joined(separator: ", ")
        case .invalidArgument(let why):
            return "invalid argument: \(why)"
        case .missingGradient(let name):
            return "model.loss returned no gradient for parameter \"\(name)\""
        case .emptySplit(let split):
            return "the \(split) split has no captions to sample"
        }
    }
}
