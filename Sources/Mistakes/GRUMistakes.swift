import Solutions
import Tensor
import typealias Reference.GRUSequenceGradients
import typealias Reference.GRUStepGradients

/// Mistakes in `gru_step_forward/backward` and `gru_forward/backward` (the GRU exercise).
enum GRUMistakes {
    static let all: [Mistake] = [
        Mistake("gru-gates-zr-swapped",
                "gru_step reads the update gate z from the first block of a and the reset gate "
                    + "r from the second: [z | r | n] instead of [r | z | n]",
                catchBy: ["gruStepForward", "gruStepBackward"], GRUGatesSwapped()),
        Mistake("gru-step-hidden-bias-gradient-missing",
                "gru_step_backward returns zeros for dbh, the hidden-side bias inside r ⊙ (…)",
                catchBy: ["gruStepBackward"], GRUStepHiddenBiasGradientMissing()),
        Mistake("gru-backward-hidden-bias-gradient-missing",
                "gru_backward accumulates db but returns zeros for dbh",
                catchBy: ["gruBackward"], GRUSequenceHiddenBiasGradientMissing()),
    ]
}

/// Swaps the first two H-wide blocks (r and z) of the last axis.
private func swappingRZ<S: TensorScalar>(_ t: Tensor<S>) -> Tensor<S> {
    let h = t.shape[t.rank - 1] / 3
    if t.rank == 1 {
        return Tensor.concatenated([t.reshaped(1, 3 * h)[..., h..<(2 * h)],
                                    t.reshaped(1, 3 * h)[..., 0..<h],
                                    t.reshaped(1, 3 * h)[..., (2 * h)...]], alongAxis: 1)
            .reshaped(3 * h)
    }
    return Tensor.concatenated([t[..., h..<(2 * h)], t[..., 0..<h], t[..., (2 * h)...]],
                               alongAxis: 1)
}

/// The learner's split [z | r | n] is the correct GRU applied to weights whose r and z
/// blocks are swapped; its backward is that GRU's, mapped back to the learner's layout,
/// so the mistake is self-consistent (numeric gradients agree) and only the fixtures tell.
struct GRUGatesSwapped: DelegatesToSolutions {
    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>) {
        let (nextH, backward) = try LearnerAssignment().gruStep(
            x: x, prevH: prevH, wx: swappingRZ(wx), wh: swappingRZ(wh), b: swappingRZ(b),
            bh: swappingRZ(bh))
        return (nextH, { dNextH in
            let g = try backward(dNextH)
            return (g.dx, g.dPrevH, swappingRZ(g.dWx), swappingRZ(g.dWh), swappingRZ(g.db),
                    swappingRZ(g.dbh))
        })
    }
}

struct GRUStepHiddenBiasGradientMissing: DelegatesToSolutions {
    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>) {
        let (nextH, backward) = try LearnerAssignment().gruStep(
            x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh)
        return (nextH, { dNextH in
            let g = try backward(dNextH)
            return (g.dx, g.dPrevH, g.dWx, g.dWh, g.db, Tensor.zeros(like: bh))
        })
    }
}

struct GRUSequenceHiddenBiasGradientMissing: DelegatesToSolutions {
    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (h, backward) = try LearnerAssignment().gru(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
        return (h, { dh in
            let g = try backward(dh)
            return (g.dx, g.dh0, g.dWx, g.dWh, g.db, Tensor.zeros(like: bh))
        })
    }
}
