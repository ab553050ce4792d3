import Given

/// One realistic wrong implementation of the assignment, for testing that the grader
/// catches it (`grader --impl mistake:<id>`, `MistakeCatalogueTests`).
///
/// Each is a small variation of `Solutions`: it delegates every function to
/// `Solutions.LearnerAssignment()` except the one it gets wrong, which it writes the way
/// a mistaken learner would, keeping its own cache (captured by the backward closure).
public struct Mistake: Sendable {
    /// A kebab-case name, unique in the catalogue: `rnn-backward-no-gradient-from-next-step`.
    public let id: String
    /// What the learner got wrong, in one line.
    public let description: String
    /// The grader checks (our names, `rnnStepBackward`) that must fail for this mistake.
    public let failingChecks: [String]
    /// The wrong implementation.
    public let implementation: any Assignment
    /// The pattern the grader's diagnosis must name at the mistake's own function (the
    /// first of `failingChecks` in report order), as a learner's report shows it: the kind
    /// a teacher would name for the bug (`elementwise` only where the arrays hold none).
    public let diagnosis: ExpectedDiagnosis

    /// Creates an entry; `failingChecks` uses the grader's check names, the first in report
    /// order being the function the mistake is in, where `diagnosis` must be found.
    public init(
        _ id: String, _ description: String, catchBy failingChecks: [String],
        diagnosis: ExpectedDiagnosis, _ implementation: any Assignment
    ) {
        (self.id, self.description, self.failingChecks, self.diagnosis, self.implementation) =
            (id, description, failingChecks, diagnosis, implementation)
    }
}

/// What the grader must do with a survival implementation.
public enum SurvivalOutcome: Sendable, Equatable {
    /// The affected checks fail, and each one's message contains one of these texts.
    case fails(messageContainingAnyOf: [String])
}

/// An implementation that is not wrong about the math but tries to take the grader down:
/// a trap, an endless loop, runaway memory, NaN, a wrong shape, megabytes of output.
/// Each breaks `rnnStep` (so the checks `rnnStepForward` and `rnnStepBackward`) and is
/// correct everywhere else.
public struct SurvivalCase: Sendable {
    /// A kebab-case name: `index-out-of-range`.
    public let id: String
    /// What the implementation does, in one line.
    public let description: String
    /// The checks it affects.
    public let affectedChecks: [String]
    /// How the grader must report them.
    public let outcome: SurvivalOutcome
    /// The implementation. Never run it in the grader's own process: it may trap, hang or
    /// exhaust memory; the grader runs each check against a learner process of its own.
    public let implementation: any Assignment
}

/// The catalogue of wrong implementations (`all`) and of survival implementations
/// (`survival`).
///
/// Not in the catalogue: "mutating an input array in place", a classic NumPy mistake
/// (`x -= ...` inside a layer, or the numeric-gradient helper's in-place perturbation
/// leaking out). `Tensor` is a value type with copy-on-write storage, so a Swift learner
/// cannot change the caller's array through a parameter at all; there is nothing to fake.
public enum MistakeCatalogue {
    /// Every realistic mistake, in the order the assignment introduces the functions.
    public static let all: [Mistake] =
        VanillaRNNMistakes.all + VanillaRNNGradientMistakes.all + WordEmbeddingMistakes.all
        + LSTMMistakes.all + LSTMGateMistakes.all + CaptioningMistakes.all
        + ModelGradientMistakes.all + SamplingMistakes.all + GRUMistakes.all
        + GRUGateMistakes.all

    /// Every survival implementation.
    public static let survival: [SurvivalCase] = SurvivalImplementations.all

    /// The mistake with this id.
    public static func mistake(_ id: String) -> Mistake? { all.first { $0.id == id } }

    /// The survival implementation with this id.
    public static func survivalCase(_ id: String) -> SurvivalCase? {
        survival.first { $0.id == id }
    }
}
