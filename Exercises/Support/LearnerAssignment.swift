// ════════════════════════════════════════════════════════════════════════════════════
//  Do not edit: connects your functions to the grader.
//
//  `LearnerAssignment` hands the grader the functions of this module (rnnStepForward,
//  lstmBackward, CaptioningRNN, ...) through the `Assignment` protocol, pairing each
//  forward pass with its backward pass so that your caches stay yours.
//  (Solutions/Support/LearnerAssignment.swift is a link to this same file.)
// ════════════════════════════════════════════════════════════════════════════════════

import Tensor

import protocol Given.Assignment
import protocol Given.CaptioningModel
import enum Given.CellType
import typealias Given.GRUSequenceGradients
import typealias Given.GRUStepGradients
import typealias Given.LSTMStepGradients
import typealias Given.RNNStepGradients
import typealias Given.SequenceGradients

/// This module's implementation of the assignment, in the form the grader calls it.
public struct LearnerAssignment: Assignment {
    /// Creates the adapter; it has no state.
    public init() {}

    /// `rnn_step_forward` with its `rnn_step_backward`.
    public func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let (out, cache) = try rnnStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
        return (out, { try rnnStepBackward(dNextH: $0, cache: cache) })
    }

    /// `rnn_forward` with its `rnn_backward`.
    public func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (out, cache) = try rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (out, { try rnnBackward(dh: $0, cache: cache) })
    }

    /// `word_embedding_forward` with its `word_embedding_backward`.
    public func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        let (out, cache) = try wordEmbeddingForward(x: x, w: w)
        return (out, { try wordEmbeddingBackward(dout: $0, cache: cache) })
    }

    /// `lstm_step_forward` with its `lstm_step_backward`.
    public func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let (h, c, cache) = try lstmStepForward(
            x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh,
            b: b)
        return (h, c, { try lstmStepBackward(dNextH: $0, dNextC: $1, cache: cache) })
    }

    /// `lstm_forward` with its `lstm_backward`.
    public func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (out, cache) = try lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (out, { try lstmBackward(dh: $0, cache: cache) })
    }

    /// `gru_step_forward` with its `gru_step_backward` (not in the original).
    public func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> GRUStepGradients<S>) {
        let (out, cache) = try gruStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh)
        return (out, { try gruStepBackward(dNextH: $0, cache: cache) })
    }

    /// `gru_forward` with its `gru_backward` (not in the original).
    public func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (out, cache) = try gruForward(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
        return (out, { try gruBackward(dh: $0, cache: cache) })
    }

    /// This module's `CaptioningRNN`, initialised as the original does from a seed.
    public func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        try CaptioningRNN<S>(
            wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed)
    }
}
