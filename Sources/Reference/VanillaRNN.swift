import Given
import Tensor

/// What `rnnStepBackward` needs from `rnnStepForward`.
package struct RNNStepCache<S: TensorScalar>: Sendable {
    /// The step's input `(N, D)`, previous hidden state `(N, H)` and weights.
    package let x, prevH, wx, wh: Tensor<S>
    /// The step's output `(N, H)`; tanh' is computed from it as 1 − nextH².
    package let nextH: Tensor<S>
}

/// `rnn_step_forward`: one time step of a vanilla RNN,
/// nextH = tanh(x · Wx + prevH · Wh + b).
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, wx `(D, H)`, wh `(H, H)`, b `(H,)`.
/// - Returns: nextH `(N, H)` and the cache.
package func rnnStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (nextH: Tensor<S>, cache: RNNStepCache<S>) {
    let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
    return (nextH, RNNStepCache(x: x, prevH: prevH, wx: wx, wh: wh, nextH: nextH))
}

/// `rnn_step_backward`: with da = dNextH ⊙ (1 − nextH²): dx = da · Wxᵀ, dprevH = da · Whᵀ,
/// dWx = xᵀ · da, dWh = prevHᵀ · da, db = Σₙ da.
///
/// - Parameters: dNextH `(N, H)`, the cache of `rnnStepForward`.
/// - Returns: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, H)`, dWh `(H, H)`, db `(H,)`.
package func rnnStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, cache: RNNStepCache<S>
) -> (dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    let da = dNextH * (1 - cache.nextH.squared())
    return (
        da.matmulTransposed(cache.wx), da.matmulTransposed(cache.wh),
        cache.x.transposedMatmul(da), cache.prevH.transposedMatmul(da), da.sum(alongAxes: 0)
    )
}

/// What `rnnBackward` needs from `rnnForward`.
package struct RNNCache<S: TensorScalar>: Sendable {
    /// The inputs `(N, T, D)`, the initial state `(N, H)` and the weights.
    package let x, h0, wx, wh: Tensor<S>
    /// Every hidden state `(N, T, H)`, the output of `rnnForward`.
    package let h: Tensor<S>
}

/// `rnn_forward`: runs a vanilla RNN over a whole sequence.
///
/// The input projection of every step is one matrix product, x · Wx + b; only the
/// recurrence h_t = tanh(xw_t + h_{t−1} · Wh) steps through time.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, H)`, wh `(H, H)`, b `(H,)`.
/// - Returns: h `(N, T, H)`, the hidden state of every step (h0 not included), and the cache.
package func rnnForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (h: Tensor<S>, cache: RNNCache<S>) {
    let (n, t) = sequenceShape(x, h0, operation: "rnnForward")
    guard b.shape == [h0.shape[1]] else {
        shapeFailure(
            "rnnForward: b must be (H,) = (\(h0.shape[1]),); got "
                + b.shape.shapeDescription)
    }
    let projected = x.matmul(wx)  // + b is added inside `tanhStep`, in the same order
    var h = unfilledTensor(of: S.self, shape: [n, t, h0.shape[1]])  // every step is written
    var previous = h0
    let whPacked = PackedMatrix(wh)  // packed once for all T products (PackedMatrix.swift)
    for step in 0..<t {
        previous = tanhStep(projected, step, bias: b, plus: previous.matmul(whPacked))
        setTimeStep(&h, step, previous)
    }
    return (h, RNNCache(x: x, h0: h0, wx: wx, wh: wh, h: h))
}

/// `rnn_backward`: backpropagation through time.
///
/// `dh` holds the upstream gradient of every hidden state from the losses only; the
/// gradient flowing back from step t + 1 is added here. The per-step pre-activation
/// gradients are collected so dx, dWx, dWh and db are one product (or sum) each.
///
/// - Parameters: dh `(N, T, H)`, the cache of `rnnForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, H)`, dWh `(H, H)`, db `(H,)`.
package func rnnBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: RNNCache<S>
) -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    guard dh.shape == cache.h.shape else {
        shapeFailure(
            "rnnBackward: dh has shape \(dh.shape.shapeDescription), the hidden states "
                + "have \(cache.h.shape.shapeDescription)")
    }
    let t = dh.shape[1]
    var da = unfilledTensor(of: S.self, shape: dh.shape)  // every step is written
    var dNext = Tensor<S>.zeros(like: cache.h0)
    let whTransposed = PackedMatrix(transposingForPanels: cache.wh)  // daStep · Whᵀ, packed once
    for step in (0..<t).reversed() {
        let daStep = tanhStepGradient(
            dh: dh, dNext: dNext, h: cache.h, step: step, recordingInto: &da)
        dNext = daStep.matmul(whTransposed)
    }
    // dWx = xᵀ · da and dWh = prevᵀ · da, prev = [h0, h_0, …, h_{T−2}]: one product in Float.
    let (dWx, dWh) = recurrentWeightGradients(x: cache.x, h: cache.h, h0: cache.h0, da: da)
    return (da.matmulTransposed(cache.wx), dNext, dWx, dWh, da.sum(alongAxes: 0, 1))
}

/// Checks x `(N, T, D)` against h0 `(N, H)` and returns (N, T).
func sequenceShape<S: TensorScalar>(
    _ x: Tensor<S>, _ h0: Tensor<S>, operation: String
) -> (Int, Int) {
    guard x.rank == 3, h0.rank == 2, h0.shape[0] == x.shape[0] else {
        shapeFailure(
            "\(operation): x must be (N, T, D) and h0 (N, H) with the same N; got x "
                + "\(x.shape.shapeDescription), h0 \(h0.shape.shapeDescription)")
    }
    return (x.shape[0], x.shape[1])
}
