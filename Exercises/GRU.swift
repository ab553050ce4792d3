// ════════════════════════════════════════════════════════════════════════════════════
//  GRU                               gruStepForward    (gru_step_forward)
//                                    gruStepBackward   (gru_step_backward)
//                                    gruForward        (gru_forward)
//                                    gruBackward       (gru_backward)
//  (not in the original: its cs231n/rnn_layers.py heads a GRU section but never writes it)
//
//  Task: write one time step of a gated recurrent unit, forward and backward, then run it
//  over a sequence and backpropagate through time. A GRU carries only a hidden state h
//  (no cell state): an update gate z decides how much of the old state to keep, and a
//  reset gate r how much of it the new candidate n may look at. We use the formulation
//  PyTorch documents for nn.GRU.
//
//  Shapes (N batch, T time steps, D input size, H hidden size):
//    step:      x (N, D), prevH (N, H), Wx (D, 3H), Wh (H, 3H), b (3H,), bh (3H,)
//                 →  nextH (N, H)
//    sequence:  x (N, T, D), h0 (N, H), Wx, Wh, b, bh  →  h (N, T, H)
//    Every gradient has the shape of the value it is the gradient of.
//    b is the bias of the input side, bh the bias of the hidden side (PyTorch's bias_ih
//    and bias_hh): the reset gate multiplies bh's n-block, so the two are not the same.
//
//  Math (three blocks of H columns, in the order r, z, n):
//    xp = x · Wx + b                                  (N, 3H)  input projection
//    hp = prevH · Wh + bh                             (N, 3H)  hidden projection
//    r = σ(xp[:, 0:H]  + hp[:, 0:H])                  reset gate
//    z = σ(xp[:, H:2H] + hp[:, H:2H])                 update gate
//    n = tanh(xp[:, 2H:3H] + r ⊙ hp[:, 2H:3H])        candidate
//    nextH = (1 − z) ⊙ n + z ⊙ prevH                  (⊙: element-wise product)
//
//  Hints:
//    • The gate order is r, z, n (reset, update, candidate), as in PyTorch: the grader's
//      weights assume it.
//    • The reset gate multiplies the hidden projection INCLUDING its bias:
//      r ⊙ (prevH · Wh_n + bh_n), not r ⊙ (prevH · Wh_n) + bh_n.
//    • nextH = (1 − z) ⊙ n + z ⊙ prevH: z near 1 keeps the old state.
//    • Keep r, z, n and the hidden projection of the candidate, hp[:, 2H:3H], in the
//      cache: the backward pass needs all four.
//    • prevH reaches nextH twice: directly (through z ⊙ prevH) and through hp, so
//      dPrevH = dNextH ⊙ z + dhp · Whᵀ.
//    • The input and hidden projections get the same gradient in the r and z blocks but
//      not in the n block: d(xp_n) = da_n while d(hp_n) = da_n ⊙ r, where da_n is the
//      gradient of n's pre-activation. So db and dbh differ, and so do dx's and dWh's
//      products (dx = dxp · Wxᵀ, dWh = prevHᵀ · dhp).
//    • σ′(a) = σ(a)(1 − σ(a)) and tanh′(a) = 1 − tanh(a)²: compute them from the gates.
//    • gruForward starts from h0 and returns every h_t but not h0; use gruStepForward in
//      a loop, and gruStepBackward in a loop for the backward. As for the vanilla RNN, dh
//      holds only the gradients from the losses.
//
//  Tensor API that helps (not the answer):
//    a[..., 0..<h]                       a[:, 0:H]   (a[..., (2 * h)...] is a[:, 2H:])
//    z.sigmoid(), z.tanh(), z.squared()  element-wise; 1 - z works too
//    Tensor.concatenated([p, q, r], alongAxis: 1)   NumPy's np.hstack
//    a.matmul(b), a.transposedMatmul(b) = aᵀb, a.matmulTransposed(b) = abᵀ,
//    a.sum(alongAxes: 0), x[..., t] (get and set), Tensor<S>.zeros(n, h)
//
//  Check your work:  swift run grader gru
// ════════════════════════════════════════════════════════════════════════════════════

import Tensor

import struct Given.NotImplemented

/// What `gruStepBackward` needs from `gruStepForward`: you choose its stored properties.
public struct GRUStepCache<S: TensorScalar> {
    // Add the values your backward pass needs, e.g. `let r, z, n, hn: Tensor<S>`.
}

/// `gru_step_forward`: one GRU step, gate order r, z, n. xp = x · Wx + b and
/// hp = prevH · Wh + bh; r = σ(xp_r + hp_r), z = σ(xp_z + hp_z), n = tanh(xp_n + r ⊙ hp_n);
/// nextH = (1 − z) ⊙ n + z ⊙ prevH.
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, wx `(D, 3H)`, wh `(H, 3H)`, b `(3H,)` (input
///   side), bh `(3H,)` (hidden side).
/// - Returns: nextH `(N, H)` and the cache for `gruStepBackward`.
public func gruStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
) throws -> (nextH: Tensor<S>, cache: GRUStepCache<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("gruStepForward (gru_step_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `gru_step_backward`: the gradients of one GRU step.
///
/// - Parameters: dNextH `(N, H)`, the upstream gradient; the cache of `gruStepForward`.
/// - Returns: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, 3H)`, dWh `(H, 3H)`, db `(3H,)`,
///   dbh `(3H,)`.
public func gruStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, cache: GRUStepCache<S>
) throws -> (
    dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>,
    dbh: Tensor<S>
) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("gruStepBackward (gru_step_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// What `gruBackward` needs from `gruForward`: you choose its stored properties.
public struct GRUCache<S: TensorScalar> {
    // Add the values your backward pass needs, e.g. `let steps: [GRUStepCache<S>]`.
}

/// `gru_forward`: runs a GRU over a whole sequence, starting from h0.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 3H)`, wh `(H, 3H)`, b `(3H,)`,
///   bh `(3H,)`.
/// - Returns: h `(N, T, H)` (h0 not included) and the cache.
public func gruForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
) throws -> (h: Tensor<S>, cache: GRUCache<S>) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("gruForward (gru_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `gru_backward`: backpropagation through time for `gruForward`.
///
/// - Parameters: dh `(N, T, H)`, the upstream gradient of every hidden state from the
///   losses; the cache of `gruForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, 3H)`, dWh `(H, 3H)`, db `(3H,)`,
///   dbh `(3H,)`.
public func gruBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: GRUCache<S>
) throws -> (
    dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>,
    dbh: Tensor<S>
) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("gruBackward (gru_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}
