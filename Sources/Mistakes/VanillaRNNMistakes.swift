import Solutions
import Tensor

import typealias Given.RNNStepGradients
import typealias Given.SequenceGradients

/// Mistakes in `rnn_step_forward/backward` and `rnn_forward/backward`.
enum VanillaRNNMistakes {
    static let all: [Mistake] = [
        Mistake(
            "rnn-step-tanh-derivative-from-preactivation",
            "rnn_step_backward uses 1 − a² with the pre-activation a instead of 1 − next_h²",
            catchBy: ["rnnStepBackward"], diagnosis: .elementwise,
            TanhDerivativeFromPreActivation()),
        Mistake(
            "rnn-step-missing-tanh-derivative",
            "rnn_step_backward forgets the (1 − next_h²) factor: da = dnext_h",
            catchBy: ["rnnStepBackward"], diagnosis: .elementwise, MissingTanhDerivative()),
        Mistake(
            "rnn-step-dwx-transposed",
            "rnn_step_backward computes dWx = daᵀ · x, (H, D): right only when D = H",
            catchBy: ["rnnStepBackward"], diagnosis: .transposed, TransposedWxGradient()),
        Mistake(
            "rnn-step-wh-transposed",
            "rnn_step_forward multiplies by Whᵀ (the shapes agree, Wh is square)",
            catchBy: ["rnnStepForward"], diagnosis: .transposed, TransposedWh()),
        Mistake(
            "rnn-step-forgot-bias", "rnn_step_forward leaves out + b",
            catchBy: ["rnnStepForward", "rnnStepBackward"], diagnosis: .constantOffset,
            ForgotBias()),
        Mistake(
            "rnn-step-db-wrong-axis",
            "rnn_step_backward sums da over the hidden units (axis 1) instead of the batch",
            catchBy: ["rnnStepBackward"], diagnosis: .shapeMismatch, BiasGradientWrongAxis()),
        Mistake(
            "rnn-step-dwh-zeros",
            "rnn_step_backward returns dWh of the right shape but all zeros",
            catchBy: ["rnnStepBackward"], diagnosis: .scaleFactor, ZeroWhGradient()),
        Mistake(
            "rnn-backward-no-gradient-from-next-step",
            "rnn_backward feeds each step only dh[:, t], not the gradient from step t + 1",
            catchBy: ["rnnBackward"], diagnosis: .onlyLastStepRight, NoGradientFromNextStep()),
        Mistake(
            "rnn-backward-dh0-from-wrong-step",
            "rnn_backward returns the dprev_h of the last time step as dh0",
            catchBy: ["rnnBackward"], diagnosis: .wrongTimeSteps,
            InitialGradientFromWrongStep()),
        Mistake(
            "rnn-backward-weights-assigned-not-accumulated",
            "rnn_backward sets dWx, dWh, db = (step's) instead of += over the time steps",
            catchBy: ["rnnBackward"], diagnosis: .wrongTimeSteps, WeightGradientsAssigned()),
        Mistake(
            "rnn-backward-skips-step-0",
            "rnn_backward's loop stops before t = 0 (off by one): dx[:, 0] stays 0",
            catchBy: ["rnnBackward"], diagnosis: .wrongTimeSteps, BackwardSkipsFirstStep()),
        Mistake(
            "rnn-forward-includes-h0",
            "rnn_forward returns h0 followed by every h_t: (N, T + 1, H)",
            catchBy: ["rnnForward", "rnnBackward"], diagnosis: .shapeMismatch,
            ForwardIncludesH0()),
        Mistake(
            "rnn-forward-off-by-one",
            "rnn_forward loops over t in 0 ..< T − 1, leaving the last h_t zero",
            catchBy: ["rnnForward", "rnnBackward"], diagnosis: .wrongTimeSteps,
            ForwardOffByOne()),
        Mistake(
            "rnn-forward-not-carrying-hidden-state",
            "rnn_forward starts every step from h0 instead of the previous h_t",
            catchBy: ["rnnForward"], diagnosis: .wrongTimeSteps, ForwardNotCarryingState()),
    ]
}

// MARK: rnn_step

/// da = dnext_h ⊙ (1 − a²), with a the pre-activation: the learner kept `a` in the cache.
struct TanhDerivativeFromPreActivation: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let a = x.matmul(wx) + prevH.matmul(wh) + b
        return (
            a.tanh(),
            { dNextH in
                let da = dNextH * (1 - a.squared())
                return affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
            }
        )
    }
}

/// da = dnext_h: as if tanh were not there.
struct MissingTanhDerivative: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
        return (
            nextH,
            { dNextH in
                affineStepGradients(dNextH, x: x, prevH: prevH, wx: wx, wh: wh)
            }
        )
    }
}

/// dWx = daᵀ · x: shape (H, D), which is right only when D = H.
struct TransposedWxGradient: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
        return (
            nextH,
            { dNextH in
                let da = dNextH * (1 - nextH.squared())
                let g = affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
                return (g.dx, g.dPrevH, da.transposedMatmul(x), g.dWh, g.db)
            }
        )
    }
}

/// next_h = tanh(x · Wx + prev_h · Whᵀ + b): Wh is square, so nothing complains.
struct TransposedWh: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmulTransposed(wh) + b).tanh()
        return (
            nextH,
            { dNextH in
                let da = dNextH * (1 - nextH.squared())
                return affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
            }
        )
    }
}

/// next_h = tanh(x · Wx + prev_h · Wh), the backward as in the solution.
struct ForgotBias: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmul(wh)).tanh()
        return (
            nextH,
            { dNextH in
                let da = dNextH * (1 - nextH.squared())
                return affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
            }
        )
    }
}

/// db = da.sum(axis=1): one number per example instead of one per hidden unit.
struct BiasGradientWrongAxis: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
        return (
            nextH,
            { dNextH in
                let da = dNextH * (1 - nextH.squared())
                let g = affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
                return (g.dx, g.dPrevH, g.dWx, g.dWh, da.sum(alongAxes: 1))
            }
        )
    }
}

/// dWh = zeros like Wh: "I'll fill it in later".
struct ZeroWhGradient: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()
        return (
            nextH,
            { dNextH in
                let da = dNextH * (1 - nextH.squared())
                let g = affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
                return (g.dx, g.dPrevH, g.dWx, Tensor<S>.zeros(like: wh), g.db)
            }
        )
    }
}

// MARK: rnn_forward / rnn_backward

/// The solution's forward loop, keeping every step's cache for a learner's own backward.
func forwardKeepingSteps<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) throws -> (h: Tensor<S>, steps: [RNNStepCache<S>]) {
    let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
    var h = Tensor<S>.zeros(n, t, hidden)
    var steps: [RNNStepCache<S>] = []
    var previousH = h0
    for step in 0..<t {
        let (nextH, cache) = try rnnStepForward(
            x: x[..., step], prevH: previousH, wx: wx,
            wh: wh, b: b)
        h[..., step] = nextH
        steps.append(cache)
        previousH = nextH
    }
    return (h, steps)
}

/// The gradient of h_t is only dh[:, t]: "dh already has everything".
struct NoGradientFromNextStep: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var (dx, dWx, dWh, db) = (
                    Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
                    Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
                )
                var dh0 = Tensor<S>.zeros(like: h0)
                for step in steps.indices.reversed() {
                    let g = try rnnStepBackward(dNextH: dh[..., step], cache: steps[step])
                    dx[..., step] = g.dx
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dh0 = g.dPrevH
                }
                return (dx, dh0, dWx, dWh, db)
            }
        )
    }
}

/// dh0 is saved at the first iteration of the reversed loop: the gradient into h_{T−2}.
struct InitialGradientFromWrongStep: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var (dx, dWx, dWh, db) = (
                    Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
                    Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
                )
                var dh0 = Tensor<S>.zeros(like: h0)
                var dNext = Tensor<S>.zeros(like: h0)
                for step in steps.indices.reversed() {
                    let g = try rnnStepBackward(dNextH: dh[..., step] + dNext, cache: steps[step])
                    dx[..., step] = g.dx
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dNext = g.dPrevH
                    if step == steps.count - 1 { dh0 = g.dPrevH }
                }
                return (dx, dh0, dWx, dWh, db)
            }
        )
    }
}

/// dWx = g.dWx instead of dWx += g.dWx (and the same for dWh, db): only step 0 counts.
struct WeightGradientsAssigned: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var (dx, dWx, dWh, db) = (
                    Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
                    Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
                )
                var dNext = Tensor<S>.zeros(like: h0)
                for step in steps.indices.reversed() {
                    let g = try rnnStepBackward(dNextH: dh[..., step] + dNext, cache: steps[step])
                    dx[..., step] = g.dx
                    dWx = g.dWx
                    dWh = g.dWh
                    db = g.db
                    dNext = g.dPrevH
                }
                return (dx, dNext, dWx, dWh, db)
            }
        )
    }
}

/// `for t in stride(from: T - 1, to: 0, by: -1)`: step 0 is never backpropagated.
struct BackwardSkipsFirstStep: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try forwardKeepingSteps(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var (dx, dWx, dWh, db) = (
                    Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
                    Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
                )
                var dNext = Tensor<S>.zeros(like: h0)
                for step in stride(from: steps.count - 1, to: 0, by: -1) {
                    let g = try rnnStepBackward(dNextH: dh[..., step] + dNext, cache: steps[step])
                    dx[..., step] = g.dx
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dNext = g.dPrevH
                }
                return (dx, dNext, dWx, dWh, db)
            }
        )
    }
}

/// h = [h0, h_0, …, h_{T−1}]: the learner stacked the initial state in too.
struct ForwardIncludesH0: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t + 1, hidden)
        h[..., 0] = h0
        var previousH = h0
        for step in 0..<t {
            previousH = try rnnStepForward(
                x: x[..., step], prevH: previousH, wx: wx, wh: wh,
                b: b
            ).nextH
            h[..., step + 1] = previousH
        }
        let solution = try LearnerAssignment().rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (h, solution.backward)
    }
}

/// `for t in 0..<(T - 1)`: the last hidden state is never computed.
struct ForwardOffByOne: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t, hidden)
        var previousH = h0
        for step in 0..<(t - 1) {
            previousH = try rnnStepForward(
                x: x[..., step], prevH: previousH, wx: wx, wh: wh,
                b: b
            ).nextH
            h[..., step] = previousH
        }
        let solution = try LearnerAssignment().rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (h, solution.backward)
    }
}

/// prevH = h0 at every step: the hidden state is never carried forward.
struct ForwardNotCarryingState: DelegatesToSolutions {
    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t, hidden)
        var steps: [RNNStepCache<S>] = []
        for step in 0..<t {
            let (nextH, cache) = try rnnStepForward(
                x: x[..., step], prevH: h0, wx: wx, wh: wh,
                b: b)
            h[..., step] = nextH
            steps.append(cache)
        }
        return (
            h,
            { dh in
                var (dx, dWx, dWh, db) = (
                    Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
                    Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
                )
                var dh0 = Tensor<S>.zeros(like: h0)
                for step in steps.indices.reversed() {
                    let g = try rnnStepBackward(dNextH: dh[..., step], cache: steps[step])
                    dx[..., step] = g.dx
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dh0 += g.dPrevH
                }
                return (dx, dh0, dWx, dWh, db)
            }
        )
    }
}
