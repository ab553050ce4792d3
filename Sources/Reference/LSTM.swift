import Tensor

/// The four gate activations of one LSTM step, each `(N, H)`, in the order of the
/// blocks of a = x · Wx + h · Wh + b: input i, forget f, output o (sigmoids), and the
/// candidate g (tanh).
public struct LSTMGates<S: TensorScalar>: Sendable {
    public let i, f, o, g: Tensor<S>

    /// Splits the `(N, 4H)` pre-activation into its gates and applies their nonlinearities.
    init(preActivation a: Tensor<S>) {
        let h = a.shape[1] / 4
        i = columnBlock(a, part: 0, width: h).sigmoid()
        f = columnBlock(a, part: 1, width: h).sigmoid()
        o = columnBlock(a, part: 2, width: h).sigmoid()
        g = columnBlock(a, part: 3, width: h).tanh()
    }
}

/// What `lstmStepBackward` needs from `lstmStepForward`.
public struct LSTMStepCache<S: TensorScalar>: Sendable {
    public let x, prevH, prevC, wx, wh: Tensor<S>
    public let gates: LSTMGates<S>
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
    checkLSTMWeights(wh: wh, h: prevH.shape.last ?? 0, operation: "lstmStepForward")
    let gates = LSTMGates(preActivation: x.matmul(wx) + prevH.matmul(wh) + b)
    let (nextC, tanhC, nextH) = lstmCellOutputs(gates, prevC: prevC)
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
    let (da, dPrevC) = lstmCellBackward(dNextH: dNextH, dNextC: dNextC, gates: cache.gates,
                                        tanhC: cache.tanhC, prevC: cache.prevC)
    return (da.matmulTransposed(cache.wx), da.matmulTransposed(cache.wh), dPrevC,
            cache.x.transposedMatmul(da), cache.prevH.transposedMatmul(da), da.sum(alongAxes: 0))
}

/// What `lstmBackward` needs from `lstmForward`.
public struct LSTMCache<S: TensorScalar>: Sendable {
    public let x, h0, wx, wh: Tensor<S>
    /// Every hidden state `(N, T, H)`.
    public let h: Tensor<S>
    /// Per step: the gates, the previous cell state and tanh of the new cell state.
    public let gates: [LSTMGates<S>]
    public let prevC: [Tensor<S>]
    public let tanhC: [Tensor<S>]
}

/// `lstm_forward`: runs an LSTM over a whole sequence, with c0 = 0.
///
/// The input projection of every step is one product, x · Wx + b; only the recurrence
/// steps through time.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 4H)`, wh `(H, 4H)`, b `(4H,)`.
/// - Returns: h `(N, T, H)` (h0 and the cell states not included) and the cache.
public func lstmForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> (h: Tensor<S>, cache: LSTMCache<S>) {
    let (n, t) = sequenceShape(x, h0, operation: "lstmForward")
    let hidden = h0.shape[1]
    checkLSTMWeights(wh: wh, h: hidden, operation: "lstmForward")
    let projected = x.matmul(wx) + b
    var h = Tensor<S>.zeros(n, t, hidden)
    var (previousH, previousC) = (h0, Tensor<S>.zeros(n, hidden))
    var allGates: [LSTMGates<S>] = [], prevCs: [Tensor<S>] = [], tanhCs: [Tensor<S>] = []
    let whPacked = PackedMatrix(wh)  // packed once for all T products (PackedMatrix.swift)
    for step in 0..<t {
        let gates = LSTMGates(preActivation: timeStep(projected, step,
                                                      plus: previousH.matmul(whPacked)))
        let (nextC, tanhC, nextH) = lstmCellOutputs(gates, prevC: previousC)
        allGates.append(gates)
        prevCs.append(previousC)
        tanhCs.append(tanhC)
        setTimeStep(&h, step, nextH)
        (previousH, previousC) = (nextH, nextC)
    }
    return (h, LSTMCache(x: x, h0: h0, wx: wx, wh: wh, h: h, gates: allGates, prevC: prevCs,
                         tanhC: tanhCs))
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
    var da = Tensor<S>.zeros(n, t, 4 * hidden)
    var dNextH = Tensor<S>.zeros(n, hidden)
    var dNextC = Tensor<S>.zeros(n, hidden)
    let whTransposed = PackedMatrix(transposing: cache.wh)  // daStep · Whᵀ, packed once
    for step in (0..<t).reversed() {
        let (daStep, dPrevC) = lstmCellBackward(
            dNextH: timeStep(dh, step, plus: dNextH), dNextC: dNextC, gates: cache.gates[step],
            tanhC: cache.tanhC[step], prevC: cache.prevC[step])
        setTimeStep(&da, step, daStep)
        dNextH = daStep.matmul(whTransposed)
        dNextC = dPrevC
    }
    let previous = shiftedRight(cache.h, first: cache.h0)
    return (da.matmulTransposed(cache.wx), dNextH, cache.x.transposedMatmul(da),
            previous.transposedMatmul(da), da.sum(alongAxes: 0, 1))
}

/// The cell update shared by the step and sequence forms: (nextC, tanh(nextC), nextH).
func lstmCellOutputs<S: TensorScalar>(
    _ gates: LSTMGates<S>, prevC: Tensor<S>
) -> (nextC: Tensor<S>, tanhC: Tensor<S>, nextH: Tensor<S>) {
    let nextC = gates.f * prevC + gates.i * gates.g
    let tanhC = nextC.tanh()
    return (nextC, tanhC, gates.o * tanhC)
}

/// The gradient of the gate pre-activations `(N, 4H)` and of the previous cell state.
func lstmCellBackward<S: TensorScalar>(
    dNextH: Tensor<S>, dNextC: Tensor<S>, gates: LSTMGates<S>, tanhC: Tensor<S>, prevC: Tensor<S>
) -> (da: Tensor<S>, dPrevC: Tensor<S>) {
    let dc = dNextC + dNextH * gates.o * (1 - tanhC.squared())
    let di = dc * gates.g * gates.i * (1 - gates.i)
    let df = dc * prevC * gates.f * (1 - gates.f)
    let dO = dNextH * tanhC * gates.o * (1 - gates.o)
    let dg = dc * gates.i * (1 - gates.g.squared())
    return (Tensor.concatenated([di, df, dO, dg], alongAxis: 1), dc * gates.f)
}

func checkLSTMWeights<S: TensorScalar>(wh: Tensor<S>, h: Int, operation: String) {
    guard wh.rank == 2, wh.shape == [h, 4 * h] else {
        shapeFailure("\(operation): Wh must be (H, 4H) = (\(h), \(4 * h)) for the four gates "
            + "i, f, o, g; got \(wh.shape.shapeDescription)")
    }
}
