import Given
import Grading
import Reference
import Tensor

/// Generates every built-in fixture from Reference with fixed seeds.
///
/// Shapes are chosen so that common mistakes cannot pass by coincidence: D ≠ H ≠ W ≠ V
/// (a transposed weight has the wrong shape), N = 1 and T = 1 edge cases, repeated word
/// indices (assigning instead of accumulating loses them), and captions with <NULL>
/// padding (an ignored mask changes the loss).
package enum FixtureGenerator {
    /// Every fixture file, keyed by file name.
    package static func all() -> [String: FixtureFile] {
        let files = [
            rnnStep(), rnn(), wordEmbedding(), lstmStep(), lstm(),
            captioning(.rnn), captioning(.lstm),
            gruStep(), gru(), captioning(.gru),
        ]
        return Dictionary(uniqueKeysWithValues: files.map { ("\($0.fixture).json", $0) })
    }

    static func linspace(_ low: Double, _ high: Double, _ shape: Int...) -> Tensor<Double> {
        Tensor.linspace(from: low, through: high, count: shape.reduce(1, *)).reshaped(to: shape)
    }

    static func randn(_ shape: Int..., using g: inout SeededGenerator) -> Tensor<Double> {
        Tensor.randomNormal(shape: shape, using: &g)
    }

    static func arrays(_ named: [String: Tensor<Double>]) -> [String: FixtureArray] {
        named.mapValues(FixtureArray.init)
    }

    // MARK: Layers

    static func rnnStep() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Double>, h: Tensor<Double>,
            wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>,
            dNext: Tensor<Double>
        ) -> FixtureCase {
            let (out, cache) = rnnStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b)
            let g = rnnStepBackward(dNextH: dNext, cache: cache)
            return FixtureCase(
                name: name, description: description,
                inputs: arrays(["x": x, "prev_h": h, "Wx": wx, "Wh": wh, "b": b, "dnext_h": dNext]),
                outputs: arrays([
                    "next_h": out, "dx": g.dx, "dprev_h": g.dPrevH, "dWx": g.dWx,
                    "dWh": g.dWh, "db": g.db,
                ]))
        }
        var g = SeededGenerator(seed: 231)
        var cases = [
            makeCase(
                "notebook",
                "The notebook's rnn_step_forward recipe (N, D, H = 3, 10, 4), with a seeded "
                    + "upstream gradient.",
                x: linspace(-0.4, 0.7, 3, 10), h: linspace(-0.2, 0.5, 3, 4),
                wx: linspace(-0.1, 0.9, 10, 4), wh: linspace(-0.3, 0.7, 4, 4),
                b: linspace(-0.2, 0.4, 4),
                dNext: randn(3, 4, using: &g))
        ]
        for (n, d, h) in [(4, 5, 6), (1, 7, 3)] {
            cases.append(
                makeCase(
                    "random-n\(n)-d\(d)-h\(h)",
                    "Seeded normal inputs with D ≠ H"
                        + (n == 1 ? " and a batch of one." : "."),
                    x: randn(n, d, using: &g), h: randn(n, h, using: &g),
                    wx: randn(d, h, using: &g),
                    wh: randn(h, h, using: &g), b: randn(h, using: &g),
                    dNext: randn(n, h, using: &g)))
        }
        return FixtureFile(fixture: "rnn_step", cases: cases)
    }

    static func rnn() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Double>, h0: Tensor<Double>,
            wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>,
            dout: Tensor<Double>
        ) -> FixtureCase {
            let (h, cache) = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
            let g = rnnBackward(dh: dout, cache: cache)
            return sequenceCase(
                name, description, x: x, h0: h0, wx: wx, wh: wh, b: b, dout: dout,
                h: h, g: g)
        }
        var g = SeededGenerator(seed: 232)
        var cases = [
            makeCase(
                "notebook",
                "The notebook's rnn_forward recipe (N, T, D, H = 2, 3, 4, 5), with a seeded "
                    + "upstream gradient.",
                x: linspace(-0.1, 0.3, 2, 3, 4), h0: linspace(-0.3, 0.1, 2, 5),
                wx: linspace(-0.2, 0.4, 4, 5), wh: linspace(-0.4, 0.1, 5, 5),
                b: linspace(-0.7, 0.1, 5),
                dout: randn(2, 3, 5, using: &g))
        ]
        for (n, t, d, h) in [(2, 10, 3, 5), (1, 1, 6, 4), (3, 4, 4, 7)] {
            cases.append(
                makeCase(
                    "random-n\(n)-t\(t)-d\(d)-h\(h)",
                    "Seeded normal inputs with D ≠ H"
                        + (t == 1 ? ", one step and a batch of one." : "."),
                    x: randn(n, t, d, using: &g), h0: randn(n, h, using: &g),
                    wx: randn(d, h, using: &g),
                    wh: randn(h, h, using: &g), b: randn(h, using: &g),
                    dout: randn(n, t, h, using: &g)))
        }
        return FixtureFile(fixture: "rnn", cases: cases)
    }

    static func sequenceCase(
        _ name: String, _ description: String, x: Tensor<Double>, h0: Tensor<Double>,
        wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>, dout: Tensor<Double>,
        h: Tensor<Double>, g: SequenceGradients<Double>
    ) -> FixtureCase {
        FixtureCase(
            name: name, description: description,
            inputs: arrays(["x": x, "h0": h0, "Wx": wx, "Wh": wh, "b": b, "dout": dout]),
            outputs: arrays([
                "h": h, "dx": g.dx, "dh0": g.dh0, "dWx": g.dWx, "dWh": g.dWh,
                "db": g.db,
            ]))
    }

    static func wordEmbedding() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Int>, w: Tensor<Double>,
            dout: Tensor<Double>
        ) -> FixtureCase {
            let (out, cache) = wordEmbeddingForward(x: x, w: w)
            var inputs = arrays(["W": w, "dout": dout])
            inputs["x"] = FixtureArray(x)
            return FixtureCase(
                name: name, description: description, inputs: inputs,
                outputs: arrays([
                    "out": out,
                    "dW": wordEmbeddingBackward(dout: dout, cache: cache),
                ]))
        }
        var g = SeededGenerator(seed: 233)
        var cases = [
            makeCase(
                "notebook",
                "The notebook's word_embedding_forward recipe (N, T, V, D = 2, 4, 5, 3).",
                x: Tensor([[0, 3, 1, 2], [2, 1, 0, 3]]), w: linspace(0, 1, 5, 3),
                dout: randn(2, 4, 3, using: &g))
        ]
        for (n, t, v, d) in [(50, 3, 5, 6), (2, 4, 7, 3), (1, 1, 4, 2)] {
            let x = Tensor<Int>.randomIntegers(below: v, shape: [n, t], using: &g)
            cases.append(
                makeCase(
                    "random-n\(n)-t\(t)-v\(v)-d\(d)",
                    "Seeded indices (words repeat, so dW must accumulate) and weights, V ≠ D.",
                    x: x, w: randn(v, d, using: &g), dout: randn(n, t, d, using: &g)))
        }
        // Every position the same word: assignment instead of accumulation keeps one row.
        cases.append(
            makeCase(
                "one-word",
                "Every position holds word 2: all of dout accumulates "
                    + "into one row of dW.",
                x: Tensor(repeating: 2, shape: [3, 2]), w: randn(4, 5, using: &g),
                dout: randn(3, 2, 5, using: &g)))
        return FixtureFile(fixture: "word_embedding", cases: cases)
    }

    static func lstmStep() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Double>, h: Tensor<Double>,
            c: Tensor<Double>, wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>,
            dh: Tensor<Double>, dc: Tensor<Double>
        ) -> FixtureCase {
            let (nextH, nextC, cache) = lstmStepForward(
                x: x, prevH: h, prevC: c, wx: wx, wh: wh, b: b)
            let g = lstmStepBackward(dNextH: dh, dNextC: dc, cache: cache)
            return FixtureCase(
                name: name, description: description,
                inputs: arrays([
                    "x": x, "prev_h": h, "prev_c": c, "Wx": wx, "Wh": wh, "b": b,
                    "dnext_h": dh, "dnext_c": dc,
                ]),
                outputs: arrays([
                    "next_h": nextH, "next_c": nextC, "dx": g.dx, "dprev_h": g.dPrevH,
                    "dprev_c": g.dPrevC, "dWx": g.dWx, "dWh": g.dWh, "db": g.db,
                ]))
        }
        var g = SeededGenerator(seed: 234)
        var cases = [
            makeCase(
                "notebook",
                "The notebook's lstm_step_forward recipe (N, D, H = 3, 4, 5), with seeded "
                    + "upstream gradients.",
                x: linspace(-0.4, 1.2, 3, 4), h: linspace(-0.3, 0.7, 3, 5),
                c: linspace(-0.4, 0.9, 3, 5),
                wx: linspace(-2.1, 1.3, 4, 20), wh: linspace(-0.7, 2.2, 5, 20),
                b: linspace(0.3, 0.7, 20),
                dh: randn(3, 5, using: &g), dc: randn(3, 5, using: &g))
        ]
        for (n, d, h) in [(4, 5, 6), (1, 3, 2)] {
            cases.append(
                makeCase(
                    "random-n\(n)-d\(d)-h\(h)",
                    "Seeded normal inputs with D ≠ H"
                        + (n == 1 ? " and a batch of one." : "."),
                    x: randn(n, d, using: &g), h: randn(n, h, using: &g), c: randn(n, h, using: &g),
                    wx: randn(d, 4 * h, using: &g), wh: randn(h, 4 * h, using: &g),
                    b: randn(4 * h, using: &g), dh: randn(n, h, using: &g),
                    dc: randn(n, h, using: &g)))
        }
        return FixtureFile(fixture: "lstm_step", cases: cases + largeGradientLSTMStepCase())
    }

    static func lstm() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Double>, h0: Tensor<Double>,
            wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>,
            dout: Tensor<Double>
        ) -> FixtureCase {
            let (h, cache) = lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
            let g = lstmBackward(dh: dout, cache: cache)
            return sequenceCase(
                name, description, x: x, h0: h0, wx: wx, wh: wh, b: b, dout: dout,
                h: h, g: g)
        }
        var g = SeededGenerator(seed: 235)
        var cases = [
            makeCase(
                "notebook",
                "The notebook's lstm_forward recipe (N, D, H, T = 2, 5, 4, 3), with a seeded "
                    + "upstream gradient.",
                x: linspace(-0.4, 0.6, 2, 3, 5), h0: linspace(-0.4, 0.8, 2, 4),
                wx: linspace(-0.2, 0.9, 5, 16), wh: linspace(-0.3, 0.6, 4, 16),
                b: linspace(0.2, 0.7, 16),
                dout: randn(2, 3, 4, using: &g))
        ]
        for (n, t, d, h) in [(2, 10, 3, 6), (1, 1, 5, 3), (3, 4, 4, 2)] {
            cases.append(
                makeCase(
                    "random-n\(n)-t\(t)-d\(d)-h\(h)",
                    "Seeded normal inputs with D ≠ H"
                        + (t == 1 ? ", one step and a batch of one." : "."),
                    x: randn(n, t, d, using: &g), h0: randn(n, h, using: &g),
                    wx: randn(d, 4 * h, using: &g), wh: randn(h, 4 * h, using: &g),
                    b: randn(4 * h, using: &g), dout: randn(n, t, h, using: &g)))
        }
        return FixtureFile(fixture: "lstm", cases: cases + largeGradientLSTMCase())
    }

    // MARK: Model

    static func vocabularyText(_ wordToIdx: [String: Int]) -> String {
        wordToIdx.sorted { $0.value < $1.value }.map { "\($0.key)=\($0.value)" }
            .joined(separator: " ")
    }

    static func modelCase(
        _ name: String, _ description: String, model: CaptioningRNN<Double>,
        features: Tensor<Double>, captions: Tensor<Int>?, sampleLength: Int?,
        includeGradients: Bool = true
    ) -> FixtureCase {
        var inputs = arrays(model.params)
        inputs["features"] = FixtureArray(features)
        var outputs: [String: FixtureArray] = [:]
        if let captions {
            inputs["captions"] = FixtureArray(captions)
            // Fixtures are generated from valid inputs, so the loss cannot throw here.
            if let (loss, grads) = try? model.loss(features: features, captions: captions) {
                outputs = includeGradients ? arrays(grads) : [:]
                outputs["loss"] = FixtureArray(scalar: loss)
            }
        }
        if let sampleLength,
            let sampled = try? model.sample(
                features: features,
                maxLength: sampleLength)
        {
            outputs["captions"] = FixtureArray(sampled)
        }
        return FixtureCase(
            name: name, description: description, inputs: inputs, outputs: outputs,
            settings: [
                "cellType": model.cellType.rawValue,
                "wordToIdx": vocabularyText(model.wordToIdx),
            ])
    }

    static func captioning(_ cell: CellType) -> FixtureFile {
        var cases: [FixtureCase] = []
        // The notebook's loss cell: every parameter a linspace, toy vocabulary with V = 3.
        let toy = ["<NULL>": 0, "cat": 2, "dog": 3]
        if var model = try? CaptioningRNN<Double>(
            wordToIdx: toy, inputDim: 20, wordvecDim: 30,
            hiddenDim: 40, cellType: cell)
        {
            for name in CaptioningRNN<Double>.parameterNames(for: cell) {
                guard let value = model.params[name] else { continue }
                model.params[name] = linspace(-1.4, 1.3, value.count).reshaped(to: value.shape)
            }
            let features = cell == .rnn ? linspace(-1.5, 0.3, 10, 20) : linspace(-0.5, 1.7, 10, 20)
            let captions = Tensor<Int>(shape: [10, 13], scalars: (0..<130).map { $0 % 3 })
            cases.append(
                modelCase(
                    "notebook",
                    "The notebook's CaptioningRNN loss cell (N, D, W, H = 10, 20, 30, 40, "
                        + "V = 3, T = 13); \(notebookLossNote(cell)).",
                    model: model, features: features, captions: captions, sampleLength: nil,
                    includeGradients: false))
        }
        // A small model with a real vocabulary, <NULL> padding and a row that ends at once.
        let words = [
            "<NULL>": 0, "<START>": 1, "<END>": 2, "<UNK>": 3, "red": 4, "blue": 5,
            "circle": 6, "square": 7,
        ]
        // gru: seed 243, not 239: with 239, 242 or 245 some gradient element of these unscaled
        // N(0, 1) parameters is so close to 0 that the h = 1e-6 round-off of a loss near 10
        // (≈ 1e-9 absolute) pushes Reference itself over the 5e-6 model bound.
        var g = SeededGenerator(seed: cell == .rnn ? 236 : cell == .lstm ? 237 : 243)
        if let model = try? CaptioningRNN<Double>(
            wordToIdx: words, inputDim: 6, wordvecDim: 5,
            hiddenDim: 4, cellType: cell, seed: 238)
        {
            var seeded = model
            // In the original's parameter order: dictionary order changes between runs.
            for name in CaptioningRNN<Double>.parameterNames(for: cell) {
                guard let value = model.params[name] else { continue }
                seeded.params[name] = Tensor.randomNormal(shape: value.shape, using: &g) * 0.5
            }
            let features = randn(3, 6, using: &g)
            let captions = Tensor<Int>([
                [1, 4, 6, 2, 0, 0], [1, 5, 7, 4, 6, 2], [1, 2, 0, 0, 0, 0],
            ])
            cases.append(
                modelCase(
                    "padded",
                    "N = 3, D = 6, W = 5, H = 4, V = 8: captions with <NULL> padding (masked) "
                        + "and one that ends at once; also sampled for 7 words.",
                    model: seeded, features: features, captions: captions, sampleLength: 7))
            var single = seeded
            for name in CaptioningRNN<Double>.parameterNames(for: cell) {
                guard let value = model.params[name] else { continue }
                single.params[name] = Tensor.randomNormal(shape: value.shape, using: &g)
            }
            cases.append(
                modelCase(
                    "one-image", "A batch of one image and a caption of one step (T = 1).",
                    model: single, features: randn(1, 6, using: &g),
                    captions: Tensor<Int>([[1, 4]]), sampleLength: 5))
        }
        // No <END> in the vocabulary: a learner may stop at <END> (the original allows it,
        // and the check accepts it), so only a case without one compares every word.
        let noEnd = [
            "<NULL>": 0, "<START>": 1, "<UNK>": 2, "a": 3, "red": 4, "blue": 5,
            "green": 6, "circle": 7, "square": 8, "triangle": 9,
        ]
        var h = SeededGenerator(seed: cell == .rnn ? 239 : 240)
        if var model = try? CaptioningRNN<Double>(
            wordToIdx: noEnd, inputDim: 6, wordvecDim: 5,
            hiddenDim: 7, cellType: cell, seed: 241)
        {
            for name in CaptioningRNN<Double>.parameterNames {
                guard let value = model.params[name] else { continue }
                model.params[name] =
                    Tensor.randomNormal(shape: value.shape, using: &h)
                    * (name == "W_vocab" || name == "Wh" ? 2 : 1)
            }
            // <NULL> and <START> are never the best word, so the captions vary.
            model.params["b_vocab"]?[flat: 0] = -10
            model.params["b_vocab"]?[flat: 1] = -10
            cases.append(
                modelCase(
                    "no-end",
                    "N = 4, H = 7, V = 10 with no <END> token, sampled for 8 words: every "
                        + "word is compared, none can be left out by stopping early.",
                    model: model, features: randn(4, 6, using: &h), captions: nil, sampleLength: 8))
        }
        cases += specialTokenModelCases(cell)
        if let realistic = realisticModelCase(cell) { cases.append(realistic) }
        return FixtureFile(fixture: "captioning_\(cell.rawValue)", cases: cases)
    }
}
