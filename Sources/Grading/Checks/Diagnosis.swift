/// The telling pattern in a wrong array, as `Diagnosis.kind` names it. The raw values are
/// stable: the mistake catalogue records the kind each mistake must produce by them.
public enum DiagnosisKind: String, Codable, Sendable {
    /// The whole array is the expected one times a constant (0 included: all zeros).
    case scaleFactor
    /// The whole array is the expected one negated.
    case signFlip
    /// The (square) matrix is the transpose of the expected one.
    case transposed
    /// Some time steps are wrong, the others right; or a result that every step feeds
    /// (dh0, a weight's gradient) takes one step alone, or only some steps, into account.
    case wrongTimeSteps
    /// Only the last time step is right: nothing flows between the steps.
    case onlyLastStepRight
    /// Step t holds what step T − 1 − t should: the loop runs the wrong way.
    case reversedTime
    /// Step t holds what step t ± 1 should.
    case shiftedOneStep
    /// Some gate blocks of an LSTM or GRU weight or bias are wrong (or in the wrong order),
    /// or a gate's factor (a value in (0, 1)) is missing from, or extra in, an array.
    case wrongGateBlock
    /// Some rows (words) are wrong, the others right.
    case wrongRows
    /// The elements beyond some bound c are ±c, the others right: clipped to [−c, c].
    case clipped
    /// Every sample is off by the same vector (before a tanh, or not): the bias.
    case constantOffset
    /// A check this one depends on fails: fix that one first.
    case fixPrerequisiteFirst
    /// The code should have thrown and did not.
    case missingThrow
    /// Greedy sampling chose other words than Reference.
    case wrongSampleTokens
    /// No pattern: the worst element, expected against got.
    case elementwise
    /// The array has the wrong shape.
    case shapeMismatch
    /// The learner's process crashed, hung or threw.
    case crash
}

/// What is wrong with one array, in one line: `your dW_embed is 2 times too large`.
public struct Diagnosis: Codable, Equatable, Sendable {
    /// The pattern found.
    public var kind: DiagnosisKind
    /// The array it concerns (`dW_embed`), or the check's name for a crash or a sample.
    public var array: String
    /// The finding, one line.
    public var summary: String
    /// What supports it (the rows, the steps, the worst element), if anything.
    public var detail: String?

    /// Creates a diagnosis.
    public init(_ kind: DiagnosisKind, array: String, summary: String, detail: String? = nil) {
        (self.kind, self.array, self.summary, self.detail) = (kind, array, summary, detail)
    }

    /// How much the kind tells a learner: the check reports its most telling diagnosis.
    var specificity: Int {
        switch kind {
        case .fixPrerequisiteFirst: return 4
        case .crash, .missingThrow, .shapeMismatch: return 3
        case .elementwise: return 1
        default: return 2
        }
    }
}
