// ════════════════════════════════════════════════════════════════════════════════════
//  CaptioningRNN                     loss(features:captions:)   (CaptioningRNN.loss)
//                                    sample(features:maxLength:) (CaptioningRNN.sample)
//  (the original's cs231n/classifiers/rnn.py)
//
//  Task: put your layers together into an image-captioning network. `loss` runs the
//  network on a minibatch of images and their captions and returns the loss and the
//  gradient of every parameter; `sample` writes a caption for each image, one word at a
//  time, always taking the most likely next word (greedy decoding). The initialiser and
//  the parameters are given.
//
//  Shapes (N batch, D image features, W word vectors, H hidden, V vocabulary, T steps):
//    features (N, D), captions (N, T + 1) word indices, loss a scalar,
//    sample(features:maxLength:) → (N, maxLength) word indices.
//    params: W_embed (V, W), W_proj (D, H), b_proj (H,), Wx (W, kH), Wh (H, kH), b (kH,),
//            W_vocab (H, V), b_vocab (V,)   with k = 1 (rnn) or 4 (lstm).
//    gru (not in the original): k = 3, and a ninth parameter bh (3H,), the hidden-side
//            bias of your gruForward (its gradient goes in gradients["bh"]).
//
//  Math (loss, in five layers, then their backward passes in reverse order):
//    captionsIn = captions[:, :-1]   captionsOut = captions[:, 1:]   mask = captionsOut != <NULL>
//    (1) h0 = features · W_proj + b_proj              affineForward
//    (2) embed captionsIn with W_embed                your wordEmbeddingForward
//    (3) run the rnn or lstm (cellType) from h0        your rnnForward / lstmForward
//        (or the gru, with bh too)                     your gruForward
//    (4) scores = hidden · W_vocab + b_vocab           temporalAffineForward
//    (5) softmax loss of scores against captionsOut    temporalSoftmaxLoss(x:y:mask:)
//
//  Hints (from the original):
//    • The network learns to predict word t + 1 from the words up to t: the input is
//      every word but the last, the target every word but the first, and <NULL>
//      (padding) targets do not count, hence the mask.
//    • gradients must have exactly the keys of params ("W_embed", "Wx", …).
//    • sample starts every caption from <START> (throw CaptioningError.missingToken("<START>")
//      if startIndex is nil), with h0 as in the loss and, for an lstm, c0 = 0. Each step:
//      embed the previous word, ONE rnn/lstm step, scores = h · W_vocab + b_vocab, the
//      next word is the argmax. Column 0 of the result is the first GENERATED word
//      (not <START>). You need not stop at <END>: run all maxLength steps.
//
//  Tensor API that helps (not the answer):
//    captions[..., ..<t], captions[..., 1...]     captions[:, :t], captions[:, 1:]
//    captions .!= nullIndex                       element-wise !=, a Tensor<Bool>
//    try parameter("W_embed")                     a parameter (given below)
//    w[rows: words], scores.argmax(alongAxis: 1), result[..., step] = words
//    Tensor<Int>(repeating: nullIndex, shape: [n, maxLength])
//
//  Check your work:  swift run grader captioning
// ════════════════════════════════════════════════════════════════════════════════════

import Tensor

import struct Given.AffineCache
import enum Given.CaptioningError
import protocol Given.CaptioningModel
import enum Given.CellType
import struct Given.NotImplemented
import func Given.affineBackward
import func Given.affineForward
import func Given.initialCaptioningParameters
import func Given.temporalAffineBackward
import func Given.temporalAffineForward
import func Given.temporalSoftmaxLoss

/// `CaptioningRNN`: an image-captioning network. The image features give the initial
/// hidden state, h0 = features · W_proj + b_proj; the words so far are embedded with
/// W_embed and run through a vanilla RNN or an LSTM; every hidden state is mapped to
/// vocabulary scores with W_vocab, b_vocab.
public struct CaptioningRNN<Scalar: TensorScalar>: CaptioningModel, Sendable {
    // ── Given: the model's settings and parameters (as the original's __init__) ────────

    /// The parameter names in the original's order (the order they are initialised in).
    public static var parameterNames: [String] {
        ["W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab"]
    }

    /// The parameter names for a cell type: `parameterNames`, plus `bh` (after `b`) for a gru.
    public static func parameterNames(for cell: CellType) -> [String] {
        cell == .gru
            ? ["W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "bh", "W_vocab", "b_vocab"]
            : parameterNames
    }

    /// The recurrent cell: `.rnn`, `.lstm` (`cell_type` in the original) or `.gru`.
    public let cellType: CellType
    /// The token to index map (`word_to_idx`).
    public let wordToIdx: [String: Int]
    /// The sizes: D (image features), W (word vectors), H (hidden state), V (vocabulary).
    public let inputDim, wordvecDim, hiddenDim, vocabSize: Int
    /// The learnable parameters by their names in the original (`W_embed`, `Wx`, ...).
    public var params: [String: Tensor<Scalar>]
    /// The index of `<NULL>`, the padding token (`self._null`).
    public let nullIndex: Int
    /// The indices of `<START>` and `<END>` (`self._start`, `self._end`); may be absent.
    public let startIndex, endIndex: Int?

    /// Builds a model with the original's initialisation, drawn from a seeded generator.
    ///
    /// Throws `CaptioningError` if `<NULL>` is missing, an index is negative or a size is
    /// not positive.
    public init(
        wordToIdx: [String: Int], inputDim: Int = 512, wordvecDim: Int = 128,
        hiddenDim: Int = 128, cellType: CellType = .rnn, seed: UInt64 = 0
    ) throws {
        guard let null = wordToIdx["<NULL>"] else { throw CaptioningError.missingToken("<NULL>") }
        if let bad = wordToIdx.first(where: { $0.value < 0 }) {
            throw CaptioningError.malformedParameter(
                "word_to_idx maps \"\(bad.key)\" to the negative index \(bad.value)")
        }
        guard inputDim > 0, wordvecDim > 0, hiddenDim > 0 else {
            throw CaptioningError.malformedParameter(
                "input_dim, wordvec_dim and hidden_dim must "
                    + "be positive; got \(inputDim), \(wordvecDim), \(hiddenDim)")
        }
        self.cellType = cellType
        self.wordToIdx = wordToIdx
        (self.inputDim, self.wordvecDim, self.hiddenDim, self.vocabSize) =
            (inputDim, wordvecDim, hiddenDim, wordToIdx.count)
        (nullIndex, startIndex, endIndex) = (null, wordToIdx["<START>"], wordToIdx["<END>"])
        params = initialCaptioningParameters(
            vocabSize: wordToIdx.count, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed)
    }

    /// The expected shape of every parameter.
    public var parameterShapes: [String: [Int]] {
        let (v, w, h, d, k) = (vocabSize, wordvecDim, hiddenDim, inputDim, cellType.gateCount)
        var shapes = [
            "W_embed": [v, w], "W_proj": [d, h], "b_proj": [h], "Wx": [w, k * h],
            "Wh": [h, k * h], "b": [k * h], "W_vocab": [h, v], "b_vocab": [v],
        ]
        if cellType == .gru { shapes["bh"] = [k * h] }  // the gru's hidden-side bias
        return shapes
    }

    /// The parameter called `name` (`self.params[name]`), checked against its expected
    /// shape; throws `CaptioningError.malformedParameter` if it is missing or misshapen.
    func parameter(_ name: String) throws -> Tensor<Scalar> {
        guard let value = params[name] else {
            throw CaptioningError.malformedParameter("\(name) is missing")
        }
        if let shape = parameterShapes[name], value.shape != shape {
            throw CaptioningError.malformedParameter(
                "\(name) has shape "
                    + "\(value.shape.shapeDescription), expected \(shape.shapeDescription)")
        }
        return value
    }

    // ── Yours ──────────────────────────────────────────────────────────────────────────

    /// `loss`: the training loss of a minibatch and the gradient of every parameter.
    ///
    /// captions_in = captions[:, :-1] is fed in and captions_out = captions[:, 1:] is
    /// predicted; steps whose target is `<NULL>` are masked out. The loss is summed over
    /// time and averaged over the N captions.
    ///
    /// - Parameters: features `(N, D)`, captions `(N, T + 1)` word indices in 0 ..< V.
    /// - Returns: the loss and the gradients, keyed like `params`.
    public func loss(
        features: Tensor<Scalar>, captions: Tensor<Int>
    ) throws
        -> (loss: Scalar, gradients: [String: Tensor<Scalar>])
    {
        // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────
        throw NotImplemented("CaptioningRNN.loss (CaptioningRNN.loss)")
        // └─────────────────────────────────────────────────────────────────────────────
    }

    /// `sample`: greedy captions for a batch of images, starting from `<START>`.
    ///
    /// - Parameters: features `(N, D)`, maxLength the number of words to generate.
    /// - Returns: `(N, maxLength)` word indices; column 0 is the first generated word.
    public func sample(features: Tensor<Scalar>, maxLength: Int = 30) throws -> Tensor<Int> {
        // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────
        throw NotImplemented("CaptioningRNN.sample (CaptioningRNN.sample)")
        // └─────────────────────────────────────────────────────────────────────────────
    }
}
