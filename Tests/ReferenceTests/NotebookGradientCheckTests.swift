import Given
import Reference
import Tensor
import XCTest

/// Every published gradient check of the notebooks, with the notebooks' own (seeded
/// NumPy) inputs from notebook_checks.json: numeric central-difference gradients against
/// our analytic ones, each under the threshold the notebook states.
///
/// As a second, independent check, our analytic gradients are compared with those an
/// independent NumPy implementation computed at the same inputs
/// (`reference_analytic_gradients`): same inputs, same maths, so they agree to round-off.
final class NotebookGradientCheckTests: XCTestCase {
    let notebook = NotebookChecks.shared

    /// Asserts the numeric/analytic relative error is under the notebook's threshold.
    func check(
        _ name: String, _ key: String, numeric: Tensor<Double>, analytic: Tensor<Double>,
        thresholdKey: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        let threshold = notebook.gradientThreshold(name, thresholdKey ?? key)
        XCTAssertEqual(
            numeric.shape, analytic.shape, "\(name) \(key) shape", file: file, line: line)
        guard numeric.shape == analytic.shape else { return }
        let error = relativeError(numeric, analytic)
        print("\(name) \(key): relative error \(error) (notebook threshold \(threshold))")
        XCTAssertLessThan(error, threshold, "\(name) \(key)", file: file, line: line)
        XCTAssertGreaterThan(
            analytic.magnitude().max(), 0, "\(name) \(key) is not all zero",
            file: file, line: line)

        let published = notebook.check(name)["reference_analytic_gradients"] as! [String: Any]
        let independent = tensor(from: published[key]!)
        XCTAssertEqual(
            independent.shape, analytic.shape, "\(name) \(key) independent shape",
            file: file, line: line)
        if independent.shape == analytic.shape {
            // The analytic gradients of two implementations differ only by round-off.
            XCTAssertLessThan(
                relativeError(analytic, independent), 1e-9,
                "\(name) \(key) vs the independent NumPy gradient", file: file, line: line)
        }
    }

    func testRNNStepBackward() {
        let c = "rnn_step_backward"
        let (x, h, wx, wh, b) = (
            notebook.input(c, "x"), notebook.input(c, "h"),
            notebook.input(c, "Wx"), notebook.input(c, "Wh"),
            notebook.input(c, "b")
        )
        let dnext = notebook.input(c, "dnext_h")
        let (out, cache) = rnnStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b)
        XCTAssertEqual(out.shape, dnext.shape)
        let g = rnnStepBackward(dNextH: dnext, cache: cache)
        func f(
            _ x: Tensor<Double>, _ h: Tensor<Double>, _ wx: Tensor<Double>,
            _ wh: Tensor<Double>, _ b: Tensor<Double>
        ) -> Tensor<Double> {
            rnnStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b).nextH
        }
        check(
            c, "dx", numeric: numericGradient(at: x, upstream: dnext) { f($0, h, wx, wh, b) },
            analytic: g.dx)
        check(
            c, "dprev_h", numeric: numericGradient(at: h, upstream: dnext) { f(x, $0, wx, wh, b) },
            analytic: g.dPrevH)
        check(
            c, "dWx", numeric: numericGradient(at: wx, upstream: dnext) { f(x, h, $0, wh, b) },
            analytic: g.dWx)
        check(
            c, "dWh", numeric: numericGradient(at: wh, upstream: dnext) { f(x, h, wx, $0, b) },
            analytic: g.dWh)
        check(
            c, "db", numeric: numericGradient(at: b, upstream: dnext) { f(x, h, wx, wh, $0) },
            analytic: g.db)
    }

    func testRNNBackward() {
        let c = "rnn_backward"
        let (x, h0, wx, wh, b) = (
            notebook.input(c, "x"), notebook.input(c, "h0"),
            notebook.input(c, "Wx"), notebook.input(c, "Wh"),
            notebook.input(c, "b")
        )
        let dout = notebook.input(c, "dout")
        let (out, cache) = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        XCTAssertEqual(out.shape, [2, 10, 5])
        let g = rnnBackward(dh: dout, cache: cache)
        func f(
            _ x: Tensor<Double>, _ h0: Tensor<Double>, _ wx: Tensor<Double>,
            _ wh: Tensor<Double>, _ b: Tensor<Double>
        ) -> Tensor<Double> {
            rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b).h
        }
        check(
            c, "dx", numeric: numericGradient(at: x, upstream: dout) { f($0, h0, wx, wh, b) },
            analytic: g.dx)
        check(
            c, "dh0", numeric: numericGradient(at: h0, upstream: dout) { f(x, $0, wx, wh, b) },
            analytic: g.dh0)
        check(
            c, "dWx", numeric: numericGradient(at: wx, upstream: dout) { f(x, h0, $0, wh, b) },
            analytic: g.dWx)
        check(
            c, "dWh", numeric: numericGradient(at: wh, upstream: dout) { f(x, h0, wx, $0, b) },
            analytic: g.dWh)
        check(
            c, "db", numeric: numericGradient(at: b, upstream: dout) { f(x, h0, wx, wh, $0) },
            analytic: g.db)
    }

    func testWordEmbeddingBackward() {
        let c = "word_embedding_backward"
        let x = notebook.integerInput(c, "x"), w = notebook.input(c, "W")
        let dout = notebook.input(c, "dout")
        XCTAssertEqual(x.shape, [50, 3])
        let (out, cache) = wordEmbeddingForward(x: x, w: w)
        XCTAssertEqual(out.shape, dout.shape)
        let dW = wordEmbeddingBackward(dout: dout, cache: cache)
        let numeric = numericGradient(at: w, upstream: dout) {
            wordEmbeddingForward(x: x, w: $0).out
        }
        check(c, "dW", numeric: numeric, analytic: dW)
    }

    func testTemporalAffineBackward() {
        let c = "temporal_affine_backward"
        let (x, w, b) = (notebook.input(c, "x"), notebook.input(c, "w"), notebook.input(c, "b"))
        let dout = notebook.input(c, "dout")
        let (out, cache) = temporalAffineForward(x: x, w: w, b: b)
        XCTAssertEqual(out.shape, dout.shape)
        let g = temporalAffineBackward(dout: dout, cache: cache)
        check(
            c, "dx",
            numeric: numericGradient(at: x, upstream: dout) {
                temporalAffineForward(x: $0, w: w, b: b).out
            }, analytic: g.dx)
        check(
            c, "dw",
            numeric: numericGradient(at: w, upstream: dout) {
                temporalAffineForward(x: x, w: $0, b: b).out
            }, analytic: g.dw)
        check(
            c, "db",
            numeric: numericGradient(at: b, upstream: dout) {
                temporalAffineForward(x: x, w: w, b: $0).out
            }, analytic: g.db)
    }

    func testTemporalSoftmaxLossGradient() {
        let c = "temporal_softmax_loss_grad"
        let x = notebook.input(c, "x"), y = notebook.integerInput(c, "y")
        let mask = notebook.input(c, "mask") .!= 0
        XCTAssertEqual(mask.shape, [7, 8])
        XCTAssert(mask.scalars.contains(true) && mask.scalars.contains(false))
        let (loss, dx) = temporalSoftmaxLoss(x: x, y: y, mask: mask)
        let numeric = numericGradient(at: x) { temporalSoftmaxLoss(x: $0, y: y, mask: mask).loss }
        check(c, "dx", numeric: numeric, analytic: dx)
        let published = notebook.check(c)["reference_analytic_gradients"] as! [String: Any]
        XCTAssertEqual(loss, published["loss"] as! Double, accuracy: 1e-12)
    }

    /// The notebook's CaptioningRNN gradcheck: its toy vocabulary, its seeded captions,
    /// features and initial parameters, numeric gradients with h = 1e-6.
    func testCaptioningRNNGradientCheck() throws {
        let c = "CaptioningRNN gradcheck (rnn)"
        let wordToIdx = ["<NULL>": 0, "cat": 2, "dog": 3]
        var model = try CaptioningRNN<Double>(
            wordToIdx: wordToIdx, inputDim: 4, wordvecDim: 5,
            hiddenDim: 6, cellType: .rnn)
        for name in CaptioningRNN<Double>.parameterNames {
            let value = notebook.input(c, "param_" + name)
            XCTAssertEqual(value.shape, model.params[name]!.shape, name)
            model.params[name] = value
        }
        let captions = notebook.integerInput(c, "captions")
        let features = notebook.input(c, "features")
        XCTAssertEqual(captions.shape, [2, 3])
        let (loss, grads) = try model.loss(features: features, captions: captions)
        let published = notebook.check(c)["reference_analytic_gradients"] as! [String: Any]
        XCTAssertEqual(loss, published["loss"] as! Double, accuracy: 1e-12)
        XCTAssertEqual(Set(grads.keys), Set(CaptioningRNN<Double>.parameterNames))
        for name in CaptioningRNN<Double>.parameterNames.sorted() {
            let numeric = try numericGradient(at: model.params[name]!, step: 1e-6) { p in
                var probe = model
                probe.params[name] = p
                return try probe.loss(features: features, captions: captions).loss
            }
            check(c, name, numeric: numeric, analytic: grads[name]!)
        }
    }

    func testLSTMStepBackward() {
        let c = "lstm_step_backward"
        let (x, h, cPrev) = (
            notebook.input(c, "x"), notebook.input(c, "prev_h"),
            notebook.input(c, "prev_c")
        )
        let (wx, wh, b) = (notebook.input(c, "Wx"), notebook.input(c, "Wh"), notebook.input(c, "b"))
        let (dnextH, dnextC) = (notebook.input(c, "dnext_h"), notebook.input(c, "dnext_c"))
        let (_, _, cache) = lstmStepForward(x: x, prevH: h, prevC: cPrev, wx: wx, wh: wh, b: b)
        let g = lstmStepBackward(dNextH: dnextH, dNextC: dnextC, cache: cache)
        typealias Inputs = [Tensor<Double>]
        let inputs: Inputs = [x, h, cPrev, wx, wh, b]
        /// num(f_h, input, dnext_h) + num(f_c, input, dnext_c), as the notebook does.
        func numeric(_ position: Int) -> Tensor<Double> {
            func run(_ probe: Tensor<Double>) -> (Tensor<Double>, Tensor<Double>) {
                var a = inputs
                a[position] = probe
                let r = lstmStepForward(
                    x: a[0], prevH: a[1], prevC: a[2], wx: a[3], wh: a[4], b: a[5])
                return (r.nextH, r.nextC)
            }
            return numericGradient(at: inputs[position], upstream: dnextH) { run($0).0 }
                + numericGradient(at: inputs[position], upstream: dnextC) { run($0).1 }
        }
        check(c, "dx", numeric: numeric(0), analytic: g.dx)
        check(c, "dh", numeric: numeric(1), analytic: g.dPrevH)
        check(c, "dc", numeric: numeric(2), analytic: g.dPrevC)
        check(c, "dWx", numeric: numeric(3), analytic: g.dWx)
        check(c, "dWh", numeric: numeric(4), analytic: g.dWh)
        check(c, "db", numeric: numeric(5), analytic: g.db)
    }

    func testLSTMBackward() {
        let c = "lstm_backward"
        let (x, h0, wx, wh, b) = (
            notebook.input(c, "x"), notebook.input(c, "h0"),
            notebook.input(c, "Wx"), notebook.input(c, "Wh"),
            notebook.input(c, "b")
        )
        let dout = notebook.input(c, "dout")
        let (out, cache) = lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
        XCTAssertEqual(out.shape, [2, 10, 6])
        let g = lstmBackward(dh: dout, cache: cache)
        func f(
            _ x: Tensor<Double>, _ h0: Tensor<Double>, _ wx: Tensor<Double>,
            _ wh: Tensor<Double>, _ b: Tensor<Double>
        ) -> Tensor<Double> {
            lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b).h
        }
        // Per-gradient thresholds (dWh 1e-5: "it's fine if your error is on the order of e-6").
        check(
            c, "dx", numeric: numericGradient(at: x, upstream: dout) { f($0, h0, wx, wh, b) },
            analytic: g.dx)
        check(
            c, "dh0", numeric: numericGradient(at: h0, upstream: dout) { f(x, $0, wx, wh, b) },
            analytic: g.dh0)
        check(
            c, "dWx", numeric: numericGradient(at: wx, upstream: dout) { f(x, h0, $0, wh, b) },
            analytic: g.dWx)
        check(
            c, "dWh", numeric: numericGradient(at: wh, upstream: dout) { f(x, h0, wx, $0, b) },
            analytic: g.dWh)
        check(
            c, "db", numeric: numericGradient(at: b, upstream: dout) { f(x, h0, wx, wh, $0) },
            analytic: g.db)
    }
}
