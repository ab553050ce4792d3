/// The pattern the grader's diagnosis must find in a mistake's failing array, by the
/// raw values of the grader's stable diagnosis vocabulary (`DiagnosisKind` in Grading),
/// so the catalogue records them without depending on the grader.
public enum ExpectedDiagnosis: String, CaseIterable, Sendable {
    /// The whole array is off by one constant factor (1/N, T, 2, …).
    case scaleFactor
    /// The array is the negative of the expected one.
    case signFlip
    /// A square matrix is the transpose of the expected one.
    case transposed
    /// Some time steps are wrong, the rest right; or dh0 (or a weight's gradient) takes
    /// only some steps into account.
    case wrongTimeSteps
    /// Only the last time step is right: the gradient between steps is missing.
    case onlyLastStepRight
    /// The time steps are mirrored: the loop runs the wrong way.
    case reversedTime
    /// Each time step holds its neighbour's value: off by one step.
    case shiftedOneStep
    /// One gate block of an LSTM (i, f, o, g) or GRU (r, z, n) weight or bias is wrong, or
    /// a gate's factor is missing from an array.
    case wrongGateBlock
    /// Some rows (word indices) are wrong, the rest right.
    case wrongRows
    /// The elements beyond some bound c are ±c, the rest right: clipped to [−c, c].
    case clipped
    /// Every sample is off by the same vector (before a tanh, or not): the bias.
    case constantOffset
    /// A prerequisite (this layer's forward, a layer of the model) fails: fix it first.
    case fixPrerequisiteFirst
    /// A call that must throw returned normally.
    case missingThrow
    /// The sampled captions hold the wrong tokens.
    case wrongSampleTokens
    /// No pattern: the worst element, expected against got.
    case elementwise
    /// The array has the wrong shape.
    case shapeMismatch
    /// The code crashed.
    case crash
}
