import Solutions
import Tensor

import protocol Given.Assignment
import protocol Given.CaptioningModel
import enum Given.CellType
import typealias Given.GRUSequenceGradients
import typealias Given.GRUStepGradients
import typealias Given.LSTMStepGradients
import typealias Given.RNNStepGradients
import typealias Given.SequenceGradients

/// An `Assignment` that is `Solutions.LearnerAssignment()` except for the functions a
/// conforming type writes itself: every requirement has a default that delegates.
public protocol DelegatesToSolutions: Assignment {}

extension DelegatesToSolutions {
    /// The solution's `rnn_step_forward` / `rnn_step_backward`.
    public func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> RNNStepGradients<S>) {
        try LearnerAssignment().rnnStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
    }

    /// The solution's `rnn_forward` / `rnn_backward`.
    public func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> SequenceGradients<S>) {
        try LearnerAssignment().rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
    }

    /// The solution's `word_embedding_forward` / `word_embedding_backward`.
    public func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (_ dout: Tensor<S>) throws -> Tensor<S>) {
        try LearnerAssignment().wordEmbedding(x: x, w: w)
    }

    /// The solution's `lstm_step_forward` / `lstm_step_backward`.
    public func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (_ dNextH: Tensor<S>, _ dNextC: Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        try LearnerAssignment().lstmStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
    }

    /// The solution's `lstm_forward` / `lstm_backward`.
    public func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> SequenceGradients<S>) {
        try LearnerAssignment().lstm(x: x, h0: h0, wx: wx, wh: wh, b: b)
    }

    /// The solution's `gru_step_forward` / `gru_step_backward`.
    public func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>) {
        try LearnerAssignment().gruStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh)
    }

    /// The solution's `gru_forward` / `gru_backward`.
    public func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>) {
        try LearnerAssignment().gru(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
    }

    /// The solution's `CaptioningRNN`.
    public func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        try LearnerAssignment().captioningModel(
            wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed, scalar: scalar)
    }
}

/// The gradients of a = x · Wx + prevH · Wh + b from da, as every correct step computes them.
func affineStepGradients<S: TensorScalar>(
    _ da: Tensor<S>, x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>
) -> RNNStepGradients<S> {
    (
        da.matmulTransposed(wx), da.matmulTransposed(wh), x.transposedMatmul(da),
        prevH.transposedMatmul(da), da.sum(alongAxes: 0)
    )
}
