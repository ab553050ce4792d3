import Solutions
import Tensor

import protocol Given.CaptioningModel
import enum Given.CellType
import typealias Given.GRUSequenceGradients
import typealias Given.GRUStepGradients

/// Mistakes in `gru_step_forward/backward` and `gru_forward/backward` (the GRU exercise).
enum GRUMistakes {
    static let all: [Mistake] = [
        Mistake(
            "gru-gates-zr-swapped",
            "gru_step reads the update gate z from the first block of a and the reset gate "
                + "r from the second: [z | r | n] instead of [r | z | n]",
            catchBy: ["gruStepForward", "gruStepBackward"], diagnosis: .wrongGateBlock,
            GRUGatesSwapped()),
        Mistake(
            "gru-step-hidden-bias-gradient-missing",
            "gru_step_backward returns zeros for dbh, the hidden-side bias inside r ⊙ (…)",
            catchBy: ["gruStepBackward"], diagnosis: .scaleFactor,
            GRUStepHiddenBiasGradientMissing()),
        Mistake(
            "gru-backward-hidden-bias-gradient-missing",
            "gru_backward accumulates db but returns zeros for dbh",
            catchBy: ["gruBackward"], diagnosis: .scaleFactor,
            GRUSequenceHiddenBiasGradientMissing()),
        Mistake(
            "gru-forward-restarts-from-h0",
            "gru_forward feeds h0 into every step instead of the previous hidden state",
            catchBy: ["gruForward", "gruBackward"], diagnosis: .wrongTimeSteps,
            GRUForwardRestartsFromH0()),
        Mistake(
            "gru-sample-returns-start",
            "sample (gru model) returns <START> as the first word",
            catchBy: ["captioningSampleGRU"], diagnosis: .wrongSampleTokens,
            GRUSampleReturnsStart()),
    ]
}

/// Swaps the first two H-wide blocks (r and z) of the last axis.
private func swappingRZ<S: TensorScalar>(_ t: Tensor<S>) -> Tensor<S> {
    let h = t.shape[t.rank - 1] / 3
    if t.rank == 1 {
        return Tensor.concatenated(
            [
                t.reshaped(1, 3 * h)[..., h..<(2 * h)],
                t.reshaped(1, 3 * h)[..., 0..<h],
                t.reshaped(1, 3 * h)[..., (2 * h)...],
            ], alongAxis: 1
        )
        .reshaped(3 * h)
    }
    return Tensor.concatenated(
        [t[..., h..<(2 * h)], t[..., 0..<h], t[..., (2 * h)...]],
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
        return (
            nextH,
            { dNextH in
                let g = try backward(dNextH)
                return (
                    g.dx, g.dPrevH, swappingRZ(g.dWx), swappingRZ(g.dWh), swappingRZ(g.db),
                    swappingRZ(g.dbh)
                )
            }
        )
    }
}

struct GRUStepHiddenBiasGradientMissing: DelegatesToSolutions {
    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (_ dNextH: Tensor<S>) throws -> GRUStepGradients<S>) {
        let (nextH, backward) = try LearnerAssignment().gruStep(
            x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh)
        return (
            nextH,
            { dNextH in
                let g = try backward(dNextH)
                return (g.dx, g.dPrevH, g.dWx, g.dWh, g.db, Tensor.zeros(like: bh))
            }
        )
    }
}

struct GRUSequenceHiddenBiasGradientMissing: DelegatesToSolutions {
    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (h, backward) = try LearnerAssignment().gru(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
        return (
            h,
            { dh in
                let g = try backward(dh)
                return (g.dx, g.dh0, g.dWx, g.dWh, g.db, Tensor.zeros(like: bh))
            }
        )
    }
}

/// gru_forward feeds h0 into every step instead of the previous step's output (the loop
/// variable is never updated); its backward is consistent with that forward.
struct GRUForwardRestartsFromH0: DelegatesToSolutions {
    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (_ dh: Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (n, t, hidden) = (x.shape[0], x.shape[1], h0.shape[1])
        var h = Tensor<S>.zeros(n, t, hidden)
        var steps: [(Tensor<S>) throws -> GRUStepGradients<S>] = []
        for step in 0..<t {
            let (next, backward) = try LearnerAssignment().gruStep(
                x: x[..., step], prevH: h0, wx: wx, wh: wh, b: b, bh: bh)
            h[..., step] = next
            steps.append(backward)
        }
        return (
            h,
            { dh in
                var (dx, dh0) = (Tensor<S>.zeros(like: x), Tensor<S>.zeros(like: h0))
                var (dWx, dWh) = (Tensor<S>.zeros(like: wx), Tensor<S>.zeros(like: wh))
                var (db, dbh) = (Tensor<S>.zeros(like: b), Tensor<S>.zeros(like: bh))
                for step in 0..<t {
                    let g = try steps[step](dh[..., step])
                    dx[..., step] = g.dx
                    dh0 += g.dPrevH
                    dWx += g.dWx
                    dWh += g.dWh
                    db += g.db
                    dbh += g.dbh
                }
                return (dx, dh0, dWx, dWh, db, dbh)
            }
        )
    }
}

/// sample writes <START> into column 0 and the generated words after it, for a GRU model.
struct GRUSampleReturnsStart: DelegatesToSolutions {
    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        let model = try CaptioningRNN<S>(
            wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed)
        // The rnn and lstm versions of this mistake are in CaptioningMistakes.
        return cellType == .gru ? StartFirstModel(base: model) : model
    }
}

/// The solution's model whose samples begin with <START>.
struct StartFirstModel<S: TensorScalar>: CaptioningModel {
    var base: CaptioningRNN<S>

    var params: [String: Tensor<S>] {
        get { base.params }
        set { base.params = newValue }
    }

    var wordToIdx: [String: Int] { base.wordToIdx }

    func loss(
        features: Tensor<S>, captions: Tensor<Int>
    ) throws
        -> (loss: S, gradients: [String: Tensor<S>])
    {
        try base.loss(features: features, captions: captions)
    }

    func sample(features: Tensor<S>, maxLength: Int) throws -> Tensor<Int> {
        var words = try base.sample(features: features, maxLength: maxLength)
        guard maxLength > 0, let start = base.startIndex else { return words }
        if maxLength > 1 { words[..., 1...] = words[..., ..<(maxLength - 1)] }
        words[..., 0] = Tensor(repeating: start, shape: [features.shape[0]])
        return words
    }
}
