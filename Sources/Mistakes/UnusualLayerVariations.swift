import Solutions
import Tensor

import typealias Given.GRUStepGradients
import typealias Given.LSTMStepGradients
import typealias Given.RNNStepGradients
import typealias Given.SequenceGradients

/// Correct layers written another way than the solution: vectorised or looped, with
/// weights joined or split, sums taken in another order. Each must pass every check.
enum UnusualLayerVariations {
    static let all: [Variation] = [
        Variation(
            id: "rnn-step-joined-weights",
            description: "rnn_step multiplies [x | prev_h] by the stacked [Wx; Wh] once, "
                + "and splits the gradients of the stack",
            implementation: JoinedWeightsStep()),
        Variation(
            id: "rnn-step-backward-explicit-loops",
            description: "rnn_step_backward computes every gradient element in Swift "
                + "loops instead of matrix products",
            implementation: ExplicitLoopStepBackward()),
        Variation(
            id: "rnn-backward-vectorised-weights",
            description: "rnn_backward keeps da of every step and computes dWx, dWh, db "
                + "once, with one matrix product over all N·T rows",
            implementation: VectorisedRNNBackward()),
        Variation(
            id: "rnn-backward-sums-in-time-order",
            description: "rnn_backward keeps every step's weight gradients and adds them "
                + "from t = 0 up (another floating-point order)",
            implementation: TimeOrderedRNNBackward()),
        Variation(
            id: "embedding-one-hot-matmul",
            description: "word_embedding looks words up as one_hot(x) · W and its "
                + "backward is one_hot(x)ᵀ · dout",
            implementation: OneHotEmbedding()),
        Variation(
            id: "lstm-step-separate-gate-products",
            description: "lstm_step computes each gate's pre-activation with its own "
                + "column block of Wx, Wh, b, and each block's weight gradient apart",
            implementation: SeparateGateProductsLSTM()),
        Variation(
            id: "lstm-step-sigmoid-via-tanh",
            description: "lstm_step writes σ(a) as (1 + tanh(a / 2)) / 2",
            implementation: SigmoidViaTanhLSTM()),
        Variation(
            id: "gru-step-separate-gate-products",
            description: "gru_step computes r, z and n each with its own column block "
                + "of the weights and biases",
            implementation: SeparateGateProductsGRU()),
    ]
}

// MARK: Vanilla RNN

/// [x | prev_h] · [Wx; Wh] + b.
struct JoinedWeightsStep: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let input = Tensor.concatenated([x, prevH], alongAxis: 1)
        let weights = Tensor.concatenated([wx, wh], alongAxis: 0)
        let nextH = (input.matmul(weights) + b).tanh()
        let d = x.shape[1]
        return (
            nextH,
            { dNextH in
                let da = dNextH * (1 - nextH.squared())
                let dInput = da.matmulTransposed(weights)
                let dWeights = input.transposedMatmul(da)
                return (
                    dInput[..., ..<d], dInput[..., d...], dWeights[..<d], dWeights[d...],
                    da.sum(alongAxes: 0)
                )
            }
        )
    }
}

/// Every gradient element as an explicit sum.
struct ExplicitLoopStepBackward: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
        let (n, d, h) = (x.shape[0], x.shape[1], prevH.shape[1])
        return (
            nextH,
            { dNextH in
                var da = Tensor<S>.zeros(n, h)
                for i in 0..<n {
                    for j in 0..<h {
                        let y = nextH[i, j]
                        da[i, j] = dNextH[i, j] * (1 - y * y)
                    }
                }
                var (dx, dPrevH) = (Tensor<S>.zeros(n, d), Tensor<S>.zeros(n, h))
                var (dWx, dWh, db) = (
                    Tensor<S>.zeros(d, h), Tensor<S>.zeros(h, h), Tensor<S>.zeros(h)
                )
                for i in 0..<n {
                    for j in 0..<h {
                        let g = da[i, j]
                        db[flat: j] += g
                        for k in 0..<d {
                            dx[i, k] += g * wx[k, j]
                            dWx[k, j] += x[i, k] * g
                        }
                        for k in 0..<h {
                            dPrevH[i, k] += g * wh[k, j]
                            dWh[k, j] += prevH[i, k] * g
                        }
                    }
                }
                return (dx, dPrevH, dWx, dWh, db)
            }
        )
    }
}

/// The solution's loop for dx and dh, the weight gradients from all steps at once.
struct VectorisedRNNBackward: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, _) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        let (n, t, d, hidden) = (x.shape[0], x.shape[1], x.shape[2], h0.shape[1])
        // The state before each step: h0, then h[:, 0 ..< T − 1].
        var previous = Tensor<S>.zeros(n, t, hidden)
        previous[..., 0] = h0
        for step in 1..<max(t, 1) { previous[..., step] = h[..., step - 1] }
        return (
            h,
            { dh in
                var da = Tensor<S>.zeros(n, t, hidden)
                var dx = Tensor<S>.zeros(like: x)
                var dNext = Tensor<S>.zeros(like: h0)
                for step in (0..<t).reversed() {
                    let a = (dh[..., step] + dNext) * (1 - h[..., step].squared())
                    da[..., step] = a
                    dx[..., step] = a.matmulTransposed(wx)
                    dNext = a.matmulTransposed(wh)
                }
                let rows = da.reshaped(n * t, hidden)
                return (
                    dx, dNext, x.reshaped(n * t, d).transposedMatmul(rows),
                    previous.reshaped(n * t, hidden).transposedMatmul(rows), rows.sum(alongAxes: 0)
                )
            }
        )
    }
}

/// The weight gradients kept per step and summed from the first step on.
struct TimeOrderedRNNBackward: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var dx = Tensor<S>.zeros(like: x)
                var dNext = Tensor<S>.zeros(like: h0)
                var perStep: [RNNStepGradients<S>] = []
                for step in steps.indices.reversed() {
                    let g = try rnnStepBackward(dNextH: dh[..., step] + dNext, cache: steps[step])
                    dx[..., step] = g.dx
                    dNext = g.dPrevH
                    perStep.append(g)
                }
                var (dWx, dWh, db) = (
                    Tensor<S>.zeros(like: wx), Tensor<S>.zeros(like: wh),
                    Tensor<S>.zeros(like: b)
                )
                for g in perStep.reversed() {
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                }
                return (dx, dNext, dWx, dWh, db)
            }
        )
    }
}

// MARK: Word embedding

/// one_hot(x) · W, and one_hot(x)ᵀ · dout.
struct OneHotEmbedding: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        let (v, d) = (w.shape[0], w.shape[1])
        let oneHot = Tensor<S>.oneHot(x, depth: v).reshaped(x.count, v)
        return (
            oneHot.matmul(w).reshaped(to: x.shape + [d]),
            { dout in
                oneHot.transposedMatmul(dout.reshaped(x.count, d))
            }
        )
    }
}

// MARK: LSTM and GRU

/// Each gate from its own block of columns: a_k = x · Wx[:, k] + prev_h · Wh[:, k] + b[k].
struct SeparateGateProductsLSTM: DelegatesToSolutions {
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let h = prevH.shape[1]
        let blocks = (0..<4).map { k in (k * h)..<((k + 1) * h) }
        let pre = blocks.map { x.matmul(wx[..., $0]) + prevH.matmul(wh[..., $0]) + b[$0] }
        let (i, f, o, g) = (pre[0].sigmoid(), pre[1].sigmoid(), pre[2].sigmoid(), pre[3].tanh())
        let nextC = f * prevC + i * g
        let tanhC = nextC.tanh()
        return (
            o * tanhC, nextC,
            { dNextH, dNextC in
                let dc = dNextC + dNextH * o * (1 - tanhC.squared())
                let da = [
                    dc * g * i * (1 - i), dc * prevC * f * (1 - f),
                    dNextH * tanhC * o * (1 - o), dc * i * (1 - g.squared()),
                ]
                var dx = Tensor<S>.zeros(like: x)
                var dPrevH = Tensor<S>.zeros(like: prevH)
                var (dWx, dWh, db) = ([Tensor<S>](), [Tensor<S>](), [Tensor<S>]())
                for (k, block) in blocks.enumerated() {
                    dx += da[k].matmulTransposed(wx[..., block])
                    dPrevH += da[k].matmulTransposed(wh[..., block])
                    dWx.append(x.transposedMatmul(da[k]))
                    dWh.append(prevH.transposedMatmul(da[k]))
                    db.append(da[k].sum(alongAxes: 0))
                }
                return (
                    dx, dPrevH, dc * f, Tensor.concatenated(dWx, alongAxis: 1),
                    Tensor.concatenated(dWh, alongAxis: 1), Tensor.concatenated(db, alongAxis: 0)
                )
            }
        )
    }
}

/// σ(a) = (1 + tanh(a / 2)) / 2, with the solution's backward formulas.
struct SigmoidViaTanhLSTM: DelegatesToSolutions {
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let h = prevH.shape[1]
        let a = x.matmul(wx) + prevH.matmul(wh) + b
        func sigmoid(_ t: Tensor<S>) -> Tensor<S> { ((t / 2).tanh() + 1) / 2 }
        let (i, f) = (sigmoid(a[..., 0..<h]), sigmoid(a[..., h..<(2 * h)]))
        let (o, g) = (sigmoid(a[..., (2 * h)..<(3 * h)]), a[..., (3 * h)...].tanh())
        let nextC = f * prevC + i * g
        let tanhC = nextC.tanh()
        return (
            o * tanhC, nextC,
            { dNextH, dNextC in
                let dc = dNextC + dNextH * o * (1 - tanhC.squared())
                let da = Tensor.concatenated(
                    [
                        dc * g * i * (1 - i), dc * prevC * f * (1 - f),
                        dNextH * tanhC * o * (1 - o),
                        dc * i * (1 - g.squared()),
                    ], alongAxis: 1)
                return (
                    da.matmulTransposed(wx), da.matmulTransposed(wh), dc * f,
                    x.transposedMatmul(da), prevH.transposedMatmul(da), da.sum(alongAxes: 0)
                )
            }
        )
    }
}

/// r, z and n each from its own column block.
struct SeparateGateProductsGRU: DelegatesToSolutions {
    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>) {
        let h = prevH.shape[1]
        let (rBlock, zBlock, nBlock) = (0..<h, h..<(2 * h), (2 * h)..<(3 * h))
        func input(_ k: Range<Int>) -> Tensor<S> { x.matmul(wx[..., k]) + b[k] }
        func hidden(_ k: Range<Int>) -> Tensor<S> { prevH.matmul(wh[..., k]) + bh[k] }
        let r = (input(rBlock) + hidden(rBlock)).sigmoid()
        let z = (input(zBlock) + hidden(zBlock)).sigmoid()
        let hn = hidden(nBlock)
        let n = (input(nBlock) + r * hn).tanh()
        return (
            (1 - z) * n + z * prevH,
            { dNextH in
                let dAN = dNextH * (1 - z) * (1 - n.squared())
                let dAZ = dNextH * (prevH - n) * z * (1 - z)
                let dAR = dAN * hn * r * (1 - r)
                let dHN = dAN * r
                let inputSide = [(rBlock, dAR), (zBlock, dAZ), (nBlock, dAN)]
                let hiddenSide = [(rBlock, dAR), (zBlock, dAZ), (nBlock, dHN)]
                var dx = Tensor<S>.zeros(like: x)
                var dPrevH = dNextH * z
                for (block, d) in inputSide { dx += d.matmulTransposed(wx[..., block]) }
                for (block, d) in hiddenSide { dPrevH += d.matmulTransposed(wh[..., block]) }
                return (
                    dx, dPrevH,
                    Tensor.concatenated(inputSide.map { x.transposedMatmul($0.1) }, alongAxis: 1),
                    Tensor.concatenated(
                        hiddenSide.map { prevH.transposedMatmul($0.1) },
                        alongAxis: 1),
                    Tensor.concatenated(inputSide.map { $0.1.sum(alongAxes: 0) }, alongAxis: 0),
                    Tensor.concatenated(hiddenSide.map { $0.1.sum(alongAxes: 0) }, alongAxis: 0)
                )
            }
        )
    }
}
