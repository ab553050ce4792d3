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

/// What `gruStepBackward` needs from `gruStepForward`.
public struct GRUStepCache<S: TensorScalar> {
    /// The step's input `(N, D)` and previous hidden state `(N, H)`.
    let x, prevH: Tensor<S>
    /// The weights `(D, 3H)` and `(H, 3H)`.
    let wx, wh: Tensor<S>
    /// The gates after their nonlinearities, each `(N, H)`.
    let r, z, n: Tensor<S>
    /// The hidden side of the candidate, prevH · Wh_n + bh_n `(N, H)`.
    let hn: Tensor<S>
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
    let h = prevH.shape[1]
    let xp = x.matmul(wx) + b
    let hp = prevH.matmul(wh) + bh
    let r = (xp[..., 0..<h] + hp[..., 0..<h]).sigmoid()
    let z = (xp[..., h..<(2 * h)] + hp[..., h..<(2 * h)]).sigmoid()
    let hn = hp[..., (2 * h)..<(3 * h)]
    let n = (xp[..., (2 * h)..<(3 * h)] + r * hn).tanh()
    let nextH = (1 - z) * n + z * prevH
    let cache = GRUStepCache(x: x, prevH: prevH, wx: wx, wh: wh, r: r, z: z, n: n, hn: hn)
    return (nextH, cache)
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
    let (r, z, n) = (cache.r, cache.z, cache.n)
    // nextH = (1 − z) ⊙ n + z ⊙ prevH
    let dN = dNextH * (1 - z)
    let dZ = dNextH * (cache.prevH - n)
    let dPrevHDirect = dNextH * z
    // n = tanh(an) with an = xp_n + r ⊙ hn
    let dAN = dN * (1 - n.squared())
    let dR = dAN * cache.hn
    let dHN = dAN * r
    // Through the sigmoids: σ' = σ(1 − σ).
    let dAR = dR * r * (1 - r)
    let dAZ = dZ * z * (1 - z)
    // The r and z blocks reach xp and hp alike; the n block reaches hp through r.
    let dxp = Tensor.concatenated([dAR, dAZ, dAN], alongAxis: 1)
    let dhp = Tensor.concatenated([dAR, dAZ, dHN], alongAxis: 1)
    // Through xp = x · Wx + b and hp = prevH · Wh + bh.
    let dx = dxp.matmulTransposed(cache.wx)
    let dPrevH = dPrevHDirect + dhp.matmulTransposed(cache.wh)
    let dWx = cache.x.transposedMatmul(dxp)
    let dWh = cache.prevH.transposedMatmul(dhp)
    let db = dxp.sum(alongAxes: 0)
    let dbh = dhp.sum(alongAxes: 0)
    return (dx, dPrevH, dWx, dWh, db, dbh)
}

/// What `gruBackward` needs from `gruForward`.
public struct GRUCache<S: TensorScalar> {
    /// The cache of every step, in time order.
    let steps: [GRUStepCache<S>]
    /// The shapes of x `(N, T, D)`, h0 `(N, H)`, Wx, Wh, b and bh, for the zero gradients.
    let xShape, h0Shape, wxShape, whShape, bShape, bhShape: [Int]
}

/// `gru_forward`: runs a GRU over a whole sequence, starting from h0.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 3H)`, wh `(H, 3H)`, b `(3H,)`,
///   bh `(3H,)`.
/// - Returns: h `(N, T, H)` (h0 not included) and the cache.
public func gruForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
) throws -> (h: Tensor<S>, cache: GRUCache<S>) {
    let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
    var h = Tensor<S>.zeros(n, t, hidden)
    var steps: [GRUStepCache<S>] = []
    var previousH = h0
    for step in 0..<t {
        let (nextH, stepCache) = try gruStepForward(
            x: x[..., step], prevH: previousH, wx: wx,
            wh: wh, b: b, bh: bh)
        h[..., step] = nextH
        steps.append(stepCache)
        previousH = nextH
    }
    let cache = GRUCache(
        steps: steps, xShape: x.shape, h0Shape: h0.shape, wxShape: wx.shape,
        whShape: wh.shape, bShape: b.shape, bhShape: bh.shape)
    return (h, cache)
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
    var dx = Tensor<S>.zeros(shape: cache.xShape)
    var dWx = Tensor<S>.zeros(shape: cache.wxShape)
    var dWh = Tensor<S>.zeros(shape: cache.whShape)
    var db = Tensor<S>.zeros(shape: cache.bShape)
    var dbh = Tensor<S>.zeros(shape: cache.bhShape)
    // The gradient reaching h[:, t] from step t + 1 (none after the last step).
    var dHFromNextStep = Tensor<S>.zeros(shape: cache.h0Shape)
    for step in cache.steps.indices.reversed() {
        let g = try gruStepBackward(
            dNextH: dh[..., step] + dHFromNextStep,
            cache: cache.steps[step])
        dx[..., step] = g.dx
        dWx += g.dWx
        dWh += g.dWh
        db += g.db
        dbh += g.dbh
        dHFromNextStep = g.dPrevH
    }
    return (dx, dHFromNextStep, dWx, dWh, db, dbh)
}
