import LearnerProcess
import Tensor

/// Recomputes the training loss of a captioning model from the parameters a learner
/// process returned, with the answers' own model: the overfit checks' verdict. Only an
/// instructor's grader has one (it needs Reference); a student kit's grader falls back to
/// the learner's own loss history, since there the learner grades only themselves.
public protocol ReferenceLoss: Sendable {
    /// The loss of the model `spec` with `parameters` on the captions and their features.
    func loss(
        _ spec: ModelSpec, parameters: [String: Tensor<Float>], features: Tensor<Float>,
        captions: Tensor<Int>
    ) throws -> Double
}
