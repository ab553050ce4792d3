import Foundation
import Given
import Reference
import Tensor

/// The hidden state of a decoder for a batch of partial captions: h `(N, H)` and, for an
/// LSTM, the cell c `(N, H)`.
public struct DecoderState<S: TensorScalar>: Sendable {
    /// The hidden states, one row per partial caption.
    public var h: Tensor<S>
    /// The LSTM cells (zeros and unused for a vanilla RNN).
    public var c: Tensor<S>

    /// The rows `indices` of the state, in order (repeats allowed).
    public func rows(_ indices: [Int]) -> DecoderState {
        DecoderState(h: h.gatheringRows(indices), c: c.gatheringRows(indices))
    }
}

/// One word at a time through a trained captioning network, built from its parameters
/// (named as in `CaptioningRNN`) and Reference's step functions, whoever trained it.
///
/// This is what the original's `sample` does inside its loop, exposed so that greedy
/// decoding, temperature sampling and beam search can share it.
public struct RecurrentDecoder<S: TensorScalar>: Sendable {
    /// The cell the parameters belong to.
    public let cellType: CellType
    /// The parameters (`W_embed`, `W_proj`, `b_proj`, `Wx`, `Wh`, `b`, `W_vocab`, `b_vocab`,
    /// and `bh` for a gru).
    public let params: [String: Tensor<S>]
    /// `<START>`, `<END>` and `<NULL>`.
    public let startIndex: Int, endIndex: Int?, nullIndex: Int?
    /// The vocabulary size V.
    public let vocabSize: Int
    /// Wx, Wh and W_vocab packed once for every step's products.
    let weights: DecodingWeights<S>

    /// Checks the parameters against the cell type and the vocabulary.
    ///
    /// Every parameter must have the shape a `CaptioningRNN` with this cell, V =
    /// `wordToIdx.count` words and W_proj's sizes has, and `<START>`, `<END>` and `<NULL>`
    /// must be rows of W_embed: the step functions below run unchecked kernels, so nothing
    /// a caller passes may reach them out of range.
    ///
    /// - Throws: `SamplingError` for a missing or misshapen parameter, a vocabulary without
    ///   `<START>`, or a token index outside 0 ..< V.
    public init(params: [String: Tensor<S>], wordToIdx: [String: Int], cellType: CellType) throws {
        guard let start = wordToIdx["<START>"] else { throw SamplingError.missingToken("<START>") }
        for name in CaptioningRNN<S>.parameterNames(for: cellType) where params[name] == nil {
            throw SamplingError.badParameter("the parameter \(name) is missing")
        }
        let v = wordToIdx.count
        guard let embed = params["W_embed"], embed.rank == 2, let projection = params["W_proj"],
            projection.rank == 2
        else {
            throw SamplingError.badParameter("W_embed and W_proj must be matrices")
        }
        let expected = cellType.parameterShapes(
            vocabSize: v, inputDim: projection.shape[0], wordvecDim: embed.shape[1],
            hiddenDim: projection.shape[1])
        for (name, shape) in expected.sorted(by: { $0.key < $1.key })
        where params[name]?.shape != shape {
            throw SamplingError.badParameter(
                "the parameter shapes do not fit a "
                    + "\(cellType.rawValue) network with a vocabulary of \(v) words: \(name) has "
                    + "shape \(params[name]?.shape ?? []), expected \(shape)")
        }
        for token in ["<START>", "<END>", "<NULL>"] {
            if let index = wordToIdx[token], !(0..<v).contains(index) {
                throw SamplingError.wordOutOfRange(word: token, index: index, vocabularySize: v)
            }
        }
        self.params = params
        self.cellType = cellType
        (startIndex, endIndex, nullIndex) = (start, wordToIdx["<END>"], wordToIdx["<NULL>"])
        vocabSize = v
        weights = DecodingWeights(params: params, cellType: cellType)
    }

    private func p(_ name: String) -> Tensor<S> { params[name] ?? Tensor<S>.zeros(0) }

    /// The state before the first word: h0 = features · W_proj + b_proj, c0 = 0.
    ///
    /// - Throws: `SamplingError.invalidFeatures` unless features are `(N, D)`.
    public func initialState(features: Tensor<S>) throws -> DecoderState<S> {
        let inputDim = p("W_proj").shape[0]
        guard features.rank == 2, features.shape[1] == inputDim else {
            throw SamplingError.invalidFeatures(
                "expected (N, \(inputDim)), got "
                    + "\(features.shape.shapeDescription)")
        }
        let h = affineForward(x: features, w: p("W_proj"), b: p("b_proj")).out
        return DecoderState(h: h, c: Tensor<S>.zeros(like: h))
    }

    /// Feeds one word per row and returns the log-probabilities of the next word
    /// `[row][word]` (a log-softmax of the vocabulary scores, in Double) and the new state.
    ///
    /// - Throws: `SamplingError.wordOutOfRange` naming the first word outside 0 ..< V and
    ///   its position, `.invalidState` unless the state has one row per word.
    public func step(
        words: [Int], state: DecoderState<S>
    ) throws
        -> (logProbs: [[Double]], state: DecoderState<S>)
    {
        if let position = words.firstIndex(where: { !(0..<vocabSize).contains($0) }) {
            throw SamplingError.wordOutOfRange(
                word: "words[\(position)]", index: words[position],
                vocabularySize: vocabSize)
        }
        let hidden = p("Wh").shape[0]
        guard state.h.shape == [words.count, hidden], state.c.shape == state.h.shape else {
            throw SamplingError.invalidState(
                "\(words.count) words need states of shape "
                    + "(\(words.count), \(hidden)); h is \(state.h.shape.shapeDescription) and c is "
                    + state.c.shape.shapeDescription)
        }
        var next = state
        (next.h, next.c) = weights.step(words: words, h: state.h, c: state.c)
        let scores = weights.scores(next.h)
        return (Self.logSoftmaxRows(scores, columns: vocabSize), next)
    }

    /// The log-softmax of every row of `scores` `(N, V)`, in Double: each logit converted
    /// exactly, minus log Σ exp(logit − max) + max.
    ///
    /// The conversion goes through the concrete type: in this generic code,
    /// `Double(S)` was a generic conversion per element, most of beam search's time (perf).
    static func logSoftmaxRows(_ scores: Tensor<S>, columns v: Int) -> [[Double]] {
        let values: [Double] =
            (scores as? Tensor<Float>).map { $0.scalars.map(Double.init) }
            ?? (scores as? Tensor<Double>)?.scalars ?? scores.scalars.map { Double($0) }
        return (0..<(v == 0 ? 0 : values.count / v)).map { row -> [Double] in
            let logits = values[(row * v)..<((row + 1) * v)]
            let top = logits.max() ?? 0
            let logSum = log(logits.reduce(0) { $0 + exp($1 - top) }) + top
            return logits.map { $0 - logSum }
        }
    }

    /// The sum of the log-probabilities of `words` (the words after `<START>`) for one
    /// image's features `(1, D)`: the score beam search maximises.
    ///
    /// - Throws: `SamplingError` for features that are not `(1, D)` or a word outside
    ///   0 ..< V (naming its position).
    public func score(features: Tensor<S>, words: [Int]) throws -> Double {
        guard features.rank == 2, features.shape[0] == 1 else {
            throw SamplingError.invalidFeatures(
                "score takes one image's features (1, D), got "
                    + features.shape.shapeDescription)
        }
        if let position = words.firstIndex(where: { !(0..<vocabSize).contains($0) }) {
            throw SamplingError.wordOutOfRange(
                word: "words[\(position)]", index: words[position],
                vocabularySize: vocabSize)
        }
        var state = try initialState(features: features)
        var previous = startIndex
        var total = 0.0
        for word in words {
            let out = try step(words: [previous], state: state)
            total += out.logProbs[0][word]
            state = out.state
            previous = word
        }
        return total
    }
}
