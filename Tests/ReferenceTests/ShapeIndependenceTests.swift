import Given
import Reference
import Tensor
import XCTest

/// The Reference layers work for any batch size and any number of time steps: for random
/// sizes and seeds, each batch row is computed as if alone, a sequence layer equals its
/// step function run in a loop (forward and backward), and a shorter sequence is a prefix.
final class ShapeIndependenceTests: XCTestCase {
    func normal(_ shape: [Int], _ g: inout SeededGenerator) -> Tensor<Double> {
        Tensor<Double>.randomNormal(shape: shape, using: &g) * 0.7
    }

    func close(
        _ a: Tensor<Double>, _ b: Tensor<Double>, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.shape, b.shape, label, file: file, line: line)
        if a.shape == b.shape {
            XCTAssertLessThan(relativeError(a, b), 1e-12, label, file: file, line: line)
        }
    }

    func testSequenceLayersForAnyShapeAndSeed() {
        for seed in UInt64(0)..<8 {
            var g = SeededGenerator(seed: 500 + seed)
            let n = 1 + g.nextInt(below: 4), t = 1 + g.nextInt(below: 5)
            let d = 1 + g.nextInt(below: 5), h = 1 + g.nextInt(below: 5)
            for cell in [CellType.rnn, .lstm] {  // the gru (two biases): GRUTests
                let k = cell.gateCount
                let label = "\(cell) seed \(seed) N\(n) T\(t) D\(d) H\(h)"
                let (x, h0) = (normal([n, t, d], &g), normal([n, h], &g))
                let (wx, wh, b) = (
                    normal([d, k * h], &g), normal([h, k * h], &g), normal([k * h], &g)
                )
                let dh = normal([n, t, h], &g)
                func forward(_ x: Tensor<Double>, _ h0: Tensor<Double>) -> Tensor<Double> {
                    cell == .rnn
                        ? rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b).h
                        : lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b).h
                }
                let out = forward(x, h0)
                XCTAssertEqual(out.shape, [n, t, h], label)
                // Each row as if alone.
                for row in 0..<n {
                    close(
                        forward(x[row..<(row + 1)], h0[row..<(row + 1)])[0], out[row],
                        "\(label) row \(row)")
                }
                // A shorter sequence is a prefix.
                close(forward(x[..., ..<1], h0), out[..., ..<1], "\(label) prefix")

                // The step function in a loop, forward and backward.
                var states: [Tensor<Double>] = []
                var rnnCaches: [RNNStepCache<Double>] = []
                var lstmCaches: [LSTMStepCache<Double>] = []
                var (prevH, prevC) = (h0, Tensor<Double>.zeros(n, h))
                for step in 0..<t {
                    if cell == .rnn {
                        let r = rnnStepForward(x: x[..., step], prevH: prevH, wx: wx, wh: wh, b: b)
                        prevH = r.nextH
                        rnnCaches.append(r.cache)
                    } else {
                        let r = lstmStepForward(
                            x: x[..., step], prevH: prevH, prevC: prevC,
                            wx: wx, wh: wh, b: b)
                        (prevH, prevC) = (r.nextH, r.nextC)
                        lstmCaches.append(r.cache)
                    }
                    states.append(prevH)
                }
                close(Tensor.stacked(states, alongAxis: 1), out, "\(label) steps")

                let whole =
                    cell == .rnn
                    ? rnnBackward(
                        dh: dh, cache: rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b).cache)
                    : lstmBackward(
                        dh: dh, cache: lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b).cache)
                var dx: [Tensor<Double>] = []
                var (dWx, dWh, db) = (
                    Tensor<Double>.zeros(like: wx), Tensor<Double>.zeros(like: wh),
                    Tensor<Double>.zeros(like: b)
                )
                var (dNextH, dNextC) = (Tensor<Double>.zeros(n, h), Tensor<Double>.zeros(n, h))
                for step in (0..<t).reversed() {
                    if cell == .rnn {
                        let s = rnnStepBackward(
                            dNextH: dh[..., step] + dNextH, cache: rnnCaches[step])
                        (dNextH, dWx, dWh, db) = (s.dPrevH, dWx + s.dWx, dWh + s.dWh, db + s.db)
                        dx.insert(s.dx, at: 0)
                    } else {
                        let s = lstmStepBackward(
                            dNextH: dh[..., step] + dNextH, dNextC: dNextC,
                            cache: lstmCaches[step])
                        (dNextH, dNextC) = (s.dPrevH, s.dPrevC)
                        (dWx, dWh, db) = (dWx + s.dWx, dWh + s.dWh, db + s.db)
                        dx.insert(s.dx, at: 0)
                    }
                }
                close(whole.dx, Tensor.stacked(dx, alongAxis: 1), "\(label) dx")
                close(whole.dh0, dNextH, "\(label) dh0")
                close(whole.dWx, dWx, "\(label) dWx")
                close(whole.dWh, dWh, "\(label) dWh")
                close(whole.db, db, "\(label) db")
            }
        }
    }

    func testPerStepLayersForAnyShapeAndSeed() {
        for seed in UInt64(0)..<8 {
            var g = SeededGenerator(seed: 900 + seed)
            let n = 1 + g.nextInt(below: 4), t = 1 + g.nextInt(below: 5)
            let d = 1 + g.nextInt(below: 5), m = 1 + g.nextInt(below: 6)
            let label = "seed \(seed) N\(n) T\(t) D\(d) M\(m)"
            let (x, w, b) = (normal([n, t, d], &g), normal([d, m], &g), normal([m], &g))
            let out = temporalAffineForward(x: x, w: w, b: b).out
            for step in 0..<t {
                close(
                    out[..., step], affineForward(x: x[..., step], w: w, b: b).out,
                    "\(label) t\(step)")
            }
            let words = Tensor<Int>.randomIntegers(below: m, shape: [n, t], using: &g)
            let embedded = wordEmbeddingForward(x: words, w: w.transposed()).out
            XCTAssertEqual(embedded.shape, [n, t, d], label)
            for row in 0..<n {
                for step in 0..<t {
                    XCTAssertEqual(embedded[row][step], w.transposed()[words[row, step]], label)
                }
            }
            let y = Tensor<Int>.randomIntegers(below: m, shape: [n, t], using: &g)
            let mask = Tensor<Bool>(repeating: true, shape: [n, t])
            let (loss, dx) = temporalSoftmaxLoss(x: out, y: y, mask: mask)
            XCTAssertEqual(dx.shape, out.shape, label)
            // Rows are averaged: the loss of the batch is the mean of the rows' losses.
            var sum = 0.0
            for row in 0..<n {
                sum +=
                    temporalSoftmaxLoss(
                        x: out[row..<(row + 1)], y: y[row..<(row + 1)],
                        mask: mask[row..<(row + 1)]
                    ).loss
            }
            XCTAssertEqual(loss, sum / Double(n), accuracy: 1e-12, label)
        }
    }
}
