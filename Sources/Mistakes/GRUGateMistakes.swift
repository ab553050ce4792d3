import Solutions
import Tensor

import typealias Given.GRUSequenceGradients
import typealias Given.GRUStepGradients

/// GRU mistakes confined to one gate block (r, z, n), and sequence loops that lose the
/// gradient between steps or store each output one step late.
enum GRUGateMistakes {
    static let all: [Mistake] = [
        Mistake(
            "gru-step-dz-sign-flipped",
            "gru_step_backward computes dz = dnext_h ⊙ (n − prev_h): next_h = (1 − z) ⊙ n "
                + "+ z ⊙ prev_h differentiated with the sign the wrong way round",
            catchBy: ["gruStepBackward"], diagnosis: .wrongGateBlock,
            GRUGateFlawed(flaw: .zSignFlipped)),
        Mistake(
            "gru-step-r-gate-tanh-derivative",
            "gru_step_backward takes the reset gate's derivative as 1 − r², as if r were a "
                + "tanh",
            catchBy: ["gruStepBackward"], diagnosis: .wrongGateBlock,
            GRUGateFlawed(flaw: .rTanhDerivative)),
        Mistake(
            "gru-step-n-block-without-reset",
            "gru_step_backward passes dn's pre-activation gradient to the hidden side's n "
                + "block without ⊙ r (n = tanh(xₙ + r ⊙ hₙ))",
            catchBy: ["gruStepBackward"], diagnosis: .wrongGateBlock,
            GRUGateFlawed(flaw: .nWithoutReset)),
        Mistake(
            "gru-backward-no-gradient-between-steps",
            "gru_backward feeds each step only dh[:, t], not the gradient from step t + 1",
            catchBy: ["gruBackward"], diagnosis: .onlyLastStepRight,
            GRUBackwardDropsGradientBetweenSteps()),
        Mistake(
            "gru-forward-stores-previous-state",
            "gru_forward stores prev_h as h[:, t]: every output one step late, h0 first",
            catchBy: ["gruForward", "gruBackward"], diagnosis: .shiftedOneStep,
            GRUForwardStoresPreviousState()),
    ]
}

/// What a flawed `GRUGateFlawed` step gets wrong in its backward pass.
enum GRUGateFlaw: Sendable {
    case zSignFlipped, rTanhDerivative, nWithoutReset
}

/// The learner's GRU step: the forward as the solution's, the backward written out with
/// one flaw.
struct GRUGateFlawed: DelegatesToSolutions {
    let flaw: GRUGateFlaw

    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>) {
        let h = prevH.shape[1]
        let (xp, hp) = (x.matmul(wx) + b, prevH.matmul(wh) + bh)
        let r = (xp[..., 0..<h] + hp[..., 0..<h]).sigmoid()
        let z = (xp[..., h..<(2 * h)] + hp[..., h..<(2 * h)]).sigmoid()
        let hn = hp[..., (2 * h)...]
        let n = (xp[..., (2 * h)...] + r * hn).tanh()
        let nextH = (1 - z) * n + z * prevH
        return (
            nextH,
            { dNextH in
                let dZ = dNextH * (flaw == .zSignFlipped ? n - prevH : prevH - n)
                let dAN = dNextH * (1 - z) * (1 - n.squared())
                let dAR = dAN * hn * (flaw == .rTanhDerivative ? 1 - r.squared() : r * (1 - r))
                let dAZ = dZ * z * (1 - z)
                let dHN = flaw == .nWithoutReset ? dAN : dAN * r
                let dxp = Tensor.concatenated([dAR, dAZ, dAN], alongAxis: 1)
                let dhp = Tensor.concatenated([dAR, dAZ, dHN], alongAxis: 1)
                return (
                    dxp.matmulTransposed(wx), dNextH * z + dhp.matmulTransposed(wh),
                    x.transposedMatmul(dxp), prevH.transposedMatmul(dhp), dxp.sum(alongAxes: 0),
                    dhp.sum(alongAxes: 0)
                )
            }
        )
    }
}

/// gru_step_backward(dh[:, t], …) at every step.
struct GRUBackwardDropsGradientBetweenSteps: DelegatesToSolutions {
    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t, hidden)
        var steps: [(Tensor<S>) throws -> GRUStepGradients<S>] = []
        var previousH = h0
        for step in 0..<t {
            let (next, backward) = try LearnerAssignment().gruStep(
                x: x[..., step], prevH: previousH, wx: wx, wh: wh, b: b, bh: bh)
            h[..., step] = next
            steps.append(backward)
            previousH = next
        }
        return (
            h,
            { dh in
                var (dx, dh0) = (Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: h0))
                var (dWx, dWh) = (Tensor<S>.zeros(like: wx), Tensor<S>.zeros(like: wh))
                var (db, dbh) = (Tensor<S>.zeros(like: b), Tensor<S>.zeros(like: bh))
                for step in (0..<t).reversed() {
                    let g = try steps[step](dh[..., step])
                    dx[..., step] = g.dx
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dbh += g.dbh
                    dh0 = g.dPrevH
                }
                return (dx, dh0, dWx, dWh, db, dbh)
            }
        )
    }
}

/// h[:, t] = prev_h, then prev_h = next_h.
struct GRUForwardStoresPreviousState: DelegatesToSolutions {
    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t, hidden)
        var previousH = h0
        for step in 0..<t {
            h[..., step] = previousH
            previousH = try gruStepForward(
                x: x[..., step], prevH: previousH, wx: wx, wh: wh,
                b: b, bh: bh
            ).nextH
        }
        let solution = try LearnerAssignment().gru(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
        return (h, solution.backward)
    }
}
