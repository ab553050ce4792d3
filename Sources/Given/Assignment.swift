import Tensor

/// Thrown by an exercise stub that has not been written yet; the grader reports it as TODO.
public struct NotImplemented: Error, CustomStringConvertible {
    /// The function still to write, with the original's name: `rnnStepForward (rnn_step_forward)`.
    public let function: String

    public init(_ function: String) { self.function = function }

    public var description: String { "\(function) is not implemented yet" }
}

/// The gradients of one vanilla RNN step: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, H)`,
/// dWh `(H, H)`, db `(H,)`.
public typealias RNNStepGradients<S: TensorScalar> =
    (dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>)

/// The gradients of a recurrent layer over a sequence: dx `(N, T, D)`, dh0 `(N, H)`,
/// dWx, dWh, db shaped like the weights.
public typealias SequenceGradients<S: TensorScalar> =
    (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>)

/// The gradients of one LSTM step.
public typealias LSTMStepGradients<S: TensorScalar> =
    (
        dx: Tensor<S>, dPrevH: Tensor<S>, dPrevC: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>,
        db: Tensor<S>
    )

/// The gradients of one GRU step: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, 3H)`,
/// dWh `(H, 3H)`, db `(3H,)` (input-side bias), dbh `(3H,)` (hidden-side bias).
public typealias GRUStepGradients<S: TensorScalar> =
    (
        dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>,
        dbh: Tensor<S>
    )

/// The gradients of a GRU over a sequence: dx `(N, T, D)`, dh0 `(N, H)`, dWx, dWh, db and
/// dbh shaped like the weights and biases.
public typealias GRUSequenceGradients<S: TensorScalar> =
    (
        dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>,
        dbh: Tensor<S>
    )

/// Everything the assignment asks a learner to write, in the form the grader calls it.
///
/// Each forward pass returns its output and its backward pass as a closure, so that each
/// implementation may keep whatever it likes in its caches, as in the original.
/// `Reference`, `Exercises` and `Solutions` each provide one.
public protocol Assignment: Sendable {
    /// `rnn_step_forward` and `rnn_step_backward`.
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> RNNStepGradients<S>)

    /// `rnn_forward` and `rnn_backward`.
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> SequenceGradients<S>)

    /// `word_embedding_forward` and `word_embedding_backward`.
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (_ dout: Tensor<S>) throws -> Tensor<S>)

    /// `lstm_step_forward` and `lstm_step_backward`.
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (_ dNextH: Tensor<S>, _ dNextC: Tensor<S>) throws -> LSTMStepGradients<S>
    )

    /// `lstm_forward` and `lstm_backward`.
    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> SequenceGradients<S>)

    /// `gru_step_forward` and `gru_step_backward` (not in the original). Gate order r, z, n;
    /// `b` is the input-side bias, `bh` the hidden-side one. Defaults to throwing
    /// `NotImplemented`.
    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>)

    /// `gru_forward` and `gru_backward` (not in the original), from h0. Defaults to throwing
    /// `NotImplemented`.
    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>)

    /// A `CaptioningRNN` built from this implementation's layers, initialised as the
    /// original does from a seed.
    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S>
}

extension Assignment {
    /// The default for implementations without a GRU: throws `NotImplemented` (graded TODO).
    public func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> GRUStepGradients<S>) {
        throw NotImplemented("gruStepForward (gru_step_forward)")
    }

    /// The default for implementations without a GRU: throws `NotImplemented` (graded TODO).
    public func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> GRUSequenceGradients<S>) {
        throw NotImplemented("gruForward (gru_forward)")
    }
}
