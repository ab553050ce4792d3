import Foundation
import Given
import Reference
import Tensor
import XCTest

/// The GRU (not in the original): agreement with PyTorch's documented `nn.GRU` on a worked
/// example computed independently with NumPy, numeric gradient checks of every gradient
/// (Double, central differences h = 1e-5, the notebooks' rel_error) at D ≠ H, N = 1, T = 1
/// and a longer T = 12, and CaptioningRNN with cell type gru (its ninth parameter bh too).
final class GRUTests: XCTestCase {
    func normal(_ shape: [Int], _ g: inout SeededGenerator, scale: Double = 1) -> Tensor<Double> {
        Tensor<Double>.randomNormal(shape: shape, using: &g) * scale
    }

    /// Prints the error (for the record) and asserts it is below `threshold`.
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
                "  worst element \(worst): numeric \(numeric.scalars[worst]) analytic "
                    + "\(analytic.scalars[worst]); max |g| \(analytic.magnitude().max())")
        }
        XCTAssertLessThan(error, threshold, label, file: file, line: line)
    }

    // MARK: PyTorch's definition

    /// N, T, D, H = 2, 3, 3, 2, in PyTorch's layout: weight_ih (3H, D) rows [W_ir; W_iz; W_in],
    /// weight_hh (3H, H) rows [W_hr; W_hz; W_hn], bias_ih, bias_hh; our Wx = weight_ihᵀ,
    /// Wh = weight_hhᵀ, b = bias_ih, bh = bias_hh.
    ///
    /// The expected h was computed once with NumPy 2.4.6 (PyTorch is not needed, nor
    /// installed), from the equations of PyTorch's nn.GRU documentation, step by step:
    ///
    ///     import numpy as np
    ///     N, T, D, H = 2, 3, 3, 2
    ///     weight_ih = 0.3 * np.sin(np.arange(3 * H * D) + 1.0).reshape(3 * H, D)
    ///     weight_hh = 0.5 * np.cos(0.7 * np.arange(3 * H * H)).reshape(3 * H, H)
    ///     bias_ih = np.linspace(-0.3, 0.4, 3 * H)
    ///     bias_hh = np.linspace(0.5, -0.2, 3 * H)
    ///     x = np.linspace(-1.0, 1.0, N * T * D).reshape(N, T, D)
    ///     h = np.array([[0.1, -0.2], [0.3, 0.05]])
    ///     sig = lambda a: 1 / (1 + np.exp(-a))
    ///     W_ir, W_iz, W_in = weight_ih[:H], weight_ih[H:2*H], weight_ih[2*H:]
    ///     W_hr, W_hz, W_hn = weight_hh[:H], weight_hh[H:2*H], weight_hh[2*H:]
    ///     b_ir, b_iz, b_in = bias_ih[:H], bias_ih[H:2*H], bias_ih[2*H:]
    ///     b_hr, b_hz, b_hn = bias_hh[:H], bias_hh[H:2*H], bias_hh[2*H:]
    ///     out = []
    ///     for t in range(T):
    ///         xt = x[:, t]
    ///         r = sig(xt @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    ///         z = sig(xt @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    ///         n = np.tanh(xt @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    ///         h = (1 - z) * n + z * h
    ///         out.append(h)
    ///     print(repr(np.stack(out, axis=1).ravel().tolist()))
    static let pytorchExpectedH: [Double] = [
        -0.13983605789549983, 0.08341963346826875, -0.11476028214482584, 0.23327987445187356,
        0.022673723431483404, 0.2802280123350823, 0.3478461130746212, 0.13878867749360016,
        0.4554776931608804, 0.08350773374191284, 0.5600200317554995, -0.061740447088210755,
    ]

    func pytorchExample() -> (
        x: Tensor<Double>, h0: Tensor<Double>, wx: Tensor<Double>,
        wh: Tensor<Double>, b: Tensor<Double>, bh: Tensor<Double>
    ) {
        let (n, t, d, h) = (2, 3, 3, 2)
        let weightIH = Tensor(
            shape: [3 * h, d],
            scalars: (0..<(3 * h * d)).map {
                0.3 * sin(Double($0) + 1)
            })
        let weightHH = Tensor(
            shape: [3 * h, h],
            scalars: (0..<(3 * h * h)).map {
                0.5 * cos(0.7 * Double($0))
            })
        let x = Tensor<Double>.linspace(from: -1, through: 1, count: n * t * d).reshaped(n, t, d)
        return (
            x, Tensor([[0.1, -0.2], [0.3, 0.05]]), weightIH.transposed(), weightHH.transposed(),
            Tensor.linspace(from: -0.3, through: 0.4, count: 3 * h),
            Tensor.linspace(from: 0.5, through: -0.2, count: 3 * h)
        )
    }

    func testForwardMatchesPyTorchDefinitionComputedWithNumPy() {
        let e = pytorchExample()
        let expected = Tensor(shape: [2, 3, 2], scalars: Self.pytorchExpectedH)
        let h = gruForward(x: e.x, h0: e.h0, wx: e.wx, wh: e.wh, b: e.b, bh: e.bh).h
        XCTAssertEqual(h.shape, [2, 3, 2])
        XCTAssertLessThan(relativeError(h, expected), 1e-13, "gruForward vs NumPy")
        // The step function gives the first column.
        let step = gruStepForward(x: e.x[..., 0], prevH: e.h0, wx: e.wx, wh: e.wh, b: e.b, bh: e.bh)
        XCTAssertLessThan(relativeError(step.nextH, expected[..., 0]), 1e-13, "gruStepForward")
    }

    /// b and bh are not interchangeable: the reset gate multiplies bh's n-block only.
    func testHiddenBiasIsInsideTheResetGate() {
        let e = pytorchExample()
        let h = gruForward(x: e.x, h0: e.h0, wx: e.wx, wh: e.wh, b: e.b, bh: e.bh).h
        // Moving the r and z blocks between the biases changes nothing ...
        var (b2, bh2) = (e.b, e.bh)
        b2[0..<4] = e.b[0..<4] + e.bh[0..<4]
        bh2[0..<4] = Tensor.zeros(4)
        XCTAssertLessThan(
            relativeError(
                gruForward(x: e.x, h0: e.h0, wx: e.wx, wh: e.wh, b: b2, bh: bh2).h, h), 1e-14)
        // ... moving the n block does.
        var (b3, bh3) = (e.b, e.bh)
        b3[4...] = e.b[4...] + e.bh[4...]
        bh3[4...] = Tensor.zeros(2)
        XCTAssertGreaterThan(
            relativeError(
                gruForward(x: e.x, h0: e.h0, wx: e.wx, wh: e.wh, b: b3, bh: bh3).h, h), 1e-3)
    }

    // MARK: numeric gradients

    func testStepGradients() {
        // Seed 64: with seed 61 one element of dWx was 2.6e-7 (max |dWx| 1.8), and the
        // ≈ 1e-11 round-off of h = 1e-5 alone gave it a relative error of 7e-6.
        var g = SeededGenerator(seed: 64)
        for (n, d, h) in [(3, 4, 5), (1, 3, 2), (2, 6, 3)] {
            let (x, prevH) = (normal([n, d], &g), normal([n, h], &g))
            let (wx, wh) = (
                normal([d, 3 * h], &g, scale: 0.5), normal([h, 3 * h], &g, scale: 0.5)
            )
            let (b, bh) = (normal([3 * h], &g, scale: 0.5), normal([3 * h], &g, scale: 0.5))
            let dNext = normal([n, h], &g)
            let grads = gruStepBackward(
                dNextH: dNext,
                cache: gruStepForward(
                    x: x, prevH: prevH, wx: wx, wh: wh, b: b, bh: bh
                ).cache)
            func f(_ v: [Tensor<Double>]) -> Tensor<Double> {
                gruStepForward(x: v[0], prevH: v[1], wx: v[2], wh: v[3], b: v[4], bh: v[5]).nextH
            }
            let inputs = [x, prevH, wx, wh, b, bh]
            let analytic = [grads.dx, grads.dPrevH, grads.dWx, grads.dWh, grads.db, grads.dbh]
            for (k, name) in ["dx", "dprev_h", "dWx", "dWh", "db", "dbh"].enumerated() {
                let numeric = numericGradient(at: inputs[k], upstream: dNext) { probe in
                    var v = inputs
                    v[k] = probe
                    return f(v)
                }
                // One smooth step: round-off only, as for the notebook's step checks (e-8 .. e-10).
                assertGradient(
                    "gru step N\(n) D\(d) H\(h) \(name)", numeric: numeric,
                    analytic: analytic[k], below: 1e-7)
            }
        }
    }

    func testSequenceGradients() {
        var g = SeededGenerator(seed: 62)
        // N = 1 with T = 1, a longer T = 12, and D ≠ H everywhere.
        for (n, t, d, h) in [(1, 1, 3, 5), (2, 12, 4, 3), (3, 4, 5, 2)] {
            let (x, h0) = (normal([n, t, d], &g), normal([n, h], &g))
            let (wx, wh) = (
                normal([d, 3 * h], &g, scale: 0.5), normal([h, 3 * h], &g, scale: 0.5)
            )
            let (b, bh) = (normal([3 * h], &g, scale: 0.5), normal([3 * h], &g, scale: 0.5))
            let dh = normal([n, t, h], &g)
            let grads = gruBackward(
                dh: dh,
                cache: gruForward(
                    x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh
                ).cache)
            func f(_ v: [Tensor<Double>]) -> Tensor<Double> {
                gruForward(x: v[0], h0: v[1], wx: v[2], wh: v[3], b: v[4], bh: v[5]).h
            }
            let inputs = [x, h0, wx, wh, b, bh]
            let analytic = [grads.dx, grads.dh0, grads.dWx, grads.dWh, grads.db, grads.dbh]
            for (k, name) in ["dx", "dh0", "dWx", "dWh", "db", "dbh"].enumerated() {
                let numeric = numericGradient(at: inputs[k], upstream: dh) { probe in
                    var v = inputs
                    v[k] = probe
                    return f(v)
                }
                // Sums over T steps accumulate round-off: the grader's sequence bound.
                assertGradient(
                    "gru N\(n) T\(t) D\(d) H\(h) \(name)", numeric: numeric,
                    analytic: analytic[k], below: 1e-6)
            }
        }
    }

    /// The vectorised sequence equals the step function in a loop, forward and backward.
    func testSequenceIsTheStepInALoop() {
        var g = SeededGenerator(seed: 63)
        let (n, t, d, h) = (3, 5, 4, 2)
        let (x, h0) = (normal([n, t, d], &g), normal([n, h], &g))
        let (wx, wh, b, bh) = (
            normal([d, 3 * h], &g), normal([h, 3 * h], &g), normal([3 * h], &g),
            normal([3 * h], &g)
        )
        let dh = normal([n, t, h], &g)
        let (out, cache) = gruForward(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
        let grads = gruBackward(dh: dh, cache: cache)
        var caches: [GRUStepCache<Double>] = []
        var prev = h0
        for step in 0..<t {
            let s = gruStepForward(x: x[..., step], prevH: prev, wx: wx, wh: wh, b: b, bh: bh)
            XCTAssertLessThan(relativeError(s.nextH, out[..., step]), 1e-13, "h step \(step)")
            caches.append(s.cache)
            prev = s.nextH
        }
        var dNext = Tensor<Double>.zeros(n, h)
        var (dWx, dWh, db, dbh) = (
            Tensor<Double>.zeros(like: wx), Tensor<Double>.zeros(like: wh),
            Tensor<Double>.zeros(like: b), Tensor<Double>.zeros(like: bh)
        )
        for step in (0..<t).reversed() {
            let s = gruStepBackward(dNextH: dh[..., step] + dNext, cache: caches[step])
            XCTAssertLessThan(relativeError(s.dx, grads.dx[..., step]), 1e-12, "dx step \(step)")
            dNext = s.dPrevH
            dWx += s.dWx
            dWh += s.dWh
            db += s.db
            dbh += s.dbh
        }
        XCTAssertLessThan(relativeError(dNext, grads.dh0), 1e-12, "dh0")
        XCTAssertLessThan(relativeError(dWx, grads.dWx), 1e-12, "dWx")
        XCTAssertLessThan(relativeError(dWh, grads.dWh), 1e-12, "dWh")
        XCTAssertLessThan(relativeError(db, grads.db), 1e-12, "db")
        XCTAssertLessThan(relativeError(dbh, grads.dbh), 1e-12, "dbh")
    }

    // MARK: CaptioningRNN with cell type gru

    static let vocabulary = [
        "<NULL>": 0, "<START>": 1, "<END>": 2, "a": 3, "cat": 4, "dog": 5,
        "sat": 6,
    ]

    /// D = 3, W = 4, H = 5, V = 7, every parameter (both biases too) a seeded random draw,
    /// weights scaled by 1/√fan-in as in GradientCheckTests.
    func makeModel(seed: UInt64) throws -> CaptioningRNN<Double> {
        var model = try CaptioningRNN<Double>(
            wordToIdx: Self.vocabulary, inputDim: 3,
            wordvecDim: 4, hiddenDim: 5, cellType: .gru, seed: seed)
        var g = SeededGenerator(seed: seed + 1000)
        for name in CaptioningRNN<Double>.parameterNames(for: .gru) {
            let shape = model.params[name]!.shape
            let scale = shape.count == 2 ? 1 / Double(shape[0]).squareRoot() : 0.5
            model.params[name] = normal(shape, &g, scale: scale)
        }
        return model
    }

    func testCaptioningGRUParameters() throws {
        let names = CaptioningRNN<Double>.parameterNames(for: .gru)
        XCTAssertEqual(
            names,
            [
                "W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "bh", "W_vocab",
                "b_vocab",
            ])
        XCTAssertEqual(
            CaptioningRNN<Double>.parameterNames(for: .rnn),
            CaptioningRNN<Double>.parameterNames)
        XCTAssertEqual(CaptioningRNN<Double>.parameterNames(for: .lstm).count, 8)
        let model = try CaptioningRNN<Double>(
            wordToIdx: Self.vocabulary, inputDim: 3, wordvecDim: 4,
            hiddenDim: 5, cellType: .gru, seed: 7)
        XCTAssertEqual(Set(model.params.keys), Set(names))
        XCTAssertEqual(model.params["Wx"]!.shape, [4, 15])
        XCTAssertEqual(model.params["Wh"]!.shape, [5, 15])
        XCTAssertEqual(model.params["b"], Tensor<Double>.zeros(15))
        XCTAssertEqual(model.params["bh"], Tensor<Double>.zeros(15))
        XCTAssertEqual(model.parameterShapes["bh"], [15])
        XCTAssertEqual(try CellType(named: "GRU"), .gru)
        XCTAssertEqual(CellType.gru.gateCount, 3)
        // The rnn and lstm keep the original's eight parameters.
        for cell in [CellType.rnn, .lstm] {
            let other = try CaptioningRNN<Double>(
                wordToIdx: Self.vocabulary, inputDim: 3,
                wordvecDim: 4, hiddenDim: 5, cellType: cell)
            XCTAssertEqual(Set(other.params.keys), Set(CaptioningRNN<Double>.parameterNames))
        }
        // Without bh, a gru model says so.
        var broken = model
        broken.params["bh"] = nil
        XCTAssertThrowsError(try broken.loss(features: .zeros(1, 3), captions: Tensor([[1, 4]]))) {
            XCTAssertEqual($0 as? CaptioningError, .malformedParameter("bh is missing"))
        }
    }

    func testCaptioningGRUGradients() throws {
        let padded = Tensor<Int>([[1, 3, 4, 4, 2, 0], [1, 0, 0, 0, 0, 0], [1, 5, 6, 5, 6, 2]])
        for (captions, seed) in [(padded, UInt64(71)), (Tensor<Int>([[1, 4]]), 72)] {
            let model = try makeModel(seed: seed)
            var g = SeededGenerator(seed: seed + 2000)
            let features = normal([captions.shape[0], 3], &g)
            let (_, grads) = try model.loss(features: features, captions: captions)
            let names = CaptioningRNN<Double>.parameterNames(for: .gru)
            XCTAssertEqual(Set(grads.keys), Set(names))
            for name in names {
                let numeric = try numericGradient(at: model.params[name]!) { p in
                    var probe = model
                    probe.params[name] = p
                    return try probe.loss(features: features, captions: captions).loss
                }
                // The notebook's CaptioningRNN bound, as for rnn and lstm.
                assertGradient(
                    "CaptioningRNN gru \(captions.shape.shapeDescription) \(name)",
                    numeric: numeric, analytic: grads[name]!, below: 5e-6)
            }
        }
    }

    func testCaptioningGRUSample() throws {
        let model = try makeModel(seed: 73)
        var g = SeededGenerator(seed: 74)
        let features = normal([4, 3], &g)
        let first = try model.sample(features: features, maxLength: 6)
        XCTAssertEqual(first.shape, [4, 6])
        XCTAssertEqual(first, try model.sample(features: features, maxLength: 6))
        // Greedy decoding by hand with the step function.
        let p = model.params
        var h = affineForward(x: features, w: p["W_proj"]!, b: p["b_proj"]!).out
        var words = Tensor<Int>(repeating: 1, shape: [4])
        for step in 0..<6 {
            h =
                gruStepForward(
                    x: p["W_embed"]![rows: words], prevH: h, wx: p["Wx"]!, wh: p["Wh"]!,
                    b: p["b"]!, bh: p["bh"]!
                ).nextH
            words = affineForward(x: h, w: p["W_vocab"]!, b: p["b_vocab"]!).out.argmax(alongAxis: 1)
            XCTAssertEqual(first[..., step], words, "step \(step)")
        }
    }
}
