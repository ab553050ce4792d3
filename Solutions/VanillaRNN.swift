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

/// What `rnnStepBackward` needs from `rnnStepForward`.
public struct RNNStepCache<S: TensorScalar> {
    /// The step's input `(N, D)` and previous hidden state `(N, H)`.
    let x, prevH: Tensor<S>
    /// The weights `(D, H)` and `(H, H)`.
    let wx, wh: Tensor<S>
    /// The step's output `(N, H)`: tanh' = 1 − nextH².
    let nextH: Tensor<S>
}

/// `rnn_step_forward`: one time step of a vanilla RNN, nextH = tanh(x · Wx + prevH · Wh + b).
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, wx `(D, H)`, wh `(H, H)`, b `(H,)`.
/// - Returns: nextH `(N, H)` and the cache for `rnnStepBackward`.
public func rnnStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (nextH: Tensor<S>, cache: RNNStepCache<S>) {
    let preActivation = x.matmul(wx) + prevH.matmul(wh) + b
    let nextH = preActivation.tanh()
    return (nextH, RNNStepCache(x: x, prevH: prevH, wx: wx, wh: wh, nextH: nextH))
}

/// `rnn_step_backward`: the gradients of one vanilla RNN step.
///
/// - Parameters: dNextH `(N, H)`, the upstream gradient of nextH; the cache of `rnnStepForward`.
/// - Returns: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, H)`, dWh `(H, H)`, db `(H,)`.
public func rnnStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, cache: RNNStepCache<S>
) throws -> (dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    // Through the tanh: its derivative is 1 − tanh², and tanh is the output we kept.
    let dPreActivation = dNextH * (1 - cache.nextH.squared())
    // Through preActivation = x · Wx + prevH · Wh + b.
    let dx = dPreActivation.matmulTransposed(cache.wx)
    let dPrevH = dPreActivation.matmulTransposed(cache.wh)
    let dWx = cache.x.transposedMatmul(dPreActivation)
    let dWh = cache.prevH.transposedMatmul(dPreActivation)
    let db = dPreActivation.sum(alongAxes: 0)
    return (dx, dPrevH, dWx, dWh, db)
}

/// What `rnnBackward` needs from `rnnForward`.
public struct RNNCache<S: TensorScalar> {
    /// The cache of every step, in time order.
    let steps: [RNNStepCache<S>]
    /// The shapes of x `(N, T, D)`, h0 `(N, H)`, Wx, Wh and b, for the zero gradients.
    let xShape, h0Shape, wxShape, whShape, bShape: [Int]
}

/// `rnn_forward`: runs a vanilla RNN over a whole sequence, starting from h0.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, H)`, wh `(H, H)`, b `(H,)`.
/// - Returns: h `(N, T, H)`, the hidden state of every step (h0 not included), and the cache.
public func rnnForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (h: Tensor<S>, cache: RNNCache<S>) {
    let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
    var h = Tensor<S>.zeros(n, t, hidden)
    var steps: [RNNStepCache<S>] = []
    var previousH = h0
    for step in 0..<t {
        let (nextH, stepCache) = try rnnStepForward(
            x: x[..., step], prevH: previousH,
            wx: wx, wh: wh, b: b)
        h[..., step] = nextH
        steps.append(stepCache)
        previousH = nextH
    }
    let cache = RNNCache(
        steps: steps, xShape: x.shape, h0Shape: h0.shape, wxShape: wx.shape,
        whShape: wh.shape, bShape: b.shape)
    return (h, cache)
}

/// `rnn_backward`: backpropagation through time for `rnnForward`.
///
/// - Parameters: dh `(N, T, H)`, the upstream gradient of every hidden state from the
///   losses (not the gradient between steps); the cache of `rnnForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, H)`, dWh `(H, H)`, db `(H,)`.
public func rnnBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: RNNCache<S>
) throws -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    var dx = Tensor<S>.zeros(shape: cache.xShape)
    var dWx = Tensor<S>.zeros(shape: cache.wxShape)
    var dWh = Tensor<S>.zeros(shape: cache.whShape)
    var db = Tensor<S>.zeros(shape: cache.bShape)
    // The gradient reaching h[:, t] from step t + 1; nothing comes after the last step.
    var dFromNextStep = Tensor<S>.zeros(shape: cache.h0Shape)
    for step in cache.steps.indices.reversed() {
        // h[:, t] feeds both the loss (dh) and the next step: the gradients add.
        let dNextH = dh[..., step] + dFromNextStep
        let g = try rnnStepBackward(dNextH: dNextH, cache: cache.steps[step])
        dx[..., step] = g.dx
        dWx += g.dWx
        dWh += g.dWh
        db += g.db
        dFromNextStep = g.dPrevH
    }
    // What flows out of the first step is the gradient of h0.
    return (dx, dFromNextStep, dWx, dWh, db)
}
