import Given
import Tensor

/// What `lstmStepBackward` needs from `lstmStepForward`.
public struct LSTMStepCache<S: TensorScalar>: Sendable {
    public let x, prevH, prevC, wx, wh: Tensor<S>
    /// The gate activations [i | f | o | g] side by side, `(N, 4H)`, in the order of the
    /// blocks of a: input i, forget f, output o (sigmoids), and the candidate g (tanh).
    public let gates: Tensor<S>
    /// tanh(nextC), `(N, H)`.
    public let tanhC: Tensor<S>
}

/// `lstm_step_forward`: one LSTM step. a = x · Wx + prevH · Wh + b is split into
/// [i | f | o | g]; nextC = f ⊙ prevC + i ⊙ g; nextH = o ⊙ tanh(nextC).
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, prevC `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`,
///   b `(4H,)`.
/// - Returns: nextH `(N, H)`, nextC `(N, H)` and the cache.
public func lstmStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (nextH: Tensor<S>, nextC: Tensor<S>, cache: LSTMStepCache<S>) {
    let hidden = prevH.shape.last ?? 0
    checkLSTMWeights(wh: wh, h: hidden, operation: "lstmStepForward")
    let a = x.matmul(wx) + prevH.matmul(wh) + b
    let n = a.shape[0]
    guard prevH.shape == [n, hidden], prevC.shape == [n, hidden] else {
        shapeFailure("lstmStepForward: prevH and prevC must be (N, H) = (\(n), \(hidden)); got "
            + "\(prevH.shape.shapeDescription) and \(prevC.shape.shapeDescription)")
    }
    var (gates, nextC) = (Tensor<S>.zeros(n, 4 * hidden), Tensor<S>.zeros(n, hidden))
    var (tanhC, nextH) = (Tensor<S>.zeros(n, hidden), Tensor<S>.zeros(n, hidden))
    if n * hidden > 0 {
        withStorage(of: [a, prevC]) { inputs in
            withMutableStorage(of: &gates, &nextC, &tanhC, &nextH) { g, c, tc, hh in
                lstmCellForward(rows: n, hidden: hidden,
                                preActivation: Rows(inputs[0], stride: 4 * hidden), bias: nil,
                                plus: nil,
                                prevC: Rows(inputs[1], stride: hidden),
                                gates: Rows(g, stride: 4 * hidden), nextC: Rows(c, stride: hidden),
                                tanhC: Rows(tc, stride: hidden), nextH: Rows(hh, stride: hidden))
            }
        }
    }
    let cache = LSTMStepCache(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh,
                              gates: gates, tanhC: tanhC)
    return (nextH, nextC, cache)
}

/// `lstm_step_backward`: the gradients of one LSTM step. The cell gradient is
/// dc = dNextC + dNextH ⊙ o ⊙ (1 − tanh²(nextC)); it reaches prevC through the forget gate.
///
/// - Parameters: dNextH, dNextC `(N, H)`, the cache of `lstmStepForward`.
/// - Returns: dx `(N, D)`, dPrevH, dPrevC `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
public func lstmStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, dNextC: Tensor<S>, cache: LSTMStepCache<S>
) -> (dx: Tensor<S>, dPrevH: Tensor<S>, dPrevC: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>,
      db: Tensor<S>) {
    let shape = cache.tanhC.shape
    guard dNextH.shape == shape, dNextC.shape == shape else {
        shapeFailure("lstmStepBackward: dNextH and dNextC must have the shape of the cell "
            + "state \(shape.shapeDescription); got \(dNextH.shape.shapeDescription) and "
            + "\(dNextC.shape.shapeDescription)")
    }
    let (n, hidden) = (shape[0], shape[1])
    var (da, dPrevC) = (Tensor<S>.zeros(n, 4 * hidden), Tensor<S>.zeros(n, hidden))
    if n * hidden > 0 {
        withStorage(of: [dNextH, dNextC, cache.gates, cache.tanhC, cache.prevC]) { inputs in
            withMutableStorage(of: &da, &dPrevC) { da, dPrevC in
                lstmCellBackward(rows: n, hidden: hidden, dh: Rows(inputs[0], stride: hidden),
                                 plus: nil, dNextC: Rows(inputs[1], stride: hidden),
                                 gates: Rows(inputs[2], stride: 4 * hidden),
                                 tanhC: Rows(inputs[3], stride: hidden),
                                 prevC: Rows(inputs[4], stride: hidden),
                                 da: Rows(da, stride: 4 * hidden),
                                 dPrevC: Rows(dPrevC, stride: hidden))
            }
        }
    }
    return (da.matmulTransposed(cache.wx), da.matmulTransposed(cache.wh), dPrevC,
            cache.x.transposedMatmul(da), cache.prevH.transposedMatmul(da), da.sum(alongAxes: 0))
}

/// What `lstmBackward` needs from `lstmForward`: every step's values, each a whole
/// sequence, so the backward pass reads them in place.
public struct LSTMCache<S: TensorScalar>: Sendable {
    public let x, h0, wx, wh: Tensor<S>
    /// Every hidden state `(N, T, H)`.
    public let h: Tensor<S>
    /// The gate activations [i | f | o | g] of every step, `(N, T, 4H)`.
    public let gates: Tensor<S>
    /// Every cell state `(N, T, H)` (c0 = 0 is not included) and its tanh.
    public let c, tanhC: Tensor<S>
}

/// `lstm_forward`: runs an LSTM over a whole sequence, with c0 = 0.
///
/// The input projection of every step is one product, x · Wx + b; only the recurrence
/// steps through time. Each step's gate and cell arithmetic is one fused pass
/// (LSTMCell.swift) that reads and writes the sequence tensors in place.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`, b `(4H,)`.
/// - Returns: h `(N, T, H)` (h0 and the cell states not included) and the cache.
public func lstmForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (h: Tensor<S>, cache: LSTMCache<S>) {
    let (n, t) = sequenceShape(x, h0, operation: "lstmForward")
    let hidden = h0.shape[1]
    checkLSTMWeights(wh: wh, h: hidden, operation: "lstmForward")
    guard b.shape == [4 * hidden] else {
        shapeFailure("lstmForward: b must be (4H,) = (\(4 * hidden),); got "
            + b.shape.shapeDescription)
    }
    let projected = x.matmul(wx)  // + b is added inside the step kernel, in the same order
    guard projected.shape == [n, t, 4 * hidden] else {
        shapeFailure("lstmForward: Wx must be (D, 4H) = (\(x.shape[2]), \(4 * hidden)); got "
            + wx.shape.shapeDescription)
    }
    let (c0, whPacked) = (Tensor<S>.zeros(n, hidden), PackedMatrix(wh))
    // Every element of these is written by the step kernel before anything reads it.
    var (h, c, tanhC) = (unfilledTensor(of: S.self, shape: [n, t, hidden]),
                         unfilledTensor(of: S.self, shape: [n, t, hidden]),
                         unfilledTensor(of: S.self, shape: [n, t, hidden]))
    var gates = unfilledTensor(of: S.self, shape: [n, t, 4 * hidden])
    if n * t * hidden > 0 {
        withStorage(of: [projected, c0, b]) { inputs in
            withMutableStorage(of: &gates, &c, &tanhC, &h) { g, cc, tc, hh in
                var previousH = h0
                for step in 0..<t {
                    func rows(_ base: UnsafeMutablePointer<S>, _ width: Int) -> Rows<S> {
                        Rows(base, step: step, steps: t, width: width)
                    }
                    let recurrent = previousH.matmul(whPacked)
                    recurrent.withUnsafeBufferPointer { recurrent in
                        guard let recurrent = recurrent.baseAddress else { return }  // N = 0
                        lstmCellForward(
                            rows: n, hidden: hidden,
                            preActivation: Rows(inputs[0], step: step, steps: t, width: 4 * hidden),
                            bias: inputs[2], plus: Rows(recurrent, stride: 4 * hidden),
                            prevC: step == 0 ? Rows(inputs[1], stride: hidden)
                                             : Rows(cc, step: step - 1, steps: t, width: hidden),
                            gates: rows(g, 4 * hidden), nextC: rows(cc, hidden),
                            tanhC: rows(tc, hidden), nextH: rows(hh, hidden))
                    }
                    previousH = matrix(rows(hh, hidden), count: n, width: hidden)
                }
            }
        }
    }
    return (h, LSTMCache(x: x, h0: h0, wx: wx, wh: wh, h: h, gates: gates, c: c, tanhC: tanhC))
}

/// `lstm_backward`: backpropagation through time for `lstmForward`.
///
/// - Parameters: dh `(N, T, H)` (upstream gradients of the hidden states), the cache.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, 4H)`, dWh `(H, 4H)`, db `(4H,)`.
public func lstmBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: LSTMCache<S>
) -> (dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>) {
    guard dh.shape == cache.h.shape else {
        shapeFailure("lstmBackward: dh has shape \(dh.shape.shapeDescription), the hidden states "
            + "have \(cache.h.shape.shapeDescription)")
    }
    let (n, t, hidden) = (dh.shape[0], dh.shape[1], dh.shape[2])
    var da = unfilledTensor(of: S.self, shape: [n, t, 4 * hidden])  // every step writes its part
    var dNextH = Tensor<S>.zeros(n, hidden)
    var dNextC = Tensor<S>.zeros(n, hidden)  // updated in place to dPrevC at every step
    let c0 = Tensor<S>.zeros(n, hidden)
    let whTransposed = PackedMatrix(transposing: cache.wh)  // daStep · Whᵀ, packed once
    if n * t * hidden > 0 {
        withStorage(of: [dh, cache.gates, cache.tanhC, cache.c, c0]) { inputs in
            withMutableStorage(of: &da, &dNextC) { da, dc in
                for step in (0..<t).reversed() {
                    func rows(_ base: UnsafePointer<S>, _ width: Int) -> Rows<S> {
                        Rows(base, step: step, steps: t, width: width)
                    }
                    dNextH.withUnsafeBufferPointer { dNextH in
                        guard let dNextH = dNextH.baseAddress else { return }  // N = 0
                        lstmCellBackward(
                            rows: n, hidden: hidden, dh: rows(inputs[0], hidden),
                            plus: Rows(dNextH, stride: hidden),
                            dNextC: Rows(dc, stride: hidden), gates: rows(inputs[1], 4 * hidden),
                            tanhC: rows(inputs[2], hidden),
                            prevC: step == 0 ? Rows(inputs[4], stride: hidden)
                                             : Rows(inputs[3], step: step - 1, steps: t,
                                                    width: hidden),
                            da: rows(da, 4 * hidden), dPrevC: Rows(dc, stride: hidden))
                    }
                    dNextH = matrix(rows(da, 4 * hidden), count: n, width: 4 * hidden)
                        .matmul(whTransposed)
                }
            }
        }
    }
    let previous = shiftedRight(cache.h, first: cache.h0)
    return (da.matmulTransposed(cache.wx), dNextH, cache.x.transposedMatmul(da),
            previous.transposedMatmul(da), da.sum(alongAxes: 0, 1))
}

func checkLSTMWeights<S: TensorScalar>(wh: Tensor<S>, h: Int, operation: String) {
    guard wh.rank == 2, wh.shape == [h, 4 * h] else {
        shapeFailure("\(operation): Wh must be (H, 4H) = (\(h), \(4 * h)) for the four gates "
            + "i, f, o, g; got \(wh.shape.shapeDescription)")
    }
}
