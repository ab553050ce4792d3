import Solutions
import Tensor

import enum Given.CaptioningError
import protocol Given.CaptioningModel
import enum Given.CellType
import typealias Given.SequenceGradients
import func Given.affineBackward
import func Given.affineForward
import func Given.temporalAffineBackward
import func Given.temporalAffineForward
import func Given.temporalSoftmaxLoss

/// Mistakes in `CaptioningRNN.loss` and `CaptioningRNN.sample`.
enum CaptioningMistakes {
    static let bothCells = ["RNN", "LSTM"]

    static func checks(_ kinds: String...) -> [String] {
        kinds.flatMap { kind in bothCells.map { "captioning\(kind)\($0)" } }
    }

    static let all: [Mistake] = [
        Mistake(
            "features-ignored-in-loss",
            "loss computes h0 from features * 0 (a leftover debugging line): the model "
                + "trains without seeing the image",
            catchBy: ["RNN", "LSTM", "GRU"].flatMap {
                [
                    "captioningLoss\($0)",
                    "captioningGradients\($0)",
                ]
            },
            diagnosis: .elementwise,
            FeaturesIgnoredInLoss()),
        Mistake(
            "captions-shifted-wrong-way",
            "loss feeds captions[:, 1:] in and predicts captions[:, :-1]",
            catchBy: checks("Loss", "Gradients"), diagnosis: .elementwise,
            ModelMistake(.captionsShiftedWrongWay)),
        Mistake(
            "mask-from-captions-in",
            "loss builds the mask from captions_in instead of captions_out",
            catchBy: checks("Loss"), diagnosis: .elementwise,
            ModelMistake(.maskFromCaptionsIn)),
        Mistake(
            "mask-ignored", "loss passes an all-true mask: <NULL> targets count",
            catchBy: checks("Loss"), diagnosis: .elementwise, ModelMistake(.maskIgnored)),
        Mistake(
            "h0-zeros", "loss and sample start from h0 = 0, not from the image features",
            catchBy: checks("Loss", "Sample"), diagnosis: .elementwise, ModelMistake(.h0Zeros)),
        Mistake(
            "loss-averaged-over-nt",
            "loss divides by T again (the softmax loss already averages over N): loss / T",
            catchBy: checks("Loss"), diagnosis: .scaleFactor, ModelMistake(.lossDividedByT)),
        Mistake(
            "forgot-b-proj", "h0 = features · W_proj, without + b_proj",
            catchBy: checks("Loss", "Gradients"), diagnosis: .elementwise,
            ModelMistake(.forgotBProj)),
        Mistake(
            "w-vocab-gradient-transposed",
            "the gradient of W_vocab is computed as dscoresᵀ · h, (V, H) instead of (H, V)",
            catchBy: checks("Gradients"), diagnosis: .transposed,
            ModelMistake(.vocabularyGradientTransposed)),
        Mistake(
            "b-vocab-gradient-missing",
            "grads has no entry \"b_vocab\" (the learner forgot the bias gradient)",
            catchBy: checks("Gradients"), diagnosis: .shapeMismatch,
            ModelMistake(.vocabularyBiasGradientMissing)),
        Mistake(
            "w-embed-gradient-zeros",
            "grads[\"W_embed\"] is zeros of the right shape (embedding backward not called)",
            catchBy: checks("Gradients"), diagnosis: .scaleFactor,
            ModelMistake(.embeddingGradientZeros)),
        Mistake(
            "sample-returns-start",
            "sample writes <START> in column 0, so every word is one column late",
            catchBy: checks("Sample"), diagnosis: .wrongSampleTokens,
            ModelMistake(.sampleReturnsStart)),
        Mistake(
            "sample-never-updates-word",
            "sample feeds <START> at every step instead of the word it just chose",
            catchBy: checks("Sample"), diagnosis: .wrongSampleTokens,
            ModelMistake(.sampleNeverUpdatesWord)),
        Mistake(
            "sample-not-carrying-hidden-state",
            "sample starts every step from h0 instead of the previous hidden state",
            catchBy: checks("Sample"), diagnosis: .wrongSampleTokens,
            ModelMistake(.sampleNotCarryingHiddenState)),
        Mistake(
            "sample-scores-from-previous-hidden-state",
            "sample scores the words with the hidden state from before the step",
            catchBy: checks("Sample"), diagnosis: .wrongSampleTokens,
            ModelMistake(.sampleScoresFromPreviousState)),
        Mistake(
            "sample-lstm-cell-reset",
            "sample (lstm) gives every step c = 0 instead of carrying the cell state",
            catchBy: ["captioningSampleLSTM"], diagnosis: .wrongSampleTokens,
            ModelMistake(.sampleCellReset)),
    ]
}

/// The one thing a `MistakenCaptioningRNN` does differently from the solution (a
/// mistake, except `sampleStopsAtEnd`, which the original allows).
enum ModelFlaw: Sendable {
    case sampleStopsAtEnd
    case captionsShiftedWrongWay, maskFromCaptionsIn, maskIgnored, h0Zeros, lossDividedByT
    case forgotBProj, vocabularyGradientTransposed, vocabularyBiasGradientMissing
    case embeddingGradientZeros
    case sampleReturnsStart, sampleNeverUpdatesWord, sampleNotCarryingHiddenState
    case sampleScoresFromPreviousState, sampleCellReset
    // The mistakes of ModelGradientMistakes and SamplingMistakes.
    case maskHardCodedZero, dScoresDividedByNAgain, dScoresDividedByT
    case nullRowOfEmbeddingGradientZeroed, embeddingGradientAssigned
    case vocabularyBiasGradientNegated, projectionGradientTransposed
    case startHardCodedOne, neverEmitsStartOrNull, noThrowWithoutStart
}

/// The solution's layers with a `CaptioningRNN` whose loss or sample has one flaw.
struct ModelMistake: DelegatesToSolutions {
    let flaw: ModelFlaw

    init(_ flaw: ModelFlaw) { self.flaw = flaw }

    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        // The model mistakes are written for rnn and lstm; a gru model is the solution's.
        guard cellType != .gru else {
            return try CaptioningRNN<S>(
                wordToIdx: wordToIdx, inputDim: inputDim,
                wordvecDim: wordvecDim, hiddenDim: hiddenDim,
                cellType: cellType, seed: seed)
        }
        return MistakenCaptioningRNN(
            base: try CaptioningRNN<S>(
                wordToIdx: wordToIdx, inputDim: inputDim,
                wordvecDim: wordvecDim, hiddenDim: hiddenDim,
                cellType: cellType, seed: seed),
            flaw: flaw)
    }
}

/// The solution's `CaptioningRNN` (its parameters and initialisation), with `loss` and
/// `sample` rewritten the way the learner did, flaw included.
struct MistakenCaptioningRNN<S: TensorScalar>: CaptioningModel {
    var base: CaptioningRNN<S>
    let flaw: ModelFlaw

    var params: [String: Tensor<S>] {
        get { base.params }
        set { base.params = newValue }
    }

    var wordToIdx: [String: Int] { base.wordToIdx }

    func parameter(_ name: String) throws -> Tensor<S> {
        guard let value = base.params[name] else {
            throw CaptioningError.malformedParameter("\(name) is missing")
        }
        return value
    }

    /// h0 from the image, as the learner wrote it.
    func initialHidden(
        _ features: Tensor<S>
    ) throws
        -> (h0: Tensor<S>, backward: (Tensor<S>) -> (dw: Tensor<S>, db: Tensor<S>))
    {
        let (wProj, bProj) = (try parameter("W_proj"), try parameter("b_proj"))
        switch flaw {
        case .h0Zeros:
            let h0 = Tensor<S>.zeros(features.shape[0], base.hiddenDim)
            return (h0, { _ in (Tensor.zeros(like: wProj), Tensor.zeros(like: bProj)) })
        case .forgotBProj:
            let h0 = features.matmul(wProj)
            return (h0, { dh0 in (features.transposedMatmul(dh0), dh0.sum(alongAxes: 0)) })
        default:
            let (h0, cache) = affineForward(x: features, w: wProj, b: bProj)
            return (
                h0,
                { dh0 in
                    let g = affineBackward(dout: dh0, cache: cache)
                    return (g.dw, g.db)
                }
            )
        }
    }

    func loss(
        features: Tensor<S>, captions: Tensor<Int>
    ) throws
        -> (loss: S, gradients: [String: Tensor<S>])
    {
        let t = captions.shape[1] - 1
        var (captionsIn, captionsOut) = (captions[..., ..<t], captions[..., 1...])
        if flaw == .captionsShiftedWrongWay {
            (captionsIn, captionsOut) = (captions[..., 1...], captions[..., ..<t])
        }
        var mask = captionsOut .!= base.nullIndex
        if flaw == .maskFromCaptionsIn { mask = captionsIn .!= base.nullIndex }
        if flaw == .maskIgnored { mask = Tensor(repeating: true, shape: captionsOut.shape) }
        if flaw == .maskHardCodedZero { mask = captionsOut .!= 0 }

        let (h0, projectionBackward) = try initialHidden(features)
        let (embedded, embeddingCache) = try wordEmbeddingForward(
            x: captionsIn, w: try parameter("W_embed"))
        let (wx, wh, b) = (try parameter("Wx"), try parameter("Wh"), try parameter("b"))
        let hidden: Tensor<S>
        let recurrentBackward: (Tensor<S>) throws -> SequenceGradients<S>
        switch base.cellType {
        case .rnn:
            let (h, cache) = try rnnForward(x: embedded, h0: h0, wx: wx, wh: wh, b: b)
            (hidden, recurrentBackward) = (h, { try rnnBackward(dh: $0, cache: cache) })
        case .lstm, .gru:  // gru models never reach here (see ModelMistake)
            let (h, cache) = try lstmForward(x: embedded, h0: h0, wx: wx, wh: wh, b: b)
            (hidden, recurrentBackward) = (h, { try lstmBackward(dh: $0, cache: cache) })
        }
        let (scores, vocabularyCache) = temporalAffineForward(
            x: hidden, w: try parameter("W_vocab"), b: try parameter("b_vocab"))
        var (loss, dScores) = temporalSoftmaxLoss(x: scores, y: captionsOut, mask: mask)
        if flaw == .lossDividedByT {
            loss /= S(t)
            dScores = dScores / S(t)
        }
        if flaw == .dScoresDividedByNAgain { dScores = dScores / S(captions.shape[0]) }
        if flaw == .dScoresDividedByT { dScores = dScores / S(t) }

        var gradients: [String: Tensor<S>] = [:]
        let vocabulary = temporalAffineBackward(dout: dScores, cache: vocabularyCache)
        gradients["W_vocab"] = vocabulary.dw
        if flaw == .vocabularyGradientTransposed {
            let h2 = hidden.reshaped(hidden.shape[0] * t, base.hiddenDim)
            let d2 = dScores.reshaped(dScores.shape[0] * t, base.vocabSize)
            gradients["W_vocab"] = d2.transposedMatmul(h2)
        }
        if flaw != .vocabularyBiasGradientMissing { gradients["b_vocab"] = vocabulary.db }
        if flaw == .vocabularyBiasGradientNegated { gradients["b_vocab"] = S(0) - vocabulary.db }
        let recurrent = try recurrentBackward(vocabulary.dx)
        (gradients["Wx"], gradients["Wh"], gradients["b"]) =
            (recurrent.dWx, recurrent.dWh, recurrent.db)
        gradients["W_embed"] =
            flaw == .embeddingGradientZeros
            ? Tensor.zeros(like: try parameter("W_embed"))
            : try wordEmbeddingBackward(dout: recurrent.dx, cache: embeddingCache)
        (gradients["W_proj"], gradients["b_proj"]) = projectionBackward(recurrent.dh0)
        if flaw == .projectionGradientTransposed {
            gradients["W_proj"] = recurrent.dh0.transposedMatmul(features)
        }
        if flaw == .nullRowOfEmbeddingGradientZeroed, var embed = gradients["W_embed"] {
            embed[base.nullIndex] = Tensor.zeros(base.wordvecDim)
            gradients["W_embed"] = embed
        }
        if flaw == .embeddingGradientAssigned {
            // dW_embed[captions_in] = dx: each repeated word keeps its last position only.
            var embed = Tensor<S>.zeros(like: try parameter("W_embed"))
            let rows = recurrent.dx.reshaped(captionsIn.count, base.wordvecDim)
            for (position, word) in captionsIn.scalars.enumerated() { embed[word] = rows[position] }
            gradients["W_embed"] = embed
        }
        return (loss, gradients)
    }

    func sample(features: Tensor<S>, maxLength: Int) throws -> Tensor<Int> {
        let start: Int
        switch flaw {
        case .startHardCodedOne: start = 1
        case .noThrowWithoutStart: start = base.startIndex ?? base.nullIndex
        default:
            guard let index = base.startIndex else { throw CaptioningError.missingToken("<START>") }
            start = index
        }
        let n = features.shape[0]
        let (wEmbed, wx, wh, b) = (
            try parameter("W_embed"), try parameter("Wx"),
            try parameter("Wh"), try parameter("b")
        )
        let (wVocab, bVocab) = (try parameter("W_vocab"), try parameter("b_vocab"))
        var captions = Tensor<Int>(repeating: base.nullIndex, shape: [n, maxLength])
        let h0 = try initialHidden(features).h0
        var h = h0
        var c = Tensor<S>.zeros(n, base.hiddenDim)
        var words = Tensor<Int>(repeating: start, shape: [n])
        var column = 0
        if flaw == .sampleReturnsStart, maxLength > 0 {
            captions[..., 0] = words
            column = 1
        }
        for _ in 0..<maxLength {
            let x = wEmbed[
                rows: flaw == .sampleNeverUpdatesWord
                    ? Tensor<Int>(repeating: start, shape: [n]) : words]
            let previous = h
            let prevH = flaw == .sampleNotCarryingHiddenState ? h0 : h
            let prevC = flaw == .sampleCellReset ? Tensor<S>.zeros(n, base.hiddenDim) : c
            switch base.cellType {
            case .rnn:
                h = try rnnStepForward(x: x, prevH: prevH, wx: wx, wh: wh, b: b).nextH
            case .lstm, .gru:  // gru models never reach here (see ModelMistake)
                let next = try lstmStepForward(
                    x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh,
                    b: b)
                (h, c) = (next.nextH, next.nextC)
            }
            let scoring = flaw == .sampleScoresFromPreviousState ? previous : h
            var scores = affineForward(x: scoring, w: wVocab, b: bVocab).out
            if flaw == .neverEmitsStartOrNull {
                // "Tokens are not words": <START> and <NULL> can never be chosen.
                for row in 0..<n {
                    for token in [start, base.nullIndex] {
                        scores[flat: row * base.vocabSize + token] = -S.greatestFiniteMagnitude
                    }
                }
            }
            words = scores.argmax(alongAxis: 1)
            if column < maxLength { captions[..., column] = words }
            column += 1
            if flaw == .sampleStopsAtEnd, let end = base.endIndex {
                // Captions that ended keep <NULL> from here on; stop once all have.
                for row in 0..<n where (0..<column).contains(where: { captions[row, $0] == end }) {
                    if column < maxLength { captions[row, column] = base.nullIndex }
                }
                let finished = (0..<n).allSatisfy { row in
                    (0..<min(column, maxLength)).contains { captions[row, $0] == end }
                }
                if finished { break }
            }
        }
        return captions
    }
}
