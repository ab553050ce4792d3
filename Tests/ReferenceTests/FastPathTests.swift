import Dispatch
import Given
import Reference
import Tensor
import XCTest

/// The Float fast paths against the exact Double ones, and the time loops at the edge of
/// the empty sequence: the fused Float softmax loss (SIMD16 lanes, any vocabulary size,
/// masked rows, NaN), the fused Float LSTM and RNN steps (SIMD16 lanes and the tail of a
/// row, for any H) and rnnForward / rnnBackward with T = 0.
final class FastPathTests: XCTestCase {
    func testFloatSoftmaxLossMatchesDoubleForAnyVocabularySize() {
        var g = SeededGenerator(seed: 41)
        for v in [1, 2, 15, 16, 17, 33, 1004] {
            let (n, t) = (3, 4)
            let x = Tensor<Double>.randomNormal(shape: [n, t, v], using: &g) * 3
            var y = Tensor<Int>(repeating: 0, shape: [n, t])
            var mask = Tensor<Bool>(repeating: true, shape: [n, t])
            for row in 0..<n {
                for step in 0..<t {
                    y[row, step] = g.nextInt(below: v)
                    mask[row, step] = (row + step) % 3 != 0
                }
            }
            let exact = temporalSoftmaxLoss(x: x, y: y, mask: mask)
            let fast = temporalSoftmaxLoss(x: Tensor<Float>(converting: x), y: y, mask: mask)
            XCTAssertLessThan(
                abs(Double(fast.loss) - exact.loss) / max(1e-3, abs(exact.loss)),
                1e-5, "loss, V = \(v)")
            XCTAssertLessThan(
                relativeError(Tensor<Double>(converting: fast.dx), exact.dx), 1e-4,
                "dx, V = \(v)")
            for row in 0..<n {
                for step in 0..<t where !mask[row, step] {
                    for j in 0..<v {
                        XCTAssertEqual(fast.dx[row, step, j], 0, "masked row \(row), \(step)")
                    }
                }
            }
        }
    }

    /// The scores' bias added in the loss's own pass (as `CaptioningRNN` does in Float) is
    /// the bias added beforehand, for any vocabulary size, averaged over the given batch.
    func testFloatSoftmaxLossPlusBiasMatchesDouble() {
        var g = SeededGenerator(seed: 43)
        for v in [1, 15, 16, 17, 1004] {
            let (n, t, batch) = (1, 5, 3)
            let x = Tensor<Double>.randomNormal(shape: [n, t, v], using: &g) * 3
            let bias = Tensor<Double>.randomNormal(shape: [v], using: &g) * 3
            let y = Tensor<Int>(shape: [n, t], scalars: (0..<t).map { _ in g.nextInt(below: v) })
            let mask = Tensor<Bool>(repeating: true, shape: [n, t])
            let exact = temporalSoftmaxLoss(x: x + bias, y: y, mask: mask)
            let fast = temporalSoftmaxLoss(
                x: Tensor<Float>(converting: x), plus: Tensor<Float>(converting: bias), y: y,
                mask: mask, averagingOver: batch)
            let scale = Double(n) / Double(batch)
            XCTAssertEqual(Double(fast.loss), exact.loss * scale, accuracy: 1e-5 * exact.loss)
            XCTAssertLessThan(
                relativeError(Tensor<Double>(converting: fast.dx), exact.dx * scale), 1e-4,
                "dx, V = \(v)")
        }
    }

    func testFloatSoftmaxLossPropagatesNaN() {
        for position in [0, 17, 40] {  // in a SIMD16 block and in the tail of V = 41
            var x = Tensor<Float>(repeating: 0.5, shape: [1, 1, 41])
            x[0, 0, position] = .nan
            let y = Tensor<Int>(repeating: 3, shape: [1, 1])
            let result = temporalSoftmaxLoss(
                x: x, y: y, mask: Tensor(repeating: true, shape: [1, 1]))
            XCTAssertTrue(result.loss.isNaN, "NaN at \(position)")
        }
    }

    func testRNNOverAnEmptySequence() {
        var g = SeededGenerator(seed: 42)
        let (n, d, h) = (3, 4, 5)
        let x = Tensor<Double>.zeros(n, 0, d)
        let h0 = Tensor<Double>.randomNormal(shape: [n, h], using: &g)
        let wx = Tensor<Double>.randomNormal(shape: [d, h], using: &g)
        let wh = Tensor<Double>.randomNormal(shape: [h, h], using: &g)
        let (out, cache) = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: .zeros(h))
        XCTAssertEqual(out.shape, [n, 0, h])
        let grads = rnnBackward(dh: .zeros(n, 0, h), cache: cache)
        XCTAssertEqual(grads.dx.shape, [n, 0, d])
        XCTAssertEqual(grads.dh0, .zeros(n, h))
        XCTAssertEqual(grads.dWh, .zeros(h, h))
    }

    /// The largest difference of a Float result from the Double one, relative to the
    /// largest Double value. Element-wise relative errors are no measure for Float: a sum
    /// that cancels to near zero (db) has a large one with every value correct to rounding.
    /// A wrong or missing lane is off by O(1) and fails by orders of magnitude.
    private func floatError(_ fast: Tensor<Float>, _ exact: Tensor<Double>) -> Double {
        XCTAssertEqual(fast.shape, exact.shape)
        guard fast.shape == exact.shape else { return .infinity }
        let difference = zip(fast.scalars, exact.scalars).map { abs(Double($0) - $1) }.max() ?? 0
        let scale = exact.scalars.map(abs).max() ?? 0
        return difference / max(scale, 1e-30)
    }

    func testFloatRecurrentLayersMatchDoubleForAnyHiddenSize() {
        var g = SeededGenerator(seed: 43)
        for h in [1, 15, 16, 17, 40] {  // below, at and above one SIMD16 block
            let (n, t, d) = (3, 4, 5)
            for cell in [CellType.rnn, .lstm] {
                let k = cell.gateCount
                let label = "\(cell) H = \(h)"
                let x = Tensor<Double>.randomNormal(shape: [n, t, d], using: &g)
                let h0 = Tensor<Double>.randomNormal(shape: [n, h], using: &g)
                let wx = Tensor<Double>.randomNormal(shape: [d, k * h], using: &g) * 0.5
                let wh = Tensor<Double>.randomNormal(shape: [h, k * h], using: &g) * 0.5
                let b = Tensor<Double>.randomNormal(shape: [k * h], using: &g)
                let dh = Tensor<Double>.randomNormal(shape: [n, t, h], using: &g)
                func f(_ v: Tensor<Double>) -> Tensor<Float> { Tensor<Float>(converting: v) }
                if cell == .rnn {
                    let exact = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
                    let fast = rnnForward(x: f(x), h0: f(h0), wx: f(wx), wh: f(wh), b: f(b))
                    XCTAssertLessThan(floatError(fast.h, exact.h), 1e-5, "\(label) h")
                    let e = rnnBackward(dh: dh, cache: exact.cache)
                    let q = rnnBackward(dh: f(dh), cache: fast.cache)
                    for (name, fast, exact) in [
                        ("dx", q.dx, e.dx), ("dh0", q.dh0, e.dh0),
                        ("dWx", q.dWx, e.dWx), ("dWh", q.dWh, e.dWh),
                        ("db", q.db, e.db),
                    ] {
                        XCTAssertLessThan(floatError(fast, exact), 1e-5, "\(label) \(name)")
                    }
                } else {
                    let exact = lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
                    let fast = lstmForward(x: f(x), h0: f(h0), wx: f(wx), wh: f(wh), b: f(b))
                    XCTAssertLessThan(floatError(fast.h, exact.h), 1e-5, "\(label) h")
                    XCTAssertLessThan(floatError(fast.cache.c, exact.cache.c), 1e-5, "\(label) c")
                    let e = lstmBackward(dh: dh, cache: exact.cache)
                    let q = lstmBackward(dh: f(dh), cache: fast.cache)
                    for (name, fast, exact) in [
                        ("dx", q.dx, e.dx), ("dh0", q.dh0, e.dh0),
                        ("dWx", q.dWx, e.dWx), ("dWh", q.dWh, e.dWh),
                        ("db", q.db, e.db),
                    ] {
                        XCTAssertLessThan(floatError(fast, exact), 1e-5, "\(label) \(name)")
                    }
                    // The step form goes through the same kernel without the bias folding.
                    let c0 = Tensor<Double>.randomNormal(shape: [n, h], using: &g)
                    let step = lstmStepForward(
                        x: x[..., 0], prevH: h0, prevC: c0, wx: wx, wh: wh,
                        b: b)
                    let fastStep = lstmStepForward(
                        x: f(x[..., 0]), prevH: f(h0), prevC: f(c0),
                        wx: f(wx), wh: f(wh), b: f(b))
                    XCTAssertLessThan(floatError(fastStep.nextH, step.nextH), 1e-5, "\(label) h1")
                    XCTAssertLessThan(floatError(fastStep.nextC, step.nextC), 1e-5, "\(label) c1")
                    let dc = Tensor<Double>.randomNormal(shape: [n, h], using: &g)
                    let back = lstmStepBackward(dNextH: dh[..., 0], dNextC: dc, cache: step.cache)
                    let fastBack = lstmStepBackward(
                        dNextH: f(dh[..., 0]), dNextC: f(dc),
                        cache: fastStep.cache)
                    XCTAssertLessThan(
                        floatError(fastBack.dPrevC, back.dPrevC), 1e-5,
                        "\(label) step dc")
                    XCTAssertLessThan(floatError(fastBack.dx, back.dx), 1e-5, "\(label) step dx")
                }
            }
        }
    }

    /// The Float loss sums its rows in two fixed halves, on both cores when it can: the
    /// same bits whether the halves ran at once or, the pool busy, one after the other.
    func testFloatSoftmaxLossDoesNotDependOnTiming() {
        var g = SeededGenerator(seed: 44)
        let (n, t, v) = (100, 16, 200)
        let x = Tensor<Float>.randomNormal(shape: [n, t, v], using: &g)
        let y = Tensor<Int>.randomIntegers(below: v, shape: [n, t], using: &g)
        let mask = Tensor<Bool>(repeating: true, shape: [n, t])
        let alone = temporalSoftmaxLoss(x: x, y: y, mask: mask)
        let results = Locked<[(Float, Tensor<Float>)]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let r = temporalSoftmaxLoss(x: x, y: y, mask: mask)
            results.withLock { $0.append((r.loss, r.dx)) }
        }
        let collected = results.withLock { $0 }
        for (loss, dx) in collected {
            XCTAssertEqual(loss.bitPattern, alone.loss.bitPattern)
            XCTAssertEqual(dx, alone.dx)
        }
        // And the loss is the one of the Double path, to Float rounding.
        let exact = temporalSoftmaxLoss(x: Tensor<Double>(converting: x), y: y, mask: mask)
        XCTAssertEqual(Double(alone.loss), exact.loss, accuracy: 1e-5 * exact.loss)
    }
}
