import Solutions
import Tensor

import protocol Given.CaptioningModel
import enum Given.CellType

/// The learner's `loss` builds h0 from `features * 0` (a leftover debugging line), so the
/// model trains without ever seeing the image, for every cell type; `sample` is right.
/// Its layers are all correct: only the loss values, the gradients and the overfit runs
/// can tell.
struct FeaturesIgnoredInLoss: DelegatesToSolutions {
    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        ImageBlindModel(
            base: try CaptioningRNN<S>(
                wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
                hiddenDim: hiddenDim, cellType: cellType, seed: seed))
    }
}

/// The solution's model with the features zeroed in `loss`.
struct ImageBlindModel<S: TensorScalar>: CaptioningModel {
    var base: CaptioningRNN<S>

    var params: [String: Tensor<S>] {
        get { base.params }
        set { base.params = newValue }
    }

    var wordToIdx: [String: Int] { base.wordToIdx }

    func loss(
        features: Tensor<S>, captions: Tensor<Int>
    ) throws
        -> (loss: S, gradients: [String: Tensor<S>])
    {
        try base.loss(features: features * 0, captions: captions)
    }

    func sample(features: Tensor<S>, maxLength: Int) throws -> Tensor<Int> {
        try base.sample(features: features, maxLength: maxLength)
    }
}
