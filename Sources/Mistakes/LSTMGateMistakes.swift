import Solutions
import Tensor

import typealias Given.LSTMStepGradients
import typealias Given.SequenceGradients

/// LSTM mistakes confined to one gate block (i, f, o, g), gradients clipped at ±5 (right
/// until a gradient exceeds 5), and loops that lose or reverse time.
enum LSTMGateMistakes {
    static let all: [Mistake] = [
        Mistake(
            "lstm-step-g-gate-sigmoid-derivative",
            "lstm_step_backward takes the g gate's derivative as g(1 − g), as for the "
                + "sigmoid gates, though g is a tanh",
            catchBy: ["lstmStepBackward"], diagnosis: .wrongGateBlock,
            LSTMGateFlawed(flaw: .gSigmoidDerivative)),
        Mistake(
            "lstm-step-f-gate-tanh-derivative",
            "lstm_step_backward takes the forget gate's derivative as 1 − f², as if f were "
                + "a tanh",
            catchBy: ["lstmStepBackward"], diagnosis: .wrongGateBlock,
            LSTMGateFlawed(flaw: .fTanhDerivative)),
        Mistake(
            "lstm-step-o-gate-without-tanh",
            "lstm_step_backward computes do = dnext_h ⊙ next_c, forgetting the tanh of "
                + "next_h = o ⊙ tanh(next_c)",
            catchBy: ["lstmStepBackward"], diagnosis: .wrongGateBlock,
            LSTMGateFlawed(flaw: .oWithoutTanh)),
        Mistake(
            "lstm-step-i-gate-times-i",
            "lstm_step_backward computes di = dc ⊙ i instead of dc ⊙ g",
            catchBy: ["lstmStepBackward"], diagnosis: .wrongGateBlock,
            LSTMGateFlawed(flaw: .iTimesI)),
        Mistake(
            "lstm-step-gradients-clipped",
            "lstm_step_backward clips every gradient to [−5, 5] (\"against exploding "
                + "gradients\"): right while no gradient exceeds 5",
            catchBy: ["lstmStepBackward"], diagnosis: .clipped,
            LSTMGateFlawed(flaw: .clipped)),
        Mistake(
            "lstm-backward-gradients-clipped",
            "lstm_backward clips dx, dh0, dWx, dWh and db to [−5, 5] before returning them",
            catchBy: ["lstmBackward"], diagnosis: .clipped, LSTMBackwardClipped()),
        Mistake(
            "lstm-backward-no-hidden-gradient-between-steps",
            "lstm_backward carries dprev_c to the step before but feeds it only dh[:, t], "
                + "not dprev_h",
            catchBy: ["lstmBackward"], diagnosis: .onlyLastStepRight,
            LSTMBackwardDropsHiddenGradient()),
        Mistake(
            "lstm-forward-prepends-states",
            "lstm_forward collects the hidden states with hs.insert(0, h) instead of "
                + "append: h runs from the last step to the first",
            catchBy: ["lstmForward", "lstmBackward"], diagnosis: .reversedTime,
            LSTMForwardPrependsStates()),
    ]
}

/// Clamps every element to [−5, 5].
func clippedAtFive<S: TensorScalar>(_ t: Tensor<S>) -> Tensor<S> {
    t.map { Swift.min(Swift.max($0, -5), 5) }
}

/// What a flawed `LSTMGateFlawed` step gets wrong.
enum LSTMGateFlaw: Sendable {
    case gSigmoidDerivative, fTanhDerivative, oWithoutTanh, iTimesI, clipped
}

/// The learner's LSTM step (forward right) with one flaw in its backward pass.
struct LSTMGateFlawed: DelegatesToSolutions {
    let flaw: LSTMGateFlaw

    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        let s = LearnerLSTMStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
        return (
            s.nextH, s.nextC,
            { dNextH, dNextC in
                let tanhC = s.nextC.tanh()
                let dO = dNextH * (flaw == .oWithoutTanh ? s.nextC : tanhC)
                let dc = dNextC + dNextH * s.o * (1 - tanhC.squared())
                let (dF, dI, dG) = (dc * s.prevC, dc * (flaw == .iTimesI ? s.i : s.g), dc * s.i)
                let g = s.gradients(
                    dAI: dI * s.i * (1 - s.i),
                    dAF: dF * (flaw == .fTanhDerivative ? 1 - s.f.squared() : s.f * (1 - s.f)),
                    dAO: dO * s.o * (1 - s.o),
                    dAG: dG * (flaw == .gSigmoidDerivative ? s.g * (1 - s.g) : 1 - s.g.squared()),
                    dPrevC: dc * s.f)
                guard flaw == .clipped else { return g }
                return (
                    clippedAtFive(g.dx), clippedAtFive(g.dPrevH), clippedAtFive(g.dPrevC),
                    clippedAtFive(g.dWx), clippedAtFive(g.dWh), clippedAtFive(g.db)
                )
            }
        )
    }
}

/// The solution's lstm_backward, clipped.
struct LSTMBackwardClipped: DelegatesToSolutions {
    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, cache) = try lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                let g = try lstmBackward(dh: dh, cache: cache)
                return (
                    clippedAtFive(g.dx), clippedAtFive(g.dh0), clippedAtFive(g.dWx),
                    clippedAtFive(g.dWh), clippedAtFive(g.db)
                )
            }
        )
    }
}

/// lstm_step_backward(dh[:, t], dnext_c, …): the hidden-state gradient from step t + 1 is
/// dropped, the cell's is carried.
struct LSTMBackwardDropsHiddenGradient: DelegatesToSolutions {
    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        let (h, steps) = try lstmForwardKeepingSteps(
            x: x, h0: h0, c0: Tensor.zeros(like: h0),
            wx: wx, wh: wh, b: b)
        return (
            h,
            { dh in
                var (dx, dWx, dWh, db) = (
                    Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: wx),
                    Tensor<S>.zeros(like: wh), Tensor<S>.zeros(like: b)
                )
                var (dh0, dNextC) = (Tensor<S>.zeros(like: h0), Tensor<S>.zeros(like: h0))
                for step in steps.indices.reversed() {
                    let g = try lstmStepBackward(
                        dNextH: dh[..., step], dNextC: dNextC,
                        cache: steps[step])
                    dx[..., step] = g.dx
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    (dh0, dNextC) = (g.dPrevH, g.dPrevC)
                }
                return (dx, dh0, dWx, dWh, db)
            }
        )
    }
}

/// hs.insert(0, next_h) at every step, then stack(hs, axis=1).
struct LSTMForwardPrependsStates: DelegatesToSolutions {
    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        var states: [Tensor<S>] = []
        var (previousH, previousC) = (h0, Tensor<S>.zeros(like: h0))
        for step in 0..<x.shape[1] {
            let next = try lstmStepForward(
                x: x[..., step], prevH: previousH, prevC: previousC,
                wx: wx, wh: wh, b: b)
            states.insert(next.nextH, at: 0)
            (previousH, previousC) = (next.nextH, next.nextC)
        }
        let solution = try LearnerAssignment().lstm(x: x, h0: h0, wx: wx, wh: wh, b: b)
        return (Tensor.stacked(states, alongAxis: 1), solution.backward)
    }
}
