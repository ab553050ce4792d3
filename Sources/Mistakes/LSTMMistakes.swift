import Solutions
import Tensor

import typealias Given.LSTMStepGradients
import typealias Given.SequenceGradients

/// Mistakes in `lstm_step_forward/backward` and `lstm_forward/backward`.
enum LSTMMistakes {
    static let all: [Mistake] = [
        Mistake(
            "lstm-gates-ifgo",
            "lstm_step_forward splits a as [i | f | g | o] instead of [i | f | o | g]",
            catchBy: ["lstmStepForward", "lstmStepBackward"], diagnosis: .wrongGateBlock,
            GatesInWrongOrder()),
        Mistake(
            "lstm-step-dprev-c-skips-forget-gate",
            "lstm_step_backward passes the cell gradient to prev_c without ⊙ f",
            catchBy: ["lstmStepBackward"], diagnosis: .wrongGateBlock,
            CellGradientSkipsForgetGate()),
        Mistake(
            "lstm-step-dprev-c-missing-dnext-h-path",
            "lstm_step_backward: dprev_c = dnext_c ⊙ f, forgetting that next_c also "
                + "reaches the loss through next_h",
            catchBy: ["lstmStepBackward"], diagnosis: .elementwise,
            CellGradientMissesHiddenPath()),
        Mistake(
            "lstm-step-tanh-derivative-of-cell-wrong",
            "lstm_step_backward uses 1 − next_c² instead of 1 − tanh²(next_c)",
            catchBy: ["lstmStepBackward"], diagnosis: .wrongGateBlock,
            CellTanhDerivativeWrong()),
        Mistake(
            "lstm-forward-c0-not-zero",
            "lstm_forward starts the cell state from h0 instead of zeros",
            catchBy: ["lstmForward"], diagnosis: .elementwise, InitialCellFromH0()),
        Mistake(
            "lstm-backward-drops-cell-gradient",
            "lstm_backward gives every step dnext_c = 0 instead of the next step's dprev_c",
            catchBy: ["lstmBackward"], diagnosis: .onlyLastStepRight,
            BackwardDropsCellGradient()),
    ]
}

/// What a learner's LSTM step keeps for its own backward pass.
struct LearnerLSTMStep<S: TensorScalar> {
    let x, prevH, prevC, wx, wh: Tensor<S>
    let i, f, o, g, nextC, nextH: Tensor<S>

    /// The correct forward pass; `order` names where each gate's block is in a.
    init(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>, order: [Character] = ["i", "f", "o", "g"]
    ) {
        (self.x, self.prevH, self.prevC, self.wx, self.wh) = (x, prevH, prevC, wx, wh)
        let h = prevH.shape[1]
        let a = x.matmul(wx) + prevH.matmul(wh) + b
        func block(_ gate: Character) -> Tensor<S> {
            // `order` is a permutation of i, f, o, g; a gate missing from it would read
            // past the 4H columns and trap with the slice's message.
            let k = order.firstIndex(of: gate) ?? order.count
            return a[..., (k * h)..<((k + 1) * h)]
        }
        (i, f, o, g) = (
            block("i").sigmoid(), block("f").sigmoid(), block("o").sigmoid(),
            block("g").tanh()
        )
        nextC = f * prevC + i * g
        nextH = o * nextC.tanh()
    }

    /// The gradients from the gradient of each gate's pre-activation, joined in `order`.
    func gradients(
        dAI: Tensor<S>, dAF: Tensor<S>, dAO: Tensor<S>, dAG: Tensor<S>,
        dPrevC: Tensor<S>, order: [Character] = ["i", "f", "o", "g"]
    )
        -> LSTMStepGradients<S>
    {
        let blocks: [Character: Tensor<S>] = ["i": dAI, "f": dAF, "o": dAO, "g": dAG]
        let da = Tensor.concatenated(order.compactMap { blocks[$0] }, alongAxis: 1)
        return (
            da.matmulTransposed(wx), da.matmulTransposed(wh), dPrevC, x.transposedMatmul(da),
            prevH.transposedMatmul(da), da.sum(alongAxes: 0)
        )
    }

    /// The backward pass with optional learner mistakes in the cell gradient.
    func backward(
        dNextH: Tensor<S>, dNextC: Tensor<S>, order: [Character] = ["i", "f", "o", "g"],
        cellTanhDerivative: ((LearnerLSTMStep) -> Tensor<S>)? = nil,
        dPrevC: ((_ dCellTotal: Tensor<S>) -> Tensor<S>)? = nil
    ) -> LSTMStepGradients<S> {
        let tanhC = nextC.tanh()
        let dO = dNextH * tanhC
        let derivative = cellTanhDerivative?(self) ?? (1 - tanhC.squared())
        let dc = dNextC + dNextH * o * derivative
        let (dF, dI, dG) = (dc * prevC, dc * g, dc * i)
        return gradients(
            dAI: dI * i * (1 - i), dAF: dF * f * (1 - f), dAO: dO * o * (1 - o),
            dAG: dG * (1 - g.squared()), dPrevC: dPrevC?(dc) ?? dc * f, order: order)
    }
}

/// Blocks [i | f | g | o], used consistently forward and backward: the learner's own
/// gradients agree with their forward pass, but not with the original's weights.
struct GatesInWrongOrder: DelegatesToSolutions {
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let order: [Character] = ["i", "f", "g", "o"]
        let step = LearnerLSTMStep(
            x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b,
            order: order)
        return (step.nextH, step.nextC, { step.backward(dNextH: $0, dNextC: $1, order: order) })
    }
}

/// dprev_c = dc: the forget gate is left out.
struct CellGradientSkipsForgetGate: DelegatesToSolutions {
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let step = LearnerLSTMStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
        return (
            step.nextH, step.nextC,
            {
                step.backward(dNextH: $0, dNextC: $1, dPrevC: { dc in dc })
            }
        )
    }
}

/// dprev_c = dnext_c ⊙ f: only the direct path of the cell gradient.
struct CellGradientMissesHiddenPath: DelegatesToSolutions {
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let step = LearnerLSTMStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
        return (
            step.nextH, step.nextC,
            { dNextH, dNextC in
                step.backward(dNextH: dNextH, dNextC: dNextC, dPrevC: { _ in dNextC * step.f })
            }
        )
    }
}

/// tanh'(next_c) written as 1 − next_c², the RNN formula applied to the wrong value.
struct CellTanhDerivativeWrong: DelegatesToSolutions {
    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let step = LearnerLSTMStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
        return (
            step.nextH, step.nextC,
            {
                step.backward(
                    dNextH: $0, dNextC: $1,
                    cellTanhDerivative: { 1 - $0.nextC.squared() })
            }
        )
    }
}

/// var prevC = h0: "the initial states are h0".
struct InitialCellFromH0: DelegatesToSolutions {
    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try lstmForwardKeepingSteps(x: x, h0: h0, c0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                try lstmBackwardThroughSteps(
                    dh, steps, x: x, h0: h0, wx: wx, wh: wh,
                    b: b, carryCell: true)
            }
        )
    }
}

/// lstm_step_backward(dh[:, t] + dnext_h, zeros, …) at every step.
struct BackwardDropsCellGradient: DelegatesToSolutions {
    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let c0 = Tensor<S>.zeros(like: h0)
        let (h, steps) = try lstmForwardKeepingSteps(x: x, h0: h0, c0: c0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                try lstmBackwardThroughSteps(
                    dh, steps, x: x, h0: h0, wx: wx, wh: wh,
                    b: b, carryCell: false)
            }
        )
    }
}

/// The solution's forward loop from (h0, c0), keeping every step's cache.
func lstmForwardKeepingSteps<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, c0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (h: Tensor<S>, steps: [LSTMStepCache<S>]) {
    let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
    var h = Tensor<S>.zeros(n, t, hidden)
    var steps: [LSTMStepCache<S>] = []
    var (previousH, previousC) = (h0, c0)
    for step in 0..<t {
        let next = try lstmStepForward(
            x: x[..., step], prevH: previousH, prevC: previousC,
            wx: wx, wh: wh, b: b)
        h[..., step] = next.nextH
        steps.append(next.cache)
        (previousH, previousC) = (next.nextH, next.nextC)
    }
    return (h, steps)
}

/// The solution's backward loop, optionally dropping the cell gradient between steps.
func lstmBackwardThroughSteps<S: TensorScalar>(
    _ dh: Tensor<S>, _ steps: [LSTMStepCache<S>], x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>,
    wh: Tensor<S>, b: Tensor<S>, carryCell: Bool
) throws -> SequenceGradients<S> {
    var (dx, dWx, dWh, db) = (
        Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
        Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
    )
    var (dNextH, dNextC) = (Tensor<S>.zeros(like: h0), Tensor<S>.zeros(like: h0))
    for step in steps.indices.reversed() {
        let g = try lstmStepBackward(
            dNextH: dh[..., step] + dNextH,
            dNextC: carryCell ? dNextC : Tensor<S>.zeros(like: h0),
            cache: steps[step])
        dx[..., step] = g.dx
        dWx += g.dWx
        dWh += g.dWh
        db += g.db
        (dNextH, dNextC) = (g.dPrevH, g.dPrevC)
    }
    return (dx, dNextH, dWx, dWh, db)
}
