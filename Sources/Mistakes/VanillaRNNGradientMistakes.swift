import Solutions
import Tensor

import typealias Given.RNNStepGradients
import typealias Given.SequenceGradients

/// Vanilla RNN mistakes whose wrong array has a telling pattern: a sign, a scale factor, a
/// transpose, a loop in the wrong direction, an output one step late.
enum VanillaRNNGradientMistakes {
    static let all: [Mistake] = [
        Mistake(
            "rnn-step-dx-sign-flipped",
            "rnn_step_backward writes dx = −da · Wxᵀ (a minus carried over from a "
                + "subtraction elsewhere)",
            catchBy: ["rnnStepBackward"], diagnosis: .signFlip, StepDxSignFlipped()),
        Mistake(
            "rnn-step-db-averaged",
            "rnn_step_backward averages da over the batch for db (mean, not sum): N times "
                + "too small",
            catchBy: ["rnnStepBackward"], diagnosis: .scaleFactor, StepBiasGradientAveraged()),
        Mistake(
            "rnn-step-dwh-transposed",
            "rnn_step_backward computes dWh = daᵀ · prev_h: Wh is square, so the shape is "
                + "right and only the values are transposed",
            catchBy: ["rnnStepBackward"], diagnosis: .transposed, StepWhGradientTransposed()),
        Mistake(
            "rnn-step-dprev-h-through-wx",
            "rnn_step_backward computes dprev_h = da · Wxᵀ, (N, D) instead of (N, H)",
            catchBy: ["rnnStepBackward"], diagnosis: .shapeMismatch,
            StepPreviousGradientThroughWx()),
        Mistake(
            "rnn-backward-dx-in-loop-order",
            "rnn_backward appends each step's dx to a list in its reversed loop and stacks "
                + "the list as it is: dx runs from the last step to the first",
            catchBy: ["rnnBackward"], diagnosis: .reversedTime, BackwardDxInLoopOrder()),
        Mistake(
            "rnn-backward-weights-averaged-over-time",
            "rnn_backward divides dWx, dWh and db by T (\"average over the steps\")",
            catchBy: ["rnnBackward"], diagnosis: .scaleFactor,
            WeightGradientsAveragedOverTime()),
        Mistake(
            "rnn-forward-stores-previous-state",
            "rnn_forward stores prev_h (the state before the step) as h[:, t]: every "
                + "output one step late, h0 first",
            catchBy: ["rnnForward", "rnnBackward"], diagnosis: .shiftedOneStep,
            ForwardStoresPreviousState()),
    ]
}

/// The solution's step with the backward's arrays changed by `change`.
private func changedStep<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>,
    _ change: @escaping (RNNStepGradients<S>, _ da: Tensor<S>) -> RNNStepGradients<S>
) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
    let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
    return (
        nextH,
        { dNextH in
            let da = dNextH * (1 - nextH.squared())
            return change(affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh), da)
        }
    )
}

/// dx = −da · Wxᵀ.
struct StepDxSignFlipped: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        try changedStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b) { g, da in
            (S(0) - da.matmulTransposed(wx), g.dPrevH, g.dWx, g.dWh, g.db)
        }
    }
}

/// db = da.mean(axis=0).
struct StepBiasGradientAveraged: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        try changedStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b) { g, da in
            (g.dx, g.dPrevH, g.dWx, g.dWh, da.sum(alongAxes: 0) / S(da.shape[0]))
        }
    }
}

/// dWh = daᵀ · prev_h.
struct StepWhGradientTransposed: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        try changedStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b) { g, da in
            (g.dx, g.dPrevH, g.dWx, da.transposedMatmul(prevH), g.db)
        }
    }
}

/// dprev_h = da · Wxᵀ: the weight of the other input.
struct StepPreviousGradientThroughWx: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        try changedStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b) { g, da in
            (g.dx, da.matmulTransposed(wx), g.dWx, g.dWh, g.db)
        }
    }
}

/// dxs.append(dx_t) in the loop from t = T − 1 down to 0, then stack(dxs, axis=1) without
/// reversing the list.
struct BackwardDxInLoopOrder: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var (dWx, dWh, db) = (
                    Tensor<S>.zeros(like: wx), Tensor<S>.zeros(like: wh),
                    Tensor<S>.zeros(like: b)
                )
                var dxs: [Tensor<S>] = []
                var dNext = Tensor<S>.zeros(like: h0)
                for step in steps.indices.reversed() {
                    let g = try rnnStepBackward(dNextH: dh[..., step] + dNext, cache: steps[step])
                    dxs.append(g.dx)
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dNext = g.dPrevH
                }
                return (Tensor.stacked(dxs, alongAxis: 1), dNext, dWx, dWh, db)
            }
        )
    }
}

/// The solution's backward with dWx, dWh, db divided by T.
struct WeightGradientsAveragedOverTime: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, cache) = try rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        let steps = S(x.shape[1])
        return (
            h,
            { dh in
                let g = try rnnBackward(dh: dh, cache: cache)
                return (g.dx, g.dh0, g.dWx / steps, g.dWh / steps, g.db / steps)
            }
        )
    }
}

/// h[:, t] = prev_h, then prev_h = next_h: the assignment one line too early.
struct ForwardStoresPreviousState: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t, hidden)
        var previousH = h0
        for step in 0..<t {
            h[..., step] = previousH
            previousH = try rnnStepForward(
                x: x[..., step], prevH: previousH, wx: wx, wh: wh,
                b: b
            ).nextH
        }
        let solution = try LearnerAssignment().rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (h, solution.backward)
    }
}
