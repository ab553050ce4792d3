import Given
import Tensor

/// A submission that attacks the grader instead of doing the work: the kit's own tests
/// grade each one and assert it gains nothing and leaves nothing behind. Each is an
/// untouched set of stubs plus one attack, run from inside `rnnStepForward`, exactly
/// where a learner's code would run (instructors: `grader --impl hostile:ID`).
package struct HostileSubmission: Sendable {
    /// `forge-report`, `orphan-sleeper`, …
    package let id: String
    /// What the attack tries, in a sentence.
    package let description: String
    /// The attack, given x's values; it may return next_h values it obtained by cheating.
    let attack: @Sendable ([Double]) throws -> [Double]?

    /// The submission as an `Assignment`.
    package var implementation: any Assignment { AttackingStubs(attack: attack) }
}

/// Stubs everywhere; `rnnStep` runs the attack first and returns whatever it found.
struct AttackingStubs: Assignment {
    let attack: @Sendable ([Double]) throws -> [Double]?

    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let seen = Tensor<Double>(converting: x).scalars
        if let values = try attack(seen), values.count == prevH.count {
            let nextH = Tensor<S>(converting: Tensor<Double>(shape: prevH.shape, scalars: values))
            return (nextH, { _ in throw NotImplemented("rnnStepBackward (rnn_step_backward)") })
        }
        throw NotImplemented("rnnStepForward (rnn_step_forward)")
    }

    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        throw NotImplemented("rnnForward (rnn_forward)")
    }

    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws
        -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>)
    {
        throw NotImplemented("wordEmbeddingForward (word_embedding_forward)")
    }

    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        throw NotImplemented("lstmStepForward (lstm_step_forward)")
    }

    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        throw NotImplemented("lstmForward (lstm_forward)")
    }

    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        throw NotImplemented("CaptioningRNN.loss (CaptioningRNN.loss)")
    }
}
