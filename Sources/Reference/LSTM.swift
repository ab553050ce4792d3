import Given
import Tensor

/// What `lstmStepBackward` needs from `lstmStepForward`.
package struct LSTMStepCache<S: TensorScalar>: Sendable {
    package let x, prevH, prevC, wx, wh: Tensor<S>
    /// The gate activations [i | f | o | g] side by side, `(N, 4H)`, in the order of the
    /// blocks of a: input i, forget f, output o (sigmoids), and the candidate g (tanh).
    package let gates: Tensor<S>
    /// tanh(nextC), `(N, H)`.
    package let tanhC: Tensor<S>
}

/// `lstm_step_forward`: one LSTM step. a = x · Wx + prevH · Wh + b is split into
/// [i | f | o | g]; nextC = f ⊙ prevC + i ⊙ g; nextH = o ⊙ tanh(nextC).
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, prevC `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`,
///   b `(4H,)`.
/// - Returns: nextH `(N, H)`, nextC `(N, H)` and the cache.
package func lstmStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (nextH: Tensor<S>, nextC: Tensor<S>, cache: LSTMStepCache<S>) {
    let hidden = prevH.shape.last ?? 0
    checkLSTMWeights(wh: wh, h: hidden, operation: "lstmStepForward")
    let a = x.matmul(wx) + prevH.matmul(wh) + b
    let n = a.shape[0]
    guard prevH.shape == [n, hidden], prevC.shape == [n, hidden] else {
        shapeFailure(
            "lstmStepForward: prevH and prevC must be (N, H) = (\(n), \(hidden)); got "
                + "\(prevH.shape.shapeDescription) and \(prevC.shape.shapeDescription)")
    }
    let (gates, nextC, tanhC, nextH) = lstmCell(a, prevC: prevC)
    let cache = LSTMStepCache(
        x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh,
        gates: gates, tanhC: tanhC)
    return (nextH, nextC, cache)
}

/// `lstm_step_backward`: the gradients of one LSTM step. The cell gradient is
/// dc = dNextC + dNextH ⊙ o ⊙ (1 − tanh²(nextC)); it reaches prevC through the forget gate.
///
/// - Parameters: dNextH, dNextC `(N, H)`, the cache of `lstmStepForward`.
/// - Returns: dx `(N, D)`, dPrevH, dPrevC `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
package func lstmStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, dNextC: Tensor<S>, cache: LSTMStepCache<S>
) -> (
    dx: Tensor<S>, dPrevH: Tensor<S>, dPrevC: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>,
    db: Tensor<S>
) {
    let shape = cache.tanhC.shape
    guard dNextH.shape == shape, dNextC.shape == shape else {
        shapeFailure(
            "lstmStepBackward: dNextH and dNextC must have the shape of the cell "
                + "state \(shape.shapeDescription); got \(dNextH.shape.shapeDescription) and "
                + "\(dNextC.shape.shapeDescription)")
    }
    let (da, dPrevC) = lstmCellGradient(
        dNextH: dNextH, dNextC: dNextC, gates: cache.gates,
        tanhC: cache.tanhC, prevC: cache.prevC)
    return (
        da.matmulTransposed(cache.wx), da.matmulTransposed(cache.wh), dPrevC,
        cache.x.transposedMatmul(da), cache.prevH.transposedMatmul(da), da.sum(alongAxes: 0)
    )
}

/// What `lstmBackward` needs from `lstmForward`: every step's values, each a whole
/// sequence, so the backward pass reads them in place.
package struct LSTMCache<S: TensorScalar>: Sendable {
    package let x, h0, wx, wh: Tensor<S>
    /// Every hidden state `(N, T, H)`.
    package let h: Tensor<S>
    /// The gate activations [i | f | o | g] of every step, `(N, T, 4H)`.
    package let gates: Tensor<S>
    /// Every cell state `(N, T, H)` (c0 = 0 is not included) and its tanh.
    package let c, tanhC: Tensor<S>
}

/// `lstm_forward`: runs an LSTM over a whole sequence, with c0 = 0.
///
/// The input projection of every step is one product, x · Wx + b; only the recurrence
/// steps through time (`lstmRecurrenceForward` in Sources/Tensor/LSTMRecurrence.swift:
/// h_t from a_t = x_t · Wx + b + h_{t−1} · Wh, gates i, f, o, g = σ, σ, σ, tanh of its
/// blocks, c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t)).
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`, b `(4H,)`.
/// - Returns: h `(N, T, H)` (h0 and the cell states not included) and the cache.
package func lstmForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (h: Tensor<S>, cache: LSTMCache<S>) {
    let (n, t) = sequenceShape(x, h0, operation: "lstmForward")
    let hidden = h0.shape[1]
    checkLSTMWeights(wh: wh, h: hidden, operation: "lstmForward")
    guard b.shape == [4 * hidden] else {
        shapeFailure(
            "lstmForward: b must be (4H,) = (\(4 * hidden),); got "
                + b.shape.shapeDescription)
    }
    let projected = x.matmul(wx)  // + b is added inside the step kernel, in the same order
    guard projected.shape == [n, t, 4 * hidden] else {
        shapeFailure(
            "lstmForward: Wx must be (D, 4H) = (\(x.shape[2]), \(4 * hidden)); got "
                + wx.shape.shapeDescription)
    }
    let r = lstmRecurrenceForward(projected: projected, h0: h0, wh: wh, b: b)
    return (
        r.h,
        LSTMCache(
            x: x, h0: h0, wx: wx, wh: wh, h: r.h, gates: r.gates, c: r.c,
            tanhC: r.tanhC)
    )
}

/// `lstm_backward`: backpropagation through time for `lstmForward`.
///
/// - Parameters: dh `(N, T, H)` (upstream gradients of the hidden states), the cache.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
package func lstmBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: LSTMCache<S>
) -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    guard dh.shape == cache.h.shape else {
        shapeFailure(
            "lstmBackward: dh has shape \(dh.shape.shapeDescription), the hidden states "
                + "have \(cache.h.shape.shapeDescription)")
    }
    let recurrence = LSTMRecurrence(h: cache.h, c: cache.c, tanhC: cache.tanhC, gates: cache.gates)
    let (da, dh0) = lstmRecurrenceBackward(dh: dh, recurrence: recurrence, wh: cache.wh)
    // dWx = xᵀ · da and dWh = prevᵀ · da, prev = [h0, h_0, …, h_{T−2}]: one product in Float.
    let (dWx, dWh) = recurrentWeightGradients(x: cache.x, h: cache.h, h0: cache.h0, da: da)
    return (da.matmulTransposed(cache.wx), dh0, dWx, dWh, da.sum(alongAxes: 0, 1))
}

func checkLSTMWeights<S: TensorScalar>(wh: Tensor<S>, h: Int, operation: String) {
    guard wh.rank == 2, wh.shape == [h, 4 * h] else {
        shapeFailure(
            "\(operation): Wh must be (H, 4H) = (\(h), \(4 * h)) for the four gates "
                + "i, f, o, g; got \(wh.shape.shapeDescription)")
    }
}
