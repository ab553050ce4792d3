import Given
import Tensor

/// A captioning network's weights ready for decoding one word at a time: `Wx`, `Wh` and
/// `W_vocab` packed once (PackedMatrix.swift) for the many thin products of a decoding
/// loop, which would otherwise pack them again at every step.
///
/// A step computes what the step functions compute, in their order (x · Wx + h · Wh + b,
/// then the cell), so its results equal theirs bit for bit.
package struct DecodingWeights<S: TensorScalar>: Sendable {
    package let cellType: CellType
    let embed, b, vocabBias: Tensor<S>
    /// The hidden-side bias of a gru (unused otherwise).
    let bh: Tensor<S>
    let wx, wh, vocab: PackedMatrix<S>
    /// W_embed · Wx `(V, kH)`: every word's input projection, so that a step gathers its
    /// rows instead of multiplying (nil: each step multiplies its words' vectors).
    let inputTable: Tensor<S>?

    /// Packs the parameters of a `CaptioningRNN` (named as there), whose shapes the caller
    /// has checked; a missing one is a programming error.
    ///
    /// With `rows` × `steps` words to feed (the batch and the caption length), the input
    /// projection of every word is computed once when that is less work than per step
    /// and the results stay the same: a row of a matrix product is computed alike
    /// whatever the other rows (FloatGEMM.swift's kernels; Double's product is the plain
    /// loop's), except Float products below `smallProductLimit` multiply-adds, which take
    /// a plain loop that rounds differently, so neither product may be that small.
    package init(params: [String: Tensor<S>], cellType: CellType, rows: Int = 0, steps: Int = 0) {
        func parameter(_ name: String) -> Tensor<S> {
            guard let value = params[name] else {
                preconditionFailure("DecodingWeights: the parameter \(name) is missing")
            }
            return value
        }
        self.cellType = cellType
        (embed, b, vocabBias) = (parameter("W_embed"), parameter("b"), parameter("b_vocab"))
        bh = cellType == .gru ? parameter("bh") : Tensor<S>.zeros(0)
        wx = PackedMatrix(parameter("Wx"))
        wh = PackedMatrix(parameter("Wh"))
        vocab = PackedMatrix(parameter("W_vocab"))
        let (v, w, width) = (embed.shape[0], embed.shape[1], wx.shape[1])
        let smallest = Swift.min(rows, v) * w * width
        inputTable =
            rows * steps >= 2 * v && (S.self == Double.self || smallest >= smallProductLimit)
            ? embed.matmul(wx) : nil
    }

    /// The state after feeding `words` (one per row, in 0 ..< V) to states h and c `(N, H)`
    /// (c is the LSTM's cell, passed through unchanged by the other cells).
    package func step(words: [Int], h: Tensor<S>, c: Tensor<S>) -> (h: Tensor<S>, c: Tensor<S>) {
        // x · Wx, for x = W_embed[words].
        let xw = inputTable?.gatheringRows(words) ?? embed.gatheringRows(words).matmul(wx)
        // No `default`: a new cell type is a compile error here until its step is written.
        switch cellType {
        case .rnn:
            // rnnStepForward: tanh(x · Wx + prevH · Wh + b).
            return (tanhOfSum(xw, h.matmul(wh), plus: b), c)
        case .lstm:
            // lstmStepForward: lstmCell(x · Wx + prevH · Wh + b).
            let next = lstmCell(xw, plus: h.matmul(wh), bias: b, prevC: c)
            return (next.nextH, next.nextC)
        case .gru:
            // gruStepForward.
            let gates = GRUGates(inputProjection: xw + b, hiddenProjection: h.matmul(wh) + bh)
            return (gates.nextH(prevH: h), c)
        }
    }

    /// The vocabulary scores h · W_vocab + b_vocab `(N, V)`, as `affineForward` computes them.
    package func scores(_ h: Tensor<S>) -> Tensor<S> { h.matmul(vocab) + vocabBias }

    /// The greedy next words: `scores(h).argmax(alongAxis: 1)` without forming the scores'
    /// sum with the bias.
    package func greedyWords(_ h: Tensor<S>) -> [Int] {
        h.matmul(vocab).argmaxOfRows(plus: vocabBias)
    }
}
