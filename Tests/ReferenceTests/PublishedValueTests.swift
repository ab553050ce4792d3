import Given
import Reference
import Tensor
import XCTest

/// Every published forward value and model loss of the original notebooks, reproduced
/// with the notebooks' own recipes (`np.linspace(...).reshape(...)`).
final class PublishedValueTests: XCTestCase {
    let notebook = NotebookChecks.shared

    func linspace(_ low: Double, _ high: Double, _ shape: Int...) -> Tensor<Double> {
        Tensor.linspace(from: low, through: high, count: shape.reduce(1, *)).reshaped(to: shape)
    }

    func testLinspaceMatchesNumPyBitForBit() {
        // The notebook's own input arrays were written by NumPy; our recipe must give the
        // identical doubles, or every later comparison starts from different inputs.
        XCTAssertEqual(linspace(-0.4, 0.7, 3, 10), notebook.input("rnn_step_forward", "x"))
        XCTAssertEqual(linspace(-2.1, 1.3, 4, 20), notebook.input("lstm_step_forward", "Wx"))
        XCTAssertEqual(linspace(-0.4, 0.6, 2, 3, 5), notebook.input("lstm_forward", "x"))
    }

    func testRNNStepForward() {
        let (n, d, h) = (3, 10, 4)
        let nextH = rnnStepForward(
            x: linspace(-0.4, 0.7, n, d), prevH: linspace(-0.2, 0.5, n, h),
            wx: linspace(-0.1, 0.9, d, h), wh: linspace(-0.3, 0.7, h, h),
            b: linspace(-0.2, 0.4, h)
        ).nextH
        assertClose(nextH, notebook.expected("rnn_step_forward", "next_h"), below: 1e-6, "next_h")
    }

    func testRNNForward() {
        let (n, t, d, h) = (2, 3, 4, 5)
        let out = rnnForward(
            x: linspace(-0.1, 0.3, n, t, d), h0: linspace(-0.3, 0.1, n, h),
            wx: linspace(-0.2, 0.4, d, h), wh: linspace(-0.4, 0.1, h, h),
            b: linspace(-0.7, 0.1, h)
        ).h
        assertClose(out, notebook.expected("rnn_forward", "h"), below: 1e-6, "h")
    }

    func testWordEmbeddingForward() {
        let x = Tensor<Int>([[0, 3, 1, 2], [2, 1, 0, 3]])
        let out = wordEmbeddingForward(x: x, w: linspace(0, 1, 5, 3)).out
        assertClose(out, notebook.expected("word_embedding_forward", "out"), below: 1e-6, "out")
    }

    func testLSTMStepForward() {
        let (n, d, h) = (3, 4, 5)
        let result = lstmStepForward(
            x: linspace(-0.4, 1.2, n, d), prevH: linspace(-0.3, 0.7, n, h),
            prevC: linspace(-0.4, 0.9, n, h), wx: linspace(-2.1, 1.3, d, 4 * h),
            wh: linspace(-0.7, 2.2, h, 4 * h), b: linspace(0.3, 0.7, 4 * h))
        assertClose(
            result.nextH, notebook.expected("lstm_step_forward", "next_h"),
            below: 1e-6, "next_h")
        assertClose(
            result.nextC, notebook.expected("lstm_step_forward", "next_c"),
            below: 1e-6, "next_c")
    }

    func testLSTMForward() {
        let (n, d, h, t) = (2, 5, 4, 3)
        let out = lstmForward(
            x: linspace(-0.4, 0.6, n, t, d), h0: linspace(-0.4, 0.8, n, h),
            wx: linspace(-0.2, 0.9, d, 4 * h), wh: linspace(-0.3, 0.6, h, 4 * h),
            b: linspace(0.2, 0.7, 4 * h)
        ).h
        assertClose(out, notebook.expected("lstm_forward", "h"), below: 1e-6, "h")
    }

    /// The notebook's CaptioningRNN loss cell: every parameter a linspace, V = 3, T = 13.
    func notebookLoss(cell: CellType, featureRange: (Double, Double)) throws -> Double {
        let (n, d, w, h) = (10, 20, 30, 40)
        let wordToIdx = ["<NULL>": 0, "cat": 2, "dog": 3]
        let v = wordToIdx.count
        let t = 13
        var model = try CaptioningRNN<Double>(
            wordToIdx: wordToIdx, inputDim: d, wordvecDim: w,
            hiddenDim: h, cellType: cell)
        for (name, value) in model.params {
            model.params[name] = linspace(-1.4, 1.3, value.count).reshaped(to: value.shape)
        }
        let features = linspace(featureRange.0, featureRange.1, n, d)
        let captions = Tensor<Int>(shape: [n, t], scalars: (0..<(n * t)).map { $0 % v })
        return try model.loss(features: features, captions: captions).loss
    }

    func testCaptioningRNNLossRNN() throws {
        let loss = try notebookLoss(cell: .rnn, featureRange: (-1.5, 0.3))
        let expected = notebook.check("CaptioningRNN.loss (rnn)")["expected"] as! Double
        print(
            "CaptioningRNN.loss (rnn) = \(loss), published \(expected), |diff| \(abs(loss - expected))"
        )
        XCTAssertEqual(loss, 9.83235591003, accuracy: 1e-10)
        XCTAssertLessThan(abs(loss - expected), 1e-10, "loss \(loss), expected \(expected)")
    }

    func testCaptioningRNNLossLSTM() throws {
        let loss = try notebookLoss(cell: .lstm, featureRange: (-0.5, 1.7))
        let expected = notebook.check("CaptioningRNN.loss (lstm)")["expected"] as! Double
        print(
            "CaptioningRNN.loss (lstm) = \(loss), published \(expected), |diff| \(abs(loss - expected))"
        )
        XCTAssertEqual(loss, 9.82445935443, accuracy: 1e-10)
        XCTAssertLessThan(abs(loss - expected), 1e-10, "loss \(loss), expected \(expected)")
    }

    /// Greedy sampling on the reference-only recipe of notebook_checks.json: every
    /// parameter 1.5 sin(0.37 i + j), features cos(0.5 i).
    func testSampleMatchesIndependentReference() throws {
        let wordToIdx = ["<NULL>": 0, "<START>": 1, "<END>": 2, "cat": 3, "dog": 4]
        let check = notebook.check("sample_fixture")
        let expected = check["reference_value"] as! [String: Any]
        for cell in [CellType.rnn, .lstm] {  // the recipe has no gru values
            var model = try CaptioningRNN<Double>(
                wordToIdx: wordToIdx, inputDim: 6, wordvecDim: 5,
                hiddenDim: 7, cellType: cell)
            for (j, name) in CaptioningRNN<Double>.parameterNames.enumerated() {
                let shape = model.params[name]!.shape
                let count = shape.reduce(1, *)
                model.params[name] = Tensor(
                    shape: shape,
                    scalars: (0..<count).map {
                        1.5 * sin(0.37 * Double($0) + Double(j))
                    })
            }
            let features = Tensor(shape: [3, 6], scalars: (0..<18).map { cos(0.5 * Double($0)) })
            let sampled = try model.sample(features: features, maxLength: 8)
            let reference = Tensor<Int>(truncating: tensor(from: expected[cell.rawValue]!))
            XCTAssertEqual(sampled, reference, "\(cell) sample")
        }
    }

    /// check_loss(N, T, V, p) with our own seeded draws: about ln(10)·T·fraction kept.
    func testTemporalSoftmaxLossSanity() {
        var generator = SeededGenerator(seed: 231)
        func checkLoss(_ n: Int, _ t: Int, _ v: Int, _ p: Double) -> Double {
            let x = 0.001 * Tensor<Double>.randomNormal(shape: [n, t, v], using: &generator)
            let y = Tensor<Int>.randomIntegers(below: v, shape: [n, t], using: &generator)
            let draws = Tensor<Double>.randomUniform(shape: [n, t], using: &generator)
            let mask = Tensor<Bool>(shape: [n, t], scalars: draws.scalars.map { $0 <= p })
            return temporalSoftmaxLoss(x: x, y: y, mask: mask).loss
        }
        let (one, ten, sparse) = (
            checkLoss(100, 1, 10, 1.0), checkLoss(100, 10, 10, 1.0),
            checkLoss(5000, 10, 10, 0.1)
        )
        print("check_loss: \(one), \(ten), \(sparse) (published about 2.3, 23, 2.2-2.4)")
        XCTAssertEqual(one, 2.3026, accuracy: 0.01)
        XCTAssertEqual(ten, 23.026, accuracy: 0.05)
        XCTAssert((2.2...2.4).contains(sparse), "check_loss(5000, 10, 10, 0.1) = \(sparse)")
    }
}
