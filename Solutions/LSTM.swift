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

/// What `lstmStepBackward` needs from `lstmStepForward`.
public struct LSTMStepCache<S: TensorScalar> {
    /// The step's input `(N, D)`, previous hidden and cell states `(N, H)`.
    let x, prevH, prevC: Tensor<S>
    /// The weights `(D, 4H)` and `(H, 4H)`.
    let wx, wh: Tensor<S>
    /// The gates after their nonlinearities, each `(N, H)`.
    let i, f, o, g: Tensor<S>
    /// tanh(nextC) `(N, H)`.
    let tanhNextC: Tensor<S>
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
    let h = prevH.shape[1]
    let a = x.matmul(wx) + prevH.matmul(wh) + b
    let i = a[..., 0..<h].sigmoid()
    let f = a[..., h..<(2 * h)].sigmoid()
    let o = a[..., (2 * h)..<(3 * h)].sigmoid()
    let g = a[..., (3 * h)..<(4 * h)].tanh()
    let nextC = f * prevC + i * g
    let tanhNextC = nextC.tanh()
    let nextH = o * tanhNextC
    let cache = LSTMStepCache(
        x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh,
        i: i, f: f, o: o, g: g, tanhNextC: tanhNextC)
    return (nextH, nextC, cache)
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
    let (i, f, o, g) = (cache.i, cache.f, cache.o, cache.g)
    // nextH = o ⊙ tanh(nextC)
    let dO = dNextH * cache.tanhNextC
    // nextC reaches the loss directly and through nextH.
    let dNextCTotal = dNextC + dNextH * o * (1 - cache.tanhNextC.squared())
    // nextC = f ⊙ prevC + i ⊙ g
    let dF = dNextCTotal * cache.prevC
    let dPrevC = dNextCTotal * f
    let dI = dNextCTotal * g
    let dG = dNextCTotal * i
    // Through the nonlinearities: σ' = σ(1 − σ), tanh' = 1 − tanh².
    let dAI = dI * i * (1 - i)
    let dAF = dF * f * (1 - f)
    let dAO = dO * o * (1 - o)
    let dAG = dG * (1 - g.squared())
    let da = Tensor.concatenated([dAI, dAF, dAO, dAG], alongAxis: 1)
    // Through a = x · Wx + prevH · Wh + b.
    let dx = da.matmulTransposed(cache.wx)
    let dPrevH = da.matmulTransposed(cache.wh)
    let dWx = cache.x.transposedMatmul(da)
    let dWh = cache.prevH.transposedMatmul(da)
    let db = da.sum(alongAxes: 0)
    return (dx, dPrevH, dPrevC, dWx, dWh, db)
}

/// What `lstmBackward` needs from `lstmForward`.
public struct LSTMCache<S: TensorScalar> {
    /// The cache of every step, in time order.
    let steps: [LSTMStepCache<S>]
    /// The shapes of x `(N, T, D)`, h0 `(N, H)`, Wx, Wh and b, for the zero gradients.
    let xShape, h0Shape, wxShape, whShape, bShape: [Int]
}

/// `lstm_forward`: runs an LSTM over a whole sequence, starting from h0 and c0 = 0.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`, b `(4H,)`.
/// - Returns: h `(N, T, H)` (h0 and the cell states not included) and the cache.
public func lstmForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (h: Tensor<S>, cache: LSTMCache<S>) {
    let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
    var h = Tensor<S>.zeros(n, t, hidden)
    var steps: [LSTMStepCache<S>] = []
    var previousH = h0
    var previousC = Tensor<S>.zeros(n, hidden)
    for step in 0..<t {
        let (nextH, nextC, stepCache) = try lstmStepForward(
            x: x[..., step], prevH: previousH, prevC: previousC, wx: wx, wh: wh, b: b)
        h[..., step] = nextH
        steps.append(stepCache)
        (previousH, previousC) = (nextH, nextC)
    }
    let cache = LSTMCache(
        steps: steps, xShape: x.shape, h0Shape: h0.shape, wxShape: wx.shape,
        whShape: wh.shape, bShape: b.shape)
    return (h, cache)
}

/// `lstm_backward`: backpropagation through time for `lstmForward`.
///
/// - Parameters: dh `(N, T, H)`, the upstream gradient of every hidden state from the
///   losses; the cache of `lstmForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
public func lstmBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: LSTMCache<S>
) throws -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    var dx = Tensor<S>.zeros(shape: cache.xShape)
    var dWx = Tensor<S>.zeros(shape: cache.wxShape)
    var dWh = Tensor<S>.zeros(shape: cache.whShape)
    var db = Tensor<S>.zeros(shape: cache.bShape)
    // The gradients reaching h[:, t] and c[:, t] from step t + 1 (none after the last).
    var dHFromNextStep = Tensor<S>.zeros(shape: cache.h0Shape)
    var dCFromNextStep = Tensor<S>.zeros(shape: cache.h0Shape)
    for step in cache.steps.indices.reversed() {
        let g = try lstmStepBackward(
            dNextH: dh[..., step] + dHFromNextStep,
            dNextC: dCFromNextStep, cache: cache.steps[step])
        dx[..., step] = g.dx
        dWx += g.dWx
        dWh += g.dWh
        db += g.db
        (dHFromNextStep, dCFromNextStep) = (g.dPrevH, g.dPrevC)
    }
    // c0 is a constant (zeros), so only h0 gets a gradient.
    return (dx, dHFromNextStep, dWx, dWh, db)
}
