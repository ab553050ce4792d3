import Given
import Tensor

/// The reference implementation, for `grader --impl reference`.
package struct ReferenceAssignment: Assignment {
    package init() {}

    package func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let (out, cache) = rnnStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
        return (out, { rnnStepBackward(dNextH: $0, cache: cache) })
    }

    package func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (out, cache) = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (out, { rnnBackward(dh: $0, cache: cache) })
    }

    package func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        let (out, cache) = wordEmbeddingForward(x: x, w: w)
        return (out, { wordEmbeddingBackward(dout: $0, cache: cache) })
    }

    package func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let (h, c, cache) = lstmStepForward(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
        return (h, c, { lstmStepBackward(dNextH: $0, dNextC: $1, cache: cache) })
    }

    package func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (out, cache) = lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (out, { lstmBackward(dh: $0, cache: cache) })
    }

    package func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        try CaptioningRNN<S>(
            wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed)
    }
}

extension ReferenceAssignment {
    /// `gru_step_forward` with its `gru_step_backward`.
    package func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> GRUStepGradients<S>) {
        let (out, cache) = gruStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh)
        return (out, { gruStepBackward(dNextH: $0, cache: cache) })
    }

    /// `gru_forward` with its `gru_backward`.
    package func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) -> (h: Tensor<S>, backward: (Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (out, cache) = gruForward(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
        return (out, { gruBackward(dh: $0, cache: cache) })
    }
}
