import Grading
import LearnerProcess
import Reference
import Tensor

/// The overfit checks' verdict in an instructor's grader: Reference's `CaptioningRNN` with
/// the parameters a learner process returned.
package struct ReferenceCaptioningLoss: ReferenceLoss {
    package init() {}

    package func loss(
        _ spec: ModelSpec, parameters: [String: Tensor<Float>],
        features: Tensor<Float>, captions: Tensor<Int>
    ) throws -> Double {
        // `loss` checks every parameter's presence and shape.
        let model = try CaptioningRNN<Float>(
            wordToIdx: spec.wordToIdx, inputDim: spec.inputDim, wordvecDim: spec.wordvecDim,
            hiddenDim: spec.hiddenDim, cellType: spec.cell, seed: spec.seed,
            parameters: parameters)
        return Double(try model.loss(features: features, captions: captions).loss)
    }
}
