// ════════════════════════════════════════════════════════════════════════════════════
//  LSTM                              lstmStepForward   (lstm_step_forward)
//                                    lstmStepBackward  (lstm_step_backward)
//                                    lstmForward       (lstm_forward)
//                                    lstmBackward      (lstm_backward)
//  (the original's cs231n/rnn_layers.py)
//
//  Task: write one time step of a long short-term memory network, forward and backward,
//  then run it over a sequence and backpropagate through time. Besides its hidden state
//  h, an LSTM carries a cell state c from step to step.
//
//  Shapes (N batch, T time steps, D input size, H hidden size):
//    step:      x (N, D), prevH (N, H), prevC (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,)
//                 →  nextH (N, H), nextC (N, H)
//    sequence:  x (N, T, D), h0 (N, H), Wx, Wh, b  →  h (N, T, H)
//    Every gradient has the shape of the value it is the gradient of.
//
//  Math:
//    a = x · Wx + prevH · Wh + b                     (N, 4H), four blocks of H columns
//    i = σ(a[:, 0:H])    f = σ(a[:, H:2H])    o = σ(a[:, 2H:3H])    g = tanh(a[:, 3H:4H])
//    nextC = f ⊙ prevC + i ⊙ g
//    nextH = o ⊙ tanh(nextC)                        (⊙: element-wise product)
//
//  Hints (from the original):
//    • The gate order is i, f, o, g (input, forget, output, candidate): the grader's
//      weights assume it.
//    • σ′(z) = σ(z)(1 − σ(z)) and tanh′(z) = 1 − tanh(z)²: compute them from the values
//      the forward pass already has.
//    • nextC reaches the loss twice: directly through dNextC, and through nextH.
//    • lstmForward starts with c0 = 0 (zeros) and does not return the cell states;
//      use lstmStepForward in a loop, and lstmStepBackward in a loop for the backward.
//    • As for the vanilla RNN, dh holds only the gradients from the losses.
//
//  Tensor API that helps (not the answer):
//    a[..., 0..<h]                       a[:, 0:H]   (a[..., (3 * h)...] is a[:, 3H:])
//    z.sigmoid(), z.tanh(), z.squared()  element-wise
//    Tensor.concatenated([p, q, r, s], alongAxis: 1)   NumPy's np.hstack
//    a.matmul(b), a.transposedMatmul(b) = aᵀb, a.matmulTransposed(b) = abᵀ,
//    a.sum(alongAxes: 0), x[..., t] (get and set), Tensor<S>.zeros(n, h)
//
//  Check your work:  swift run grader lstm
// ════════════════════════════════════════════════════════════════════════════════════

import Tensor

import struct Given.NotImplemented

/// What `lstmStepBackward` needs from `lstmStepForward`: you choose its stored properties.
public struct LSTMStepCache<S: TensorScalar> {
    // Add the values your backward pass needs, e.g. `let i, f, o, g: Tensor<S>`.
}

/// `lstm_step_forward`: one LSTM step. a = x · Wx + prevH · Wh + b is split into the
/// gates [i | f | o | g]; nextC = f ⊙ prevC + i ⊙ g; nextH = o ⊙ tanh(nextC).
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, prevC `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`,
///   b `(4H,)`.
/// - Returns: nextH `(N, H)`, nextC `(N, H)` and the cache for `lstmStepBackward`.
public func lstmStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (nextH: Tensor<S>, nextC: Tensor<S>, cache: LSTMStepCache<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("lstmStepForward (lstm_step_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `lstm_step_backward`: the gradients of one LSTM step.
///
/// - Parameters: dNextH, dNextC `(N, H)`, the upstream gradients; the cache of
///   `lstmStepForward`.
/// - Returns: dx `(N, D)`, dPrevH, dPrevC `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
public func lstmStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, dNextC: Tensor<S>, cache: LSTMStepCache<S>
) throws -> (
    dx: Tensor<S>, dPrevH: Tensor<S>, dPrevC: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>,
    db: Tensor<S>
) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("lstmStepBackward (lstm_step_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// What `lstmBackward` needs from `lstmForward`: you choose its stored properties.
public struct LSTMCache<S: TensorScalar> {
    // Add the values your backward pass needs, e.g. `let steps: [LSTMStepCache<S>]`.
}

/// `lstm_forward`: runs an LSTM over a whole sequence, starting from h0 and c0 = 0.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`, b `(4H,)`.
/// - Returns: h `(N, T, H)` (h0 and the cell states not included) and the cache.
public func lstmForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (h: Tensor<S>, cache: LSTMCache<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("lstmForward (lstm_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `lstm_backward`: backpropagation through time for `lstmForward`.
///
/// - Parameters: dh `(N, T, H)`, the upstream gradient of every hidden state from the
///   losses; the cache of `lstmForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
public func lstmBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: LSTMCache<S>
) throws -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("lstmBackward (lstm_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}
