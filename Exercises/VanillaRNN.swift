// ════════════════════════════════════════════════════════════════════════════════════
//  Vanilla RNN                       rnnStepForward   (rnn_step_forward)
//                                    rnnStepBackward  (rnn_step_backward)
//                                    rnnForward       (rnn_forward)
//                                    rnnBackward      (rnn_backward)
//  (the original's cs231n/rnn_layers.py)
//
//  Task: write one time step of a vanilla recurrent network, forward and backward, then
//  run it over a whole sequence of T steps and backpropagate through time. Each forward
//  pass returns a cache; you decide what goes in it, so that the backward pass can
//  compute its gradients without redoing the forward pass.
//
//  Shapes (N batch, T time steps, D input size, H hidden size):
//    step:      x (N, D), prevH (N, H), Wx (D, H), Wh (H, H), b (H,)  →  nextH (N, H)
//    sequence:  x (N, T, D), h0 (N, H), Wx, Wh, b                     →  h (N, T, H)
//    Every gradient has the shape of the value it is the gradient of.
//
//  Math:
//    nextH = tanh(x · Wx + prevH · Wh + b)
//    h[:, t] = tanh(x[:, t] · Wx + h[:, t−1] · Wh + b),  with h[:, −1] = h0;
//    h holds h[:, 0] … h[:, T−1], not h0.
//
//  Hints (from the original):
//    • tanh′(a) = 1 − tanh(a)²: compute it from the forward OUTPUT, so keep nextH in the cache.
//    • rnnForward: use rnnStepForward in a loop over t; rnnBackward: rnnStepBackward in a
//      loop over t from T−1 down to 0.
//    • dh holds the upstream gradient of each hidden state from the losses only, not the
//      gradient flowing between time steps: you add that one yourself. The same weights
//      are used at every step, so their gradients add up over the steps.
//
//  Tensor API that helps (not the answer):
//    a.matmul(b)            a · b            a.transposedMatmul(b)   aᵀ · b
//    a.matmulTransposed(b)  a · bᵀ           a.sum(alongAxes: 0)     Σ over the batch
//    a.tanh(), a.squared(), 1 - a, a * b     (element-wise; + - * / broadcast like NumPy)
//    x[..., t]              x[:, t], get and set: `h[..., t] = nextH`
//    Tensor<S>.zeros(n, t, h), Tensor<S>.zeros(like: wx)
//
//  Check your work:  swift run grader rnn
// ════════════════════════════════════════════════════════════════════════════════════

import Tensor

import struct Given.NotImplemented

/// What `rnnStepBackward` needs from `rnnStepForward`: you choose its stored properties.
public struct RNNStepCache<S: TensorScalar> {
    // Add the values your backward pass needs, e.g. `let x: Tensor<S>`.
}

/// `rnn_step_forward`: one time step of a vanilla RNN, nextH = tanh(x · Wx + prevH · Wh + b).
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, wx `(D, H)`, wh `(H, H)`, b `(H,)`.
/// - Returns: nextH `(N, H)` and the cache for `rnnStepBackward`.
public func rnnStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (nextH: Tensor<S>, cache: RNNStepCache<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("rnnStepForward (rnn_step_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `rnn_step_backward`: the gradients of one vanilla RNN step.
///
/// - Parameters: dNextH `(N, H)`, the upstream gradient of nextH; the cache of `rnnStepForward`.
/// - Returns: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, H)`, dWh `(H, H)`, db `(H,)`.
public func rnnStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, cache: RNNStepCache<S>
) throws -> (dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("rnnStepBackward (rnn_step_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// What `rnnBackward` needs from `rnnForward`: you choose its stored properties
/// (for example, the cache of every step).
public struct RNNCache<S: TensorScalar> {
    // Add the values your backward pass needs, e.g. `let steps: [RNNStepCache<S>]`.
}

/// `rnn_forward`: runs a vanilla RNN over a whole sequence, starting from h0.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, H)`, wh `(H, H)`, b `(H,)`.
/// - Returns: h `(N, T, H)`, the hidden state of every step (h0 not included), and the cache.
public func rnnForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (h: Tensor<S>, cache: RNNCache<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("rnnForward (rnn_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `rnn_backward`: backpropagation through time for `rnnForward`.
///
/// - Parameters: dh `(N, T, H)`, the upstream gradient of every hidden state from the
///   losses (not the gradient between steps); the cache of `rnnForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, H)`, dWh `(H, H)`, db `(H,)`.
public func rnnBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: RNNCache<S>
) throws -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("rnnBackward (rnn_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}
