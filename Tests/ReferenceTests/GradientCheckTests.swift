import Foundation
import Given
import Reference
import Tensor
import XCTest

/// Numeric gradient checks of every layer and every CaptioningRNN parameter at shapes the
/// notebooks do not use: N = 1, T = 1, D ≠ H (so a transposed weight cannot pass by
/// accident), W ≠ H ≠ D ≠ V, repeated word indices, masked time steps and all-<NULL>
/// captions. Inputs are drawn from SeededGenerator, so every run checks the same point.
///
/// Thresholds follow the notebooks: central differences with h = 1e-5 have truncation
/// error O(h²) ≈ 1e-10 and round-off O(ε|f|/h) ≈ 1e-11 per element, so smooth one-step
/// functions give relative errors around 1e-9, and long recurrences (where dWh sums many
/// products) around 1e-8..1e-7; each threshold below states its reason.
final class GradientCheckTests: XCTestCase {
    /// (N, T, D, H): N = 1 and T = 1 included, D ≠ H everywhere.
    static let sequenceShapes = [(1, 1, 3, 5), (1, 4, 6, 2), (3, 1, 2, 4), (2, 5, 4, 3)]

    func normal(_ shape: [Int], _ g: inout SeededGenerator, scale: Double = 1) -> Tensor<Double> {
        Tensor<Double>.randomNormal(shape: shape, using: &g) * scale
    }

    func assertGradient(
        _ label: String, numeric: Tensor<Double>, analytic: Tensor<Double>,
        below threshold: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(numeric.shape, analytic.shape, "\(label) shape", file: file, line: line)
        guard numeric.shape == analytic.shape else { return }
        let error = relativeError(numeric, analytic)
        print("\(label): relative error \(error) (threshold \(threshold))")
        if error > threshold / 10 {
            func err(_ i: Int) -> Double {
                let (x, y) = (numeric.scalars[i], analytic.scalars[i])
                return abs(x - y) / max(1e-8, abs(x) + abs(y))
            }
            let worst = (0..<numeric.count).max { err($0) < err($1) }!
            print(
                "  worst element \(worst): numeric \(numeric.scalars[worst]) analytic \(analytic.scalars[worst]); max |g| \(analytic.magnitude().max())"
            )
        }
        XCTAssertLessThan(error, threshold, label, file: file, line: line)
    }

    // MARK: affine layers

    func testAffineForwardByHand() {
        let x = Tensor<Double>([[1, 2], [3, 4], [5, 6]])
        let w = Tensor<Double>([[1, 0, -1], [2, 1, 0]])
        let b = Tensor<Double>([0.5, -1, 2])
        let (out, cache) = affineForward(x: x, w: w, b: b)
        XCTAssertEqual(out, Tensor([[5.5, 1, 1], [11.5, 3, -1], [17.5, 5, -3]]))
        let g = affineBackward(dout: Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), cache: cache)
        XCTAssertEqual(g.dx, Tensor([[1, 2], [0, 1], [-1, 0]]))  // rows of wᵀ
        XCTAssertEqual(g.dw, Tensor([[1, 3, 5], [2, 4, 6]]))  // xᵀ
        XCTAssertEqual(g.db, Tensor([1, 1, 1]))
    }

    func testAffineBackward() {
        var g = SeededGenerator(seed: 11)
        for (n, d, m) in [(1, 3, 5), (4, 6, 2), (3, 1, 4)] {
            let (x, w, b) = (normal([n, d], &g), normal([d, m], &g), normal([m], &g))
            let dout = normal([n, m], &g)
            let grads = affineBackward(dout: dout, cache: affineForward(x: x, w: w, b: b).cache)
            // Affine in each input: only round-off remains, as for the notebook's 1e-9 check.
            let label = "affine N\(n) D\(d) M\(m)"
            assertGradient(
                "\(label) dx",
                numeric: numericGradient(at: x, upstream: dout) {
                    affineForward(x: $0, w: w, b: b).out
                }, analytic: grads.dx, below: 1e-8)
            assertGradient(
                "\(label) dw",
                numeric: numericGradient(at: w, upstream: dout) {
                    affineForward(x: x, w: $0, b: b).out
                }, analytic: grads.dw, below: 1e-8)
            assertGradient(
                "\(label) db",
                numeric: numericGradient(at: b, upstream: dout) {
                    affineForward(x: x, w: w, b: $0).out
                }, analytic: grads.db, below: 1e-8)
        }
    }

    func testTemporalAffineBackward() {
        var g = SeededGenerator(seed: 12)
        for (n, t, d, m) in [(1, 1, 3, 5), (2, 4, 5, 3), (3, 1, 2, 6)] {
            let (x, w, b) = (normal([n, t, d], &g), normal([d, m], &g), normal([m], &g))
            let dout = normal([n, t, m], &g)
            let grads = temporalAffineBackward(
                dout: dout, cache: temporalAffineForward(x: x, w: w, b: b).cache)
            // Affine: round-off only (notebook: 1e-9).
            let label = "temporal affine N\(n) T\(t) D\(d) M\(m)"
            assertGradient(
                "\(label) dx",
                numeric: numericGradient(at: x, upstream: dout) {
                    temporalAffineForward(x: $0, w: w, b: b).out
                }, analytic: grads.dx, below: 1e-8)
            assertGradient(
                "\(label) dw",
                numeric: numericGradient(at: w, upstream: dout) {
                    temporalAffineForward(x: x, w: $0, b: b).out
                }, analytic: grads.dw, below: 1e-8)
            assertGradient(
                "\(label) db",
                numeric: numericGradient(at: b, upstream: dout) {
                    temporalAffineForward(x: x, w: w, b: $0).out
                }, analytic: grads.db, below: 1e-8)
        }
    }

    // MARK: word embedding and loss

    func testWordEmbeddingBackwardWithRepeatedWords() {
        var g = SeededGenerator(seed: 13)
        let cases: [Tensor<Int>] = [
            Tensor([[3]]), Tensor([[2, 2, 2, 0]]),
            Tensor([[1, 4, 1], [4, 4, 1], [0, 1, 1]]),
        ]
        for x in cases {
            let w = normal([5, 3], &g)
            let dout = normal(x.shape + [3], &g)
            let dW = wordEmbeddingBackward(
                dout: dout, cache: wordEmbeddingForward(x: x, w: w).cache)
            // Linear in W: the numeric gradient is exact up to round-off (notebook: 1e-11).
            assertGradient(
                "word embedding \(x.shape.shapeDescription)",
                numeric: numericGradient(at: w, upstream: dout) {
                    wordEmbeddingForward(x: x, w: $0).out
                },
                analytic: dW, below: 1e-10)
            // Words that never occur get exactly zero.
            for v in 0..<5 where !x.scalars.contains(v) {
                XCTAssertEqual(dW[v], Tensor<Double>.zeros(3), "row \(v)")
            }
        }
    }

    func testTemporalSoftmaxLossWithMaskedRow() {
        var g = SeededGenerator(seed: 14)
        for (n, t, v) in [(1, 1, 4), (3, 4, 5), (2, 6, 3)] {
            let x = normal([n, t, v], &g, scale: 2)
            let y = Tensor<Int>.randomIntegers(below: v, shape: [n, t], using: &g)
            var flags = Tensor<Double>.randomUniform(shape: [n, t], using: &g).scalars.map {
                $0 > 0.3
            }
            if n > 1 { for j in 0..<t { flags[t + j] = false } }  // row 1 fully masked
            flags[0] = true
            let mask = Tensor<Bool>(shape: [n, t], scalars: flags)
            let (loss, dx) = temporalSoftmaxLoss(x: x, y: y, mask: mask)
            XCTAssert(loss > 0 && loss.isFinite)
            // Smooth in x, one softmax deep: the notebook's 1e-7.
            assertGradient(
                "temporal softmax N\(n) T\(t) V\(v)",
                numeric: numericGradient(at: x) {
                    temporalSoftmaxLoss(x: $0, y: y, mask: mask).loss
                },
                analytic: dx, below: 1e-7)
            if n > 1 {
                XCTAssertEqual(dx[1], Tensor<Double>.zeros(t, v), "a masked row has no gradient")
            }
        }
    }

    func testTemporalSoftmaxLossByHand() {
        // Uniform scores over V = 4: each unmasked step costs ln 4; 3 of 4 steps, N = 2.
        let x = Tensor<Double>.zeros(2, 2, 4)
        let y = Tensor<Int>([[0, 3], [1, 2]])
        let mask = Tensor<Bool>(shape: [2, 2], scalars: [true, true, false, true])
        let (loss, dx) = temporalSoftmaxLoss(x: x, y: y, mask: mask)
        XCTAssertEqual(loss, 3 * Foundation.log(4) / 2, accuracy: 1e-14)
        XCTAssertEqual(dx[0, 0, 0], (0.25 - 1) / 2, accuracy: 1e-15)
        XCTAssertEqual(dx[0, 0, 1], 0.25 / 2, accuracy: 1e-15)
        XCTAssertEqual(dx[1, 0, 1], 0)
        // Huge scores do not overflow thanks to the max shift.
        let big = Tensor<Double>(shape: [1, 1, 3], scalars: [1000, 0, -1000])
        let (l2, d2) = temporalSoftmaxLoss(
            x: big, y: Tensor([[0]]),
            mask: Tensor(shape: [1, 1], scalars: [true]))
        XCTAssertEqual(l2, 0, accuracy: 1e-300)
        XCTAssert(d2.isFinite)
    }

    // MARK: recurrent layers

    func testRNNStepBackward() {
        var g = SeededGenerator(seed: 15)
        for (n, _, d, h) in Self.sequenceShapes {
            let (x, prev) = (normal([n, d], &g), normal([n, h], &g))
            let (wx, wh, b) = (
                normal([d, h], &g, scale: 1 / Double(d).squareRoot()),
                normal([h, h], &g, scale: 1 / Double(h).squareRoot()),
                normal([h], &g, scale: 0.5)
            )
            let dnext = normal([n, h], &g)
            let grads = rnnStepBackward(
                dNextH: dnext, cache: rnnStepForward(x: x, prevH: prev, wx: wx, wh: wh, b: b).cache)
            func f(_ a: [Tensor<Double>]) -> Tensor<Double> {
                rnnStepForward(x: a[0], prevH: a[1], wx: a[2], wh: a[3], b: a[4]).nextH
            }
            let inputs = [x, prev, wx, wh, b]
            let analytic = [grads.dx, grads.dPrevH, grads.dWx, grads.dWh, grads.db]
            for (i, name) in ["dx", "dprev_h", "dWx", "dWh", "db"].enumerated() {
                let numeric = numericGradient(at: inputs[i], upstream: dnext) {
                    var a = inputs
                    a[i] = $0
                    return f(a)
                }
                // One tanh deep: the notebook's 1e-8 is met with room; 1e-7 leaves margin for
                // small elements of random draws.
                assertGradient(
                    "rnn step N\(n) D\(d) H\(h) \(name)", numeric: numeric,
                    analytic: analytic[i], below: 1e-7)
            }
        }
    }

    func testRNNBackward() {
        var g = SeededGenerator(seed: 16)
        for (n, t, d, h) in Self.sequenceShapes {
            let (x, h0) = (normal([n, t, d], &g), normal([n, h], &g))
            let (wx, wh, b) = (
                normal([d, h], &g, scale: 1 / Double(d).squareRoot()),
                normal([h, h], &g, scale: 1 / Double(h).squareRoot()),
                normal([h], &g, scale: 0.5)
            )
            let dout = normal([n, t, h], &g)
            let grads = rnnBackward(
                dh: dout, cache: rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b).cache)
            let inputs = [x, h0, wx, wh, b]
            let analytic = [grads.dx, grads.dh0, grads.dWx, grads.dWh, grads.db]
            for (i, name) in ["dx", "dh0", "dWx", "dWh", "db"].enumerated() {
                let numeric = numericGradient(at: inputs[i], upstream: dout) {
                    p -> Tensor<Double> in
                    var a = inputs
                    a[i] = p
                    return rnnForward(x: a[0], h0: a[1], wx: a[2], wh: a[3], b: a[4]).h
                }
                // A sequence: the notebook's 5e-7 (2017) / ~1e-6 (2018+); we use 5e-7.
                assertGradient(
                    "rnn N\(n) T\(t) D\(d) H\(h) \(name)", numeric: numeric,
                    analytic: analytic[i], below: 5e-7)
            }
        }
    }

    func testLSTMStepBackward() {
        var g = SeededGenerator(seed: 17)
        for (n, _, d, h) in Self.sequenceShapes {
            let (x, prevH, prevC) = (normal([n, d], &g), normal([n, h], &g), normal([n, h], &g))
            let (wx, wh, b) = (
                normal([d, 4 * h], &g, scale: 1 / Double(d).squareRoot()),
                normal([h, 4 * h], &g, scale: 1 / Double(h).squareRoot()),
                normal([4 * h], &g, scale: 0.5)
            )
            let (dnextH, dnextC) = (normal([n, h], &g), normal([n, h], &g))
            let grads = lstmStepBackward(
                dNextH: dnextH, dNextC: dnextC,
                cache: lstmStepForward(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b).cache
            )
            let inputs = [x, prevH, prevC, wx, wh, b]
            let analytic = [grads.dx, grads.dPrevH, grads.dPrevC, grads.dWx, grads.dWh, grads.db]
            for (i, name) in ["dx", "dh", "dc", "dWx", "dWh", "db"].enumerated() {
                func run(_ p: Tensor<Double>) -> (Tensor<Double>, Tensor<Double>) {
                    var a = inputs
                    a[i] = p
                    let r = lstmStepForward(
                        x: a[0], prevH: a[1], prevC: a[2], wx: a[3], wh: a[4], b: a[5])
                    return (r.nextH, r.nextC)
                }
                let numeric =
                    numericGradient(at: inputs[i], upstream: dnextH) { run($0).0 }
                    + numericGradient(at: inputs[i], upstream: dnextC) { run($0).1 }
                // One step, but gates multiply: the notebook's 1e-6 (2017) / ~1e-7 (2018+).
                assertGradient(
                    "lstm step N\(n) D\(d) H\(h) \(name)", numeric: numeric,
                    analytic: analytic[i], below: 1e-6)
            }
        }
    }

    func testLSTMBackward() {
        var g = SeededGenerator(seed: 18)
        for (n, t, d, h) in Self.sequenceShapes {
            let (x, h0) = (normal([n, t, d], &g), normal([n, h], &g))
            let (wx, wh, b) = (
                normal([d, 4 * h], &g, scale: 1 / Double(d).squareRoot()),
                normal([h, 4 * h], &g, scale: 1 / Double(h).squareRoot()),
                normal([4 * h], &g, scale: 0.5)
            )
            let dout = normal([n, t, h], &g)
            let grads = lstmBackward(
                dh: dout, cache: lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b).cache)
            let inputs = [x, h0, wx, wh, b]
            let analytic = [grads.dx, grads.dh0, grads.dWx, grads.dWh, grads.db]
            for (i, name) in ["dx", "dh0", "dWx", "dWh", "db"].enumerated() {
                let numeric = numericGradient(at: inputs[i], upstream: dout) {
                    p -> Tensor<Double> in
                    var a = inputs
                    a[i] = p
                    return lstmForward(x: a[0], h0: a[1], wx: a[2], wh: a[3], b: a[4]).h
                }
                // A sequence of gated steps: the notebook allows ~1e-7, and ~1e-6 for dWh.
                assertGradient(
                    "lstm N\(n) T\(t) D\(d) H\(h) \(name)", numeric: numeric,
                    analytic: analytic[i], below: name == "dWh" ? 1e-5 : 1e-6)
            }
        }
    }

    // MARK: CaptioningRNN

    static let vocabulary = [
        "<NULL>": 0, "<START>": 1, "<END>": 2, "a": 3, "cat": 4, "dog": 5,
        "sat": 6,
    ]

    /// D = 3, W = 4, H = 5, V = 7, every parameter (biases too) a seeded random draw; weights
    /// scaled by 1/√fan-in as the model's own init does (W_embed too, unlike its /100), so
    /// the gates are not saturated and no gradient element is so small that round-off
    /// (≈ 1e-10 absolute with h = 1e-5) dominates its relative error.
    func makeModel(_ cell: CellType, seed: UInt64) throws -> CaptioningRNN<Double> {
        var model = try CaptioningRNN<Double>(
            wordToIdx: Self.vocabulary, inputDim: 3,
            wordvecDim: 4, hiddenDim: 5, cellType: cell, seed: seed)
        var g = SeededGenerator(seed: seed + 1000)
        for name in CaptioningRNN<Double>.parameterNames {
            let shape = model.params[name]!.shape
            let scale = shape.count == 2 ? 1 / Double(shape[0]).squareRoot() : 0.5
            model.params[name] = normal(shape, &g, scale: scale)
        }
        return model
    }

    func checkModelGradients(_ cell: CellType, captions: Tensor<Int>, seed: UInt64) throws {
        let model = try makeModel(cell, seed: seed)
        var g = SeededGenerator(seed: seed + 2000)
        let features = normal([captions.shape[0], 3], &g)
        let (_, grads) = try model.loss(features: features, captions: captions)
        XCTAssertEqual(Set(grads.keys), Set(CaptioningRNN<Double>.parameterNames))
        for name in CaptioningRNN<Double>.parameterNames {
            XCTAssertEqual(grads[name]!.shape, model.params[name]!.shape, name)
            let numeric = try numericGradient(at: model.params[name]!) { p in
                var probe = model
                probe.params[name] = p
                return try probe.loss(features: features, captions: captions).loss
            }
            // The whole network, exactly the notebook's CaptioningRNN check: "errors around
            // 5e-6 or less" (2017), "around the order of e-6" (2018+). The loss (≈ 10) is a
            // sum over steps, so its round-off over 2h is ≈ 1e-10 absolute and elements of
            // a few 1e-6 (weakly used LSTM weights) reach relative errors of a few 1e-6.
            assertGradient(
                "CaptioningRNN \(cell) \(captions.shape.shapeDescription) \(name)",
                numeric: numeric, analytic: grads[name]!, below: 5e-6)
        }
    }

    /// Repeated words, <NULL> padding, and a caption that is all <NULL> after <START>.
    static let paddedCaptions = Tensor<Int>([
        [1, 3, 4, 4, 2, 0], [1, 0, 0, 0, 0, 0],
        [1, 5, 6, 5, 6, 2],
    ])

    func testCaptioningRNNGradients() throws {
        try checkModelGradients(.rnn, captions: Self.paddedCaptions, seed: 21)
        try checkModelGradients(.rnn, captions: Tensor([[1, 4]]), seed: 22)  // N = 1, T = 1
    }

    func testCaptioningLSTMGradients() throws {
        try checkModelGradients(.lstm, captions: Self.paddedCaptions, seed: 23)
        try checkModelGradients(.lstm, captions: Tensor([[1, 4]]), seed: 24)
    }

    /// The loss is summed over unmasked steps and divided by N, all-<NULL> rows included:
    /// with rows 0 and 2 alone (N = 2) the loss is 3/2 of the three-row loss.
    func testAllNullCaptionAddsNothingButCountsInN() throws {
        for cell in CellType.allCases {
            let model = try makeModel(cell, seed: 30)
            var g = SeededGenerator(seed: 31)
            let features = normal([3, 3], &g)
            let (three, grads) = try model.loss(features: features, captions: Self.paddedCaptions)
            let keep = Tensor<Int>.stacked(
                [Self.paddedCaptions[0], Self.paddedCaptions[2]], alongAxis: 0)
            let featuresKept = Tensor<Double>.stacked([features[0], features[2]], alongAxis: 0)
            let two = try model.loss(features: featuresKept, captions: keep).loss
            XCTAssertEqual(three * 3, two * 2, accuracy: 1e-12, "\(cell)")
            // <NULL> is an input only in the masked row, so its embedding gets no gradient.
            XCTAssertEqual(grads["W_embed"]![0], Tensor<Double>.zeros(4), "\(cell)")
        }
    }

    // MARK: errors

    func testCaptioningErrors() throws {
        XCTAssertThrowsError(try CellType(named: "transformer")) { error in
            XCTAssertEqual(error as? CaptioningError, .unknownCellType("transformer"))
        }
        XCTAssertEqual(try CellType(named: "LSTM"), .lstm)
        XCTAssertThrowsError(try CaptioningRNN<Double>(wordToIdx: ["<START>": 0, "cat": 1])) {
            XCTAssertEqual($0 as? CaptioningError, .missingToken("<NULL>"))
        }

        let model = try makeModel(.rnn, seed: 40)
        let features = Tensor<Double>.zeros(2, 3)
        func expect(
            _ captions: Tensor<Int>, features: Tensor<Double> = features,
            model: CaptioningRNN<Double>? = nil, _ matches: (CaptioningError) -> Bool,
            line: UInt = #line
        ) {
            XCTAssertThrowsError(
                try (model ?? self.makeModelUnchecked())
                    .loss(features: features, captions: captions), line: line
            ) { error in
                guard let e = error as? CaptioningError else {
                    return XCTFail("not a CaptioningError: \(error)", line: line)
                }
                XCTAssert(matches(e), "unexpected \(e)", line: line)
            }
        }
        func isCaptions(_ e: CaptioningError) -> Bool {
            if case .malformedCaptions = e { return true } else { return false }
        }
        expect(Tensor([[1, 3, 7], [1, 2, 0]]), model: model, isCaptions)  // 7 >= V
        expect(Tensor([[1, 3, 2], [1, -1, 0]]), model: model, isCaptions)  // negative
        expect(Tensor([1, 3, 2, 0]), model: model, isCaptions)  // rank 1
        expect(Tensor([[[1, 3], [2, 0]], [[1, 3], [2, 0]]]), model: model, isCaptions)  // rank 3
        expect(Tensor([[1], [1]]), model: model, isCaptions)  // T + 1 = 1
        expect(Tensor([[1, 3, 2]]), model: model, isCaptions)  // 1 caption, 2 rows
        expect(Tensor([[1, 3, 2], [1, 2, 0]]), features: .zeros(2, 4), model: model) {
            if case .malformedFeatures = $0 { return true } else { return false }
        }
        expect(Tensor([[1, 3, 2], [1, 2, 0]]), features: .zeros(3), model: model) {
            if case .malformedFeatures = $0 { return true } else { return false }
        }
        var broken = model
        broken.params["Wh"] = .zeros(4, 5)  // (W, H) instead of (H, H)
        expect(Tensor([[1, 3, 2], [1, 2, 0]]), model: broken) {
            if case .malformedParameter = $0 { return true } else { return false }
        }
        broken = model
        broken.params["b_vocab"] = nil
        expect(Tensor([[1, 3, 2], [1, 2, 0]]), model: broken) {
            if case .malformedParameter = $0 { return true } else { return false }
        }
        XCTAssertThrowsError(try broken.sample(features: features, maxLength: 3))

        let noStart = try CaptioningRNN<Double>(
            wordToIdx: ["<NULL>": 0, "cat": 1, "dog": 2],
            inputDim: 3, wordvecDim: 4, hiddenDim: 5)
        XCTAssertThrowsError(try noStart.sample(features: features, maxLength: 3)) {
            XCTAssertEqual($0 as? CaptioningError, .missingToken("<START>"))
        }
        // The valid calls work, so the errors above come from the malformed part alone.
        XCTAssertNoThrow(
            try model.loss(features: features, captions: Tensor([[1, 3, 2], [1, 2, 0]])))
        XCTAssertEqual(try model.sample(features: features, maxLength: 3).shape, [2, 3])
    }

    private func makeModelUnchecked() -> CaptioningRNN<Double> { try! makeModel(.rnn, seed: 40) }
}
