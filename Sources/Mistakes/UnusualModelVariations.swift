import Solutions
import Tensor

import enum Given.CaptioningError
import protocol Given.CaptioningModel
import enum Given.CellType
import func Given.temporalAffineBackward
import func Given.temporalAffineForward
import func Given.temporalSoftmaxLoss

/// Correct `CaptioningRNN`s written another way than the solution, for every cell type.
enum UnusualModelVariations {
    static let all: [Variation] = [
        Variation(
            id: "model-own-softmax-loss",
            description: "loss computes the masked softmax loss itself (log-sum-exp per "
                + "position, summed over time, divided by N) instead of calling "
                + "temporal_softmax_loss",
            implementation: UnusualModel(style: .ownSoftmaxLoss)),
        Variation(
            id: "model-one-hot-embedding-gradient",
            description: "loss computes dW_embed as one_hot(captions_in)ᵀ · dx",
            implementation: UnusualModel(style: .oneHotEmbeddingGradient)),
        Variation(
            id: "sample-loop-argmax-stops-at-end",
            description: "sample picks each word with an explicit loop (first maximum "
                + "wins), stops each caption at <END> and pads it with <NULL>, for every "
                + "cell type",
            implementation: UnusualModel(style: .loopArgmaxStopsAtEnd)),
    ]
}

/// How an `UnusualModel` differs from the solution's model.
enum UnusualModelStyle: Sendable {
    case ownSoftmaxLoss, oneHotEmbeddingGradient, loopArgmaxStopsAtEnd
}

/// The solution's layers with a model written in `style`.
struct UnusualModel: DelegatesToSolutions {
    let style: UnusualModelStyle

    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        UnusualCaptioningRNN(
            base: try CaptioningRNN<S>(
                wordToIdx: wordToIdx, inputDim: inputDim,
                wordvecDim: wordvecDim, hiddenDim: hiddenDim,
                cellType: cellType, seed: seed),
            style: style)
    }
}

/// The solution's model with its loss or sample rewritten.
struct UnusualCaptioningRNN<S: TensorScalar>: CaptioningModel {
    var base: CaptioningRNN<S>
    let style: UnusualModelStyle

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
        guard style != .loopArgmaxStopsAtEnd else {
            return try base.loss(features: features, captions: captions)
        }
        // The solution's loss computes everything but what this style changes; the
        // changed parts are recomputed from the same forward pass.
        var (loss, gradients) = try base.loss(features: features, captions: captions)
        let t = captions.shape[1] - 1
        let (captionsIn, captionsOut) = (captions[..., ..<t], captions[..., 1...])
        let mask = captionsOut .!= base.nullIndex
        let (hidden, recurrentBackward) = try recurrentPass(
            features: features,
            captionsIn: captionsIn)
        guard let wVocab = base.params["W_vocab"], let bVocab = base.params["b_vocab"] else {
            throw CaptioningError.malformedParameter("W_vocab or b_vocab is missing")
        }
        let (scores, cache) = temporalAffineForward(x: hidden, w: wVocab, b: bVocab)
        switch style {
        case .ownSoftmaxLoss:
            let (own, dScores) = Self.softmaxLoss(scores, targets: captionsOut, mask: mask)
            let vocabulary = temporalAffineBackward(dout: dScores, cache: cache)
            (loss, gradients["W_vocab"], gradients["b_vocab"]) = (own, vocabulary.dw, vocabulary.db)
        case .oneHotEmbeddingGradient:
            let dScores = temporalSoftmaxLoss(x: scores, y: captionsOut, mask: mask).dx
            let dHidden = temporalAffineBackward(dout: dScores, cache: cache).dx
            let dEmbedded = try recurrentBackward(dHidden)
            let oneHot = Tensor<S>.oneHot(captionsIn, depth: base.vocabSize)
                .reshaped(captionsIn.count, base.vocabSize)
            gradients["W_embed"] = oneHot.transposedMatmul(
                dEmbedded.reshaped(captionsIn.count, base.wordvecDim))
        case .loopArgmaxStopsAtEnd:
            break
        }
        return (loss, gradients)
    }

    /// Σ over unmasked positions of −log softmax(scores)[target], divided by N, and its
    /// gradient, one position at a time.
    static func softmaxLoss(
        _ scores: Tensor<S>, targets: Tensor<Int>, mask: Tensor<Bool>
    )
        -> (S, Tensor<S>)
    {
        let (n, v) = (scores.shape[0], scores.shape[2])
        var gradient = Tensor<S>.zeros(like: scores)
        var total = S(0)
        for position in 0..<targets.count where mask.scalars[position] {
            let row = (0..<v).map { scores[flat: position * v + $0] }
            let largest = row.max() ?? 0
            let exps = row.map { S.exp($0 - largest) }
            let sum = exps.reduce(0, +)
            let target = targets.scalars[position]
            total += S.log(sum) - (row[target] - largest)
            for word in 0..<v {
                gradient[flat: position * v + word] =
                    (exps[word] / sum - (word == target ? 1 : 0)) / S(n)
            }
        }
        return (total / S(n), gradient)
    }

    /// The recurrent layer's forward pass and, for `dHidden`, the gradient of its input.
    func recurrentPass(
        features: Tensor<S>, captionsIn: Tensor<Int>
    )
        throws -> (hidden: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>)
    {
        let p = base.params
        guard let wProj = p["W_proj"], let bProj = p["b_proj"], let wEmbed = p["W_embed"],
            let wx = p["Wx"], let wh = p["Wh"], let b = p["b"]
        else {
            throw CaptioningError.malformedParameter("a parameter is missing")
        }
        let h0 = features.matmul(wProj) + bProj
        let x = wEmbed[rows: captionsIn]
        switch base.cellType {
        case .rnn:
            let (h, cache) = try rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
            return (h, { try rnnBackward(dh: $0, cache: cache).dx })
        case .lstm:
            let (h, cache) = try lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
            return (h, { try lstmBackward(dh: $0, cache: cache).dx })
        case .gru:
            guard let bh = p["bh"] else {
                throw CaptioningError.malformedParameter("bh is missing")
            }
            let (h, cache) = try gruForward(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
            return (h, { try gruBackward(dh: $0, cache: cache).dx })
        }
    }

    func sample(features: Tensor<S>, maxLength: Int) throws -> Tensor<Int> {
        guard style == .loopArgmaxStopsAtEnd else {
            return try base.sample(features: features, maxLength: maxLength)
        }
        guard let start = base.startIndex else { throw CaptioningError.missingToken("<START>") }
        let p = base.params
        guard let wProj = p["W_proj"], let bProj = p["b_proj"], let wEmbed = p["W_embed"],
            let wx = p["Wx"], let wh = p["Wh"], let b = p["b"], let wVocab = p["W_vocab"],
            let bVocab = p["b_vocab"]
        else {
            throw CaptioningError.malformedParameter("a parameter is missing")
        }
        let (n, v) = (features.shape[0], base.vocabSize)
        var captions = Tensor<Int>(repeating: base.nullIndex, shape: [n, maxLength])
        var h = features.matmul(wProj) + bProj
        var c = Tensor<S>.zeros(like: h)
        var words = [Int](repeating: start, count: n)
        var ended = [Bool](repeating: false, count: n)
        for column in 0..<maxLength where !ended.allSatisfy({ $0 }) {
            let x = wEmbed[rows: Tensor(words)]
            switch base.cellType {
            case .rnn:
                h = try rnnStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b).nextH
            case .lstm:
                let next = try lstmStepForward(x: x, prevH: h, prevC: c, wx: wx, wh: wh, b: b)
                (h, c) = (next.nextH, next.nextC)
            case .gru:
                guard let bh = p["bh"] else {
                    throw CaptioningError.malformedParameter("bh is missing")
                }
                h = try gruStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b, bh: bh).nextH
            }
            let scores = h.matmul(wVocab) + bVocab
            for row in 0..<n where !ended[row] {
                var best = 0
                for word in 1..<v where scores[row, word] > scores[row, best] { best = word }
                words[row] = best
                captions[row, column] = best
                ended[row] = best == base.endIndex
            }
        }
        return captions
    }
}
