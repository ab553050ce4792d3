import Given
import Tensor

/// `CaptioningRNN`: an image-captioning network. The image features give the initial
/// hidden state, h0 = features · W_proj + b_proj; the words so far are embedded with
/// W_embed and run through a vanilla RNN or an LSTM; every hidden state is mapped to
/// vocabulary scores with W_vocab, b_vocab.
///
/// Parameter names, shapes and initialisation follow the original assignment:
/// `W_embed (V, W)`, `W_proj (D, H)`, `b_proj (H,)`, `Wx (W, kH)`, `Wh (H, kH)`, `b (kH,)`,
/// `W_vocab (H, V)`, `b_vocab (V,)`, with k = 1 (rnn) or 4 (lstm).
///
/// Not in the original: cell type `gru` (k = 3, gates r, z, n, see `gruForward`) adds a
/// ninth parameter, the hidden-side bias `bh (3H,)` (PyTorch's bias_hh), initialised to zero.
package struct CaptioningRNN<Scalar: TensorScalar>: CaptioningModel, Sendable {
    /// The parameter names in the original's order (the order they are initialised in).
    package static var parameterNames: [String] {
        ["W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab"]
    }

    /// The parameter names of a model with this cell type: `parameterNames`, plus `bh`
    /// (after `b`) for a gru.
    package static func parameterNames(for cell: CellType) -> [String] {
        cell == .gru
            ? ["W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "bh", "W_vocab", "b_vocab"]
            : parameterNames
    }

    package let cellType: CellType
    package let wordToIdx: [String: Int]
    /// The sizes: D (image features), W (word vectors), H (hidden state), V (vocabulary).
    package let inputDim, wordvecDim, hiddenDim, vocabSize: Int
    package var params: [String: Tensor<Scalar>]
    /// Indices of `<NULL>` (padding), `<START>` and `<END>`; the last two may be absent.
    package let nullIndex: Int
    package let startIndex, endIndex: Int?

    /// Builds a model with the original's initialisation, drawn from a seeded generator:
    /// W_embed ~ N(0,1)/100, W_proj ~ N(0,1)/√D, Wx ~ N(0,1)/√W, Wh ~ N(0,1)/√H,
    /// W_vocab ~ N(0,1)/√H, biases zero.
    ///
    /// `parameters`, when given, are the model's parameters instead (the grader's verdict
    /// on a learner's trained model: drawing millions of values only to replace them took
    /// longer than that loss).
    ///
    /// Throws if `<NULL>` is missing or a size is not positive.
    package init(
        wordToIdx: [String: Int], inputDim: Int = 512, wordvecDim: Int = 128,
        hiddenDim: Int = 128, cellType: CellType = .rnn, seed: UInt64 = 0,
        parameters: [String: Tensor<Scalar>]? = nil
    ) throws {
        guard let null = wordToIdx["<NULL>"] else { throw CaptioningError.missingToken("<NULL>") }
        let v = wordToIdx.count
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
            (inputDim, wordvecDim, hiddenDim, v)
        (nullIndex, startIndex, endIndex) = (null, wordToIdx["<START>"], wordToIdx["<END>"])

        params =
            parameters
            ?? initialCaptioningParameters(
                vocabSize: v, inputDim: inputDim, wordvecDim: wordvecDim,
                hiddenDim: hiddenDim, cellType: cellType, seed: seed)
    }

    /// The expected shape of every parameter.
    package var parameterShapes: [String: [Int]] {
        cellType.parameterShapes(
            vocabSize: vocabSize, inputDim: inputDim,
            wordvecDim: wordvecDim, hiddenDim: hiddenDim)
    }

    /// `loss`: the training loss of a minibatch and the gradient of every parameter.
    ///
    /// captions_in = captions[:, :-1] is fed in and captions_out = captions[:, 1:] is
    /// predicted; steps whose target is `<NULL>` are masked out. The loss is summed over
    /// time and averaged over the N captions.
    ///
    /// - Parameters: features `(N, D)`, captions `(N, T + 1)` word indices in 0 ..< V.
    /// - Throws: `CaptioningError` for malformed features, captions or parameters.
    package func loss(
        features: Tensor<Scalar>, captions: Tensor<Int>
    ) throws
        -> (loss: Scalar, gradients: [String: Tensor<Scalar>])
    {
        let p = try checkedParameters()
        try checkFeatures(features)
        try checkCaptions(captions, batch: features.shape[0])
        let t = captions.shape[1] - 1
        let captionsIn = captions[..., ..<t]
        let captionsOut = captions[..., 1...]
        let mask = captionsOut .!= nullIndex

        let (h0, projCache) = try affineForward(x: features, w: p("W_proj"), b: p("b_proj"))
        let (embedded, embedCache) = try wordEmbeddingForward(x: captionsIn, w: p("W_embed"))
        let (hidden, sequenceBackward) = try runSequence(embedded, h0: h0, p)
        let scored = ScoredSteps(mask: mask, scalar: Scalar.self)
        // temporal_affine_forward, its bias b_vocab added where the softmax loss reads
        // the scores.
        let (scores, vocabCache) = try temporalAffineProduct(
            x: scored.gathered(hidden), w: p("W_vocab"))
        let (loss, dScores) = temporalSoftmaxLoss(
            x: scores, plus: try p("b_vocab"), y: scored.gathered(captionsOut),
            mask: scored.mask, averagingOver: captions.shape[0])

        var grads: [String: Tensor<Scalar>] = [:]
        let dScored: Tensor<Scalar>
        (dScored, grads["W_vocab"], grads["b_vocab"]) =
            temporalAffineBackward(dout: dScores, cache: vocabCache)
        let dHidden = scored.scattered(dScored, shape: hidden.shape)
        let (dEmbedded, dh0, dWx, dWh, db, dbh) = sequenceBackward(dHidden)
        (grads["Wx"], grads["Wh"], grads["b"]) = (dWx, dWh, db)
        if let dbh { grads["bh"] = dbh }
        grads["W_embed"] = wordEmbeddingBackward(dout: dEmbedded, cache: embedCache)
        // affine_backward without its dx: the image features need no gradient.
        grads["W_proj"] = projCache.x.transposedMatmul(dh0)
        grads["b_proj"] = dh0.sum(alongAxes: 0)
        return (loss, grads)
    }

    /// `sample`: greedy captions for a batch of images. The first input is `<START>`;
    /// at each step the highest-scoring word is chosen and fed back in. All `maxLength`
    /// steps are run (words after `<END>` are kept, as in the original).
    ///
    /// - Parameters: features `(N, D)`, maxLength the number of words to generate.
    /// - Returns: `(N, maxLength)` word indices; column 0 is the first generated word.
    package func sample(features: Tensor<Scalar>, maxLength: Int = 30) throws -> Tensor<Int> {
        guard let start = startIndex else { throw CaptioningError.missingToken("<START>") }
        // word_to_idx may map a word past V (the original's toy vocabulary does), and W_embed
        // has V rows: <START> is looked up there, so it must be one of them.
        guard (0..<vocabSize).contains(start) else {
            throw CaptioningError.malformedCaptions(
                "word_to_idx maps <START> to the word index "
                    + "\(start), outside the vocabulary's 0..<\(vocabSize) (the rows of W_embed)")
        }
        guard maxLength >= 0 else {
            throw CaptioningError.malformedCaptions("maxLength must be >= 0, got \(maxLength)")
        }
        let p = try checkedParameters()
        try checkFeatures(features)
        let n = features.shape[0]
        var captions = Tensor<Int>(repeating: nullIndex, shape: [n, maxLength])
        var h = try affineForward(x: features, w: p("W_proj"), b: p("b_proj")).out
        var c = Tensor<Scalar>.zeros(n, hiddenDim)
        var words = [Int](repeating: start, count: n)
        let weights = DecodingWeights(
            params: p.values, cellType: cellType, rows: n, steps: maxLength)
        for step in 0..<maxLength {
            (h, c) = weights.step(words: words, h: h, c: c)
            words = weights.greedyWords(h)
            captions[..., step] = Tensor<Int>(shape: [n], scalars: words)
        }
        return captions
    }

    /// Runs the recurrent cell over the sequence and returns its backward pass
    /// (dx, dh0, dWx, dWh, db and, for a gru only, dbh).
    private func runSequence(
        _ x: Tensor<Scalar>, h0: Tensor<Scalar>, _ p: CheckedParameters
    ) throws -> (
        Tensor<Scalar>,
        (Tensor<Scalar>) -> (
            Tensor<Scalar>, Tensor<Scalar>, Tensor<Scalar>,
            Tensor<Scalar>, Tensor<Scalar>, Tensor<Scalar>?
        )
    ) {
        switch cellType {
        case .rnn:
            let (h, cache) = try rnnForward(x: x, h0: h0, wx: p("Wx"), wh: p("Wh"), b: p("b"))
            return (
                h,
                { dh in
                    let g = rnnBackward(dh: dh, cache: cache)
                    return (g.dx, g.dh0, g.dWx, g.dWh, g.db, nil)
                }
            )
        case .lstm:
            let (h, cache) = try lstmForward(x: x, h0: h0, wx: p("Wx"), wh: p("Wh"), b: p("b"))
            return (
                h,
                { dh in
                    let g = lstmBackward(dh: dh, cache: cache)
                    return (g.dx, g.dh0, g.dWx, g.dWh, g.db, nil)
                }
            )
        case .gru:
            let (h, cache) = try gruForward(
                x: x, h0: h0, wx: p("Wx"), wh: p("Wh"), b: p("b"),
                bh: p("bh"))
            return (
                h,
                { dh in
                    let g = gruBackward(dh: dh, cache: cache)
                    return (g.dx, g.dh0, g.dWx, g.dWh, g.db, g.dbh)
                }
            )
        }
    }

    /// The parameters once `checkedParameters` has found each present with its shape;
    /// `p("W_proj")` reads like the original's `self.params["W_proj"]`.
    private struct CheckedParameters {
        let values: [String: Tensor<Scalar>]

        func callAsFunction(_ name: String) throws -> Tensor<Scalar> {
            guard let value = values[name] else {
                throw CaptioningError.malformedParameter("\(name) is missing")
            }
            return value
        }
    }

    private func checkedParameters() throws -> CheckedParameters {
        for (name, shape) in parameterShapes {
            guard let value = params[name] else {
                throw CaptioningError.malformedParameter("\(name) is missing")
            }
            guard value.shape == shape else {
                throw CaptioningError.malformedParameter(
                    "\(name) has shape "
                        + "\(value.shape.shapeDescription), expected \(shape.shapeDescription)")
            }
        }
        return CheckedParameters(values: params)
    }

    private func checkFeatures(_ features: Tensor<Scalar>) throws {
        guard features.rank == 2, features.shape[1] == inputDim else {
            throw CaptioningError.malformedFeatures(
                "expected (N, \(inputDim)), got "
                    + features.shape.shapeDescription)
        }
    }

    private func checkCaptions(_ captions: Tensor<Int>, batch: Int) throws {
        guard captions.rank == 2, captions.shape[1] >= 2 else {
            throw CaptioningError.malformedCaptions(
                "expected (N, T + 1) with T >= 1, got "
                    + captions.shape.shapeDescription)
        }
        guard captions.shape[0] == batch else {
            throw CaptioningError.malformedCaptions(
                "\(captions.shape[0]) captions for \(batch) "
                    + "feature rows")
        }
        if let position = captions.scalars.firstIndex(where: { $0 < 0 || $0 >= vocabSize }) {
            let (row, column) = position.quotientAndRemainder(dividingBy: captions.shape[1])
            throw CaptioningError.malformedCaptions(
                "captions[\(row), \(column)] = "
                    + "\(captions.scalars[position]) is not a word index in 0..<\(vocabSize)")
        }
    }
}
