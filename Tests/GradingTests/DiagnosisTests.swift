import Foundation
import Grading
import Tensor
import XCTest

/// Every pattern the grader diagnoses, built on random arrays of several shapes and seeds
/// (not one fixture), found as its kind; agreement within round-off is no diagnosis; and
/// random errors are not mistaken for a pattern.
final class DiagnosisTests: XCTestCase {
    /// Random values in (−1, 1) (a tanh's range, so offsets before a tanh can be built).
    func random(_ count: Int, _ generator: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in Double.random(in: -0.95...0.95, using: &generator) }
    }

    /// (N, T, D) sizes with N, T, N·T and 2 all different, so a factor has one name.
    let sequenceShapes = [[3, 5, 4], [4, 7, 2], [5, 3, 6], [3, 4, 1]]

    func layout(_ name: String, batch: Int? = nil, time: Int? = nil) -> ArrayLayout {
        var layout = ArrayLayout(name: name)
        (layout.batchAxis, layout.timeAxis) = (batch, time)
        return layout
    }

    func find(
        _ expected: [Double], _ actual: [Double], _ shape: [Int],
        _ layout: ArrayLayout
    ) -> Diagnosis? {
        Diagnosis.find(expected: expected, actual: actual, shape: shape, layout: layout)
    }

    func testAgreementWithinRoundOffIsNoDiagnosis() {
        for seed in 1...5 {
            var generator = SeededGenerator(seed: UInt64(seed))
            for shape in sequenceShapes + [[7], [6, 6], [2, 12]] {
                let expected = random(shape.reduce(1, *), &generator)
                let actual = expected.map {
                    $0 * (1 + 1e-12 * Double.random(in: -1...1, using: &generator))
                }
                XCTAssertNil(find(expected, actual, shape, layout("dx", batch: 0)), "\(shape)")
                XCTAssertNil(find(expected, expected, shape, layout("dx")), "\(shape)")
            }
        }
    }

    func testNamedScaleFactors() throws {
        for (seed, shape) in sequenceShapes.enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 10))
            let (n, t) = (shape[0], shape[1])
            let expected = random(shape.reduce(1, *), &generator)
            let cases: [(Double, String)] = [
                (Double(n), "N = \(n) times too large"),
                (1 / Double(n), "N = \(n) times too small"),
                (Double(t), "T = \(t) times too large"),
                (1 / Double(t), "T = \(t) times too small"),
                (2, "2 times too large"), (0.5, "2 times too small"),
                (Double(n * t), "N·T = \(n * t) times too large"),
            ]
            for (factor, words) in cases {
                let found = try XCTUnwrap(
                    find(
                        expected, expected.map { $0 * factor }, shape,
                        layout("dx", batch: 0, time: 1)))
                XCTAssertEqual(found.kind, .scaleFactor, "\(shape) × \(factor)")
                XCTAssertTrue(found.summary.hasSuffix("your dx is " + words), found.summary)
            }
            let unnamed = try XCTUnwrap(
                find(
                    expected, expected.map { $0 * 1.37 }, shape,
                    layout("dx", batch: 0, time: 1)))
            XCTAssertEqual(unnamed.kind, .scaleFactor)
            XCTAssertEqual(unnamed.summary, "your dx is 1.37 times too large")
            let negative = try XCTUnwrap(
                find(
                    expected, expected.map { -2 * $0 }, shape,
                    layout("dx", batch: 0, time: 1)))
            XCTAssertEqual(negative.summary, "your dx is 2 times too large, with the wrong sign")
        }
    }

    func testAScaleNamesNAndTFromTheLayoutWhenTheyAreNoAxis() throws {
        var generator = SeededGenerator(seed: 3)
        let expected = random(20, &generator)
        var weights = ArrayLayout(name: "dW_vocab")
        (weights.batchSize, weights.steps) = (3, 7)
        let found = try XCTUnwrap(find(expected, expected.map { $0 / 3 }, [4, 5], weights))
        XCTAssertEqual(found.summary, "your dW_vocab is N = 3 times too small")
        let loss = try XCTUnwrap(find([9.8], [9.8 / 7], [1], weights))
        XCTAssertEqual(loss.summary, "your dW_vocab is T = 7 times too small")
        // A single number with no named factor is no scale: any two numbers have a ratio.
        XCTAssertEqual(find([9.8], [3.1], [1], weights)?.kind, .elementwise)
    }

    func testZerosAndSignFlip() {
        var generator = SeededGenerator(seed: 4)
        for shape in [[5, 5], [3, 8], [12]] {
            let expected = random(shape.reduce(1, *), &generator)
            let zeros = find(expected, expected.map { _ in 0 }, shape, layout("dWh"))
            XCTAssertEqual(zeros?.kind, .scaleFactor)
            XCTAssertEqual(zeros?.summary, "your dWh is all zeros")
            let flipped = find(expected, expected.map { -$0 }, shape, layout("dWh"))
            XCTAssertEqual(flipped?.kind, .signFlip)
        }
    }

    func testRandomErrorsAreElementwiseNotAPattern() throws {
        for seed in 1...6 {
            var generator = SeededGenerator(seed: UInt64(seed * 7))
            for shape in sequenceShapes + [[6, 6], [5, 12], [9]] {
                let count = shape.reduce(1, *)
                let expected = random(count, &generator)
                let noise = random(count, &generator).map { 0.1 * $0 }
                var dx = layout("dx", batch: 0, time: shape.count == 3 ? 1 : nil)
                dx.gateAxis = shape == [5, 12] ? 1 : nil
                dx.gateNames = shape == [5, 12] ? ["i", "f", "o", "g"] : []
                // An LSTM's activation: a missing gate factor is looked for too.
                dx.cellGates = shape == [5, 12] ? [] : ["i", "f", "o", "g"]
                let found = try XCTUnwrap(
                    find(
                        expected, zip(expected, noise).map { $0 + $1 },
                        shape, dx))
                XCTAssertEqual(found.kind, .elementwise, "\(shape) seed \(seed): \(found.summary)")
                // A scaled array with noise on top is not a clean factor either.
                let scaledNoisy = zip(expected, noise).map { 2 * $0 + $1 }
                XCTAssertEqual(find(expected, scaledNoisy, shape, dx)?.kind, .elementwise)
                // Relative errors of either sign are no gate factor, nor clipping.
                let relative = zip(expected, noise).map { $0 * (1 + 3 * $1) }
                XCTAssertEqual(
                    find(expected, relative, shape, dx)?.kind, .elementwise,
                    "\(shape) seed \(seed)")
            }
        }
    }

    func testElementwiseNamesTheWorstElement() throws {
        var generator = SeededGenerator(seed: 5)
        let shape = [4, 6]
        var actual = random(24, &generator)
        let expected = actual
        actual[3 * 6 + 2] += 0.5
        actual[1] += 0.1
        let found = try XCTUnwrap(find(expected, actual, shape, layout("next_h")))
        XCTAssertEqual(found.kind, .elementwise)
        XCTAssertEqual(found.summary, "2 of 24 elements of your next_h differ")
        XCTAssertTrue(
            found.detail?.hasPrefix("worst at [3, 2]: expected") == true,
            found.detail ?? "")
    }

    func testTransposedSquareMatrix() {
        var generator = SeededGenerator(seed: 6)
        for n in [2, 3, 6] {
            let expected = random(n * n, &generator)
            let transposed = (0..<n * n).map { expected[($0 % n) * n + $0 / n] }
            XCTAssertEqual(find(expected, transposed, [n, n], layout("dWh"))?.kind, .transposed)
        }
    }

    /// Copies of `expected` with one time step (n, t, ·) replaced by `value(n, t, d)`.
    func alongTime(
        _ expected: [Double], _ shape: [Int],
        _ value: (_ n: Int, _ t: Int, _ d: Int) -> Double
    ) -> [Double] {
        let (n, t, d) = (shape[0], shape[1], shape[2])
        var result = expected
        for i in 0..<n {
            for s in 0..<t { for k in 0..<d { result[(i * t + s) * d + k] = value(i, s, k) } }
        }
        return result
    }

    func testTimePatterns() throws {
        for (seed, shape) in sequenceShapes.enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 20))
            let (t, d) = (shape[1], shape[2])
            let expected = random(shape.reduce(1, *), &generator)
            let other = random(shape.reduce(1, *), &generator)
            func e(_ n: Int, _ s: Int, _ k: Int) -> Double { expected[(n * t + s) * d + k] }
            let dx = layout("dx", batch: 0, time: 1)
            // Only the last step right: nothing flows back between steps.
            let onlyLast = alongTime(expected, shape) { n, s, k in
                s == t - 1 ? e(n, s, k) : other[(n * t + s) * d + k]
            }
            XCTAssertEqual(find(expected, onlyLast, shape, dx)?.kind, .onlyLastStepRight)
            // Mirrored in time.
            let mirrored = alongTime(expected, shape) { n, s, k in e(n, t - 1 - s, k) }
            XCTAssertEqual(find(expected, mirrored, shape, dx)?.kind, .reversedTime)
            // One step late (step 0 left at zero) and one step early.
            let late = alongTime(expected, shape) { n, s, k in s == 0 ? 0 : e(n, s - 1, k) }
            XCTAssertEqual(find(expected, late, shape, dx)?.kind, .shiftedOneStep)
            let early = alongTime(expected, shape) { n, s, k in s == t - 1 ? 0 : e(n, s + 1, k) }
            XCTAssertEqual(find(expected, early, shape, dx)?.kind, .shiftedOneStep)
            // Step 0 never computed.
            let skipped = alongTime(expected, shape) { n, s, k in s == 0 ? 0 : e(n, s, k) }
            let found = try XCTUnwrap(find(expected, skipped, shape, dx))
            XCTAssertEqual(found.kind, .wrongTimeSteps)
            XCTAssertTrue(
                found.summary.hasPrefix("time step 0 of your dx is wrong; steps 1, "), found.summary
            )
        }
    }

    func testGateBlocks() throws {
        for (seed, (rows, h)) in [(4, 3), (5, 2), (1, 6)].enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 30))
            var dWx = ArrayLayout(name: "dWx")
            (dWx.gateAxis, dWx.gateNames) = (1, ArrayLayout.lstmGates)
            let shape = [rows, 4 * h]
            let expected = random(rows * 4 * h, &generator)
            // The o block (the third) twice what it should be.
            let oWrong = expected.indices.map { i in
                (i % (4 * h)) / h == 2 ? 2 * expected[i] : expected[i]
            }
            let found = try XCTUnwrap(find(expected, oWrong, shape, dWx))
            XCTAssertEqual(found.kind, .wrongGateBlock)
            XCTAssertEqual(found.summary, "the o block of your dWx is wrong; i, f, g are right")
            XCTAssertTrue(found.detail?.contains("2 times too large") == true, found.detail ?? "")
            // A GRU bias with r and z swapped.
            var db = ArrayLayout(name: "db")
            (db.gateAxis, db.gateNames) = (0, ArrayLayout.gruGates)
            let bias = random(3 * h, &generator)
            let swapped = Array(bias[h..<(2 * h)]) + Array(bias[0..<h]) + Array(bias[(2 * h)...])
            let order = try XCTUnwrap(find(bias, swapped, [3 * h], db))
            XCTAssertEqual(order.kind, .wrongGateBlock)
            XCTAssertEqual(
                order.summary,
                "your db has its gate blocks in the order z, r, n instead "
                    + "of r, z, n")
        }
    }

    /// dW of a word embedding: x uses words 1 and 3 twice, 2 once; 0 (<NULL>) and 4 never.
    func testWordRows() throws {
        var generator = SeededGenerator(seed: 40)
        for d in [1, 3, 5] {
            var dW = ArrayLayout(name: "dW")
            dW.wordRows = true
            dW.wordCounts = [1: 2, 3: 2, 2: 1]
            dW.words = [0: "<NULL>", 1: "cat", 2: "dog", 3: "sat", 4: "mat"]
            let expected = (0..<5).flatMap { row in
                [1, 2, 3].contains(row) ? random(d, &generator) : Array(repeating: 0.0, count: d)
            }
            func rows(_ change: Set<Int>, _ value: (Double) -> Double) -> [Double] {
                expected.indices.map {
                    change.contains($0 / d) ? value(expected[$0]) : expected[$0]
                }
            }
            // Assignment instead of accumulation: the repeated words' rows are half.
            let repeated = try XCTUnwrap(find(expected, rows([1, 3]) { $0 / 2 }, [5, d], dW))
            XCTAssertEqual(repeated.kind, .wrongRows)
            XCTAssertTrue(repeated.summary.contains("occur more than once"), repeated.summary)
            XCTAssertTrue(repeated.detail?.contains("1 \"cat\" ×2") == true, repeated.detail ?? "")
            let untouched = try XCTUnwrap(find(expected, rows([4]) { $0 + 0.3 }, [5, d], dW))
            XCTAssertTrue(untouched.summary.contains("never occur"), untouched.summary)
            let null = try XCTUnwrap(find(expected, rows([0]) { $0 + 0.3 }, [5, d], dW))
            XCTAssertEqual(null.summary, "only the <NULL> row (0) of your dW is wrong")
        }
    }

    func testSameOffsetForEverySample() throws {
        for seed in 1...4 {
            var generator = SeededGenerator(seed: UInt64(seed + 50))
            let (n, h) = (2 + seed, 3 + seed)
            let preactivation = random(n * h, &generator).map { 2 * $0 }
            let bias = random(h, &generator)
            let expected = preactivation.indices.map { tanh(preactivation[$0] + bias[$0 % h]) }
            let noBias = preactivation.map(tanh)
            let found = try XCTUnwrap(find(expected, noBias, [n, h], layout("next_h", batch: 0)))
            XCTAssertEqual(found.kind, .constantOffset)
            XCTAssertTrue(found.summary.hasPrefix("before the tanh"), found.summary)
            let shifted = expected.indices.map { expected[$0] + bias[$0 % h] }
            XCTAssertEqual(
                find(expected, shifted, [n, h], layout("out", batch: 0))?.kind,
                .constantOffset)
        }
    }

    func testShapesThatDifferAreShapeMismatches() {
        let found = Diagnosis.find(
            expected: Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]),
            actual: Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]),
            layout: ArrayLayout(name: "dWx"))
        XCTAssertEqual(found?.kind, .shapeMismatch)
    }

    func testMeasurementsInPlainUnits() {
        XCTAssertEqual(
            Grading.Measurement(label: "dx", error: 3.2e-10, threshold: 1e-7).text,
            "rel. error 3.2e-10 < 1e-7")
        XCTAssertEqual(
            Grading.Measurement(
                label: "loss", error: 7.2, threshold: 1e-4,
                kind: .absoluteDifference
            ).text, "|difference| 7.2 > 1e-4")
        XCTAssertEqual(
            Grading.Measurement(
                label: "words differing", error: 3, threshold: 1, kind: .count,
                total: 8
            ).text, "3 of 8 words differ")
        XCTAssertEqual(
            Grading.Measurement(label: "time", error: 20, threshold: 10, kind: .seconds).text,
            "20 s > 10 s")
        XCTAssertEqual(
            Grading.Measurement(label: "final", error: 0.071, threshold: 0.1, kind: .loss).text,
            "loss 0.071 < 0.1")
        XCTAssertEqual(
            Grading.Measurement(label: "dx", error: .nan, threshold: 1e-7).text, "rel. error NaN")
        XCTAssertEqual(plainSeconds(20), "20 s")
        XCTAssertEqual(plainSeconds(0.04), "0.04 s")
        XCTAssertEqual(plainNumber(5e-6), "5e-6")
        XCTAssertEqual(plainNumber(1.0), "1")
    }

    /// Reports written before measurements had a kind still read, as relative errors.
    func testOldMeasurementsDecodeAsRelativeErrors() throws {
        let json = #"{"label": "dx", "error": 0.5, "threshold": 1e-7}"#
        let decoded = try JSONDecoder().decode(Grading.Measurement.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.kind, .relativeError)
    }

    /// Random values in (−10, 10) with some beyond every bound below.
    func large(_ count: Int, _ generator: inout SeededGenerator) -> [Double] {
        random(count, &generator).map { 10 * $0 }
    }

    func testClippedArrays() throws {
        for (seed, shape) in (sequenceShapes + [[6, 6], [5, 12], [9]]).enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 40))
            let expected = large(shape.reduce(1, *), &generator)
            for bound in [5.0, 1.5, 0.37] {
                let beyond = expected.filter { abs($0) > bound }.count
                guard beyond >= 2 else { continue }
                let clipped = expected.map { min(max($0, -bound), bound) }
                let found = try XCTUnwrap(find(expected, clipped, shape, layout("dWx")))
                XCTAssertEqual(found.kind, .clipped, "\(shape) at \(bound): \(found.summary)")
                XCTAssertTrue(
                    found.summary.hasPrefix(
                        "your dWx is clipped to [−\(shortText(bound)), "
                            + "\(shortText(bound))]: the \(beyond) elements"), found.summary)
                // One element beyond the bound left as it was: not a clip.
                var partly = clipped
                if let index = expected.indices.first(where: { abs(expected[$0]) > bound }) {
                    partly[index] = expected[index] * 1.5
                }
                XCTAssertNotEqual(find(expected, partly, shape, layout("dWx"))?.kind, .clipped)
                // Capped at a bound, but with the wrong sign on one: not a clip either.
                var signs = clipped
                if let index = expected.indices.first(where: { abs(expected[$0]) > bound }) {
                    signs[index] = -signs[index]
                }
                XCTAssertNotEqual(find(expected, signs, shape, layout("dWx"))?.kind, .clipped)
            }
        }
    }

    func shortText(_ value: Double) -> String { value == 5 ? "5" : value == 1.5 ? "1.5" : "0.37" }

    /// Sigmoids of random pre-activations, as a gate's values.
    func gate(_ count: Int, _ generator: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in 1 / (1 + exp(-3 * Double.random(in: -1...1, using: &generator))) }
    }

    func testMissingOrExtraGateFactor() throws {
        for (seed, shape) in ([[3, 5], [4, 7, 2], [5, 3, 6], [6, 4], [2, 8]]).enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 60))
            let count = shape.reduce(1, *)
            let expected = random(count, &generator)
            let f = gate(count, &generator)
            for cell in [["i", "f", "o", "g"], ["r", "z", "n"]] {
                var dprevC = layout("dprev_c", batch: 0, time: shape.count == 3 ? 1 : nil)
                dprevC.cellGates = cell
                let missing = try XCTUnwrap(
                    find(
                        expected, zip(expected, f).map { $0 / $1 },
                        shape, dprevC))
                XCTAssertEqual(missing.kind, .wrongGateBlock, "\(shape): \(missing.summary)")
                XCTAssertTrue(
                    missing.summary.hasPrefix(
                        "your dprev_c misses a gate factor: each element is "), missing.summary)
                let extra = try XCTUnwrap(
                    find(
                        expected, zip(expected, f).map { $0 * $1 },
                        shape, dprevC))
                XCTAssertTrue(
                    extra.summary.hasPrefix("your dprev_c has an extra gate factor"),
                    extra.summary)
                // Values a few per cent too large everywhere are no missing gate.
                let slightly = zip(expected, f).map { $0 * (1.02 + 0.05 * $1) }
                XCTAssertNotEqual(find(expected, slightly, shape, dprevC)?.kind, .wrongGateBlock)
            }
            // Not an LSTM's or GRU's array: no gate to miss.
            let plain = find(
                expected, zip(expected, f).map { $0 / $1 }, shape, layout("dx", batch: 0))
            XCTAssertEqual(plain?.kind, .elementwise)
        }
    }

    func tensor(_ shape: [Int], _ generator: inout SeededGenerator) -> Tensor<Double> {
        Tensor(shape: shape, scalars: random(shape.reduce(1, *), &generator))
    }

    /// A learner's forward x · Wᵀ where x · W is expected: found by passing Wᵀ, for square
    /// W of several sizes; a scaled forward, a non-square or symmetric W, are not.
    func testSquareInputUsedTransposed() throws {
        for (seed, (n, d)) in [(3, 4), (2, 6), (5, 2), (4, 3)].enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 80))
            let (x, w, b) = (
                tensor([n, d], &generator), tensor([d, d], &generator),
                tensor([d, 5], &generator)
            )
            let expected = x.matmul(w)
            func matches(
                _ learner: @escaping (Tensor<Double>) -> Tensor<Double>
            )
                -> (Int, Tensor<Double>) -> Bool
            {
                { _, given in relativeError(learner(given), expected) < 1e-12 }
            }
            let transposed = try XCTUnwrap(
                Diagnosis.transposedInput(
                    names: ["x", "Wh", "Wx"], inputs: [x, w, b], outputNames: ["next_h"],
                    outputsMatch: matches { x.matmul($0.transposed()) }))
            XCTAssertEqual(transposed.kind, .transposed)
            XCTAssertEqual(transposed.array, "Wh")
            XCTAssertTrue(transposed.summary.hasPrefix("you use Wh transposed"), transposed.summary)
            XCTAssertNil(
                Diagnosis.transposedInput(
                    names: ["x", "Wh"], inputs: [x, w], outputNames: ["next_h"],
                    outputsMatch: matches { 2 * x.matmul($0) }))
            let symmetric = w + w.transposed()
            XCTAssertNil(
                Diagnosis.transposedInput(
                    names: ["Wh"], inputs: [symmetric], outputNames: ["next_h"],
                    outputsMatch: { _, _ in true }))
            XCTAssertNil(
                Diagnosis.transposedInput(
                    names: ["Wx"], inputs: [b], outputNames: ["next_h"],
                    outputsMatch: { _, _ in true }))
        }
    }

    /// A "dh0" built from random per-step Jacobians: taken from one step only, it is found
    /// as that step; the right sum over the steps, or random errors on it, are not.
    func testGradientFromOneTimeStepOnly() throws {
        for (seed, (n, t, h)) in [(2, 3, 4), (3, 6, 2), (4, 4, 5), (2, 9, 3)].enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 90))
            let jacobians = (0..<t).map { _ in tensor([h, h], &generator) }
            let upstream = (0..<t).map { _ in tensor([n, h], &generator) }
            func dh0(_ steps: [Int], keeping kept: Int? = nil) -> Tensor<Double> {
                steps.filter { kept == nil || $0 == kept }.reduce(
                    Tensor(repeating: 0, shape: [n, h])
                ) {
                    $0 + upstream[$1].matmul(jacobians[$1])
                }
            }
            for wrongStep in [t - 1, t / 2] {
                let found = try XCTUnwrap(
                    Diagnosis.singleStepSource(
                        name: "dh0", actual: dh0([wrongStep]), steps: t,
                        onlyStep: { dh0([wrongStep], keeping: $0) }))
                XCTAssertEqual(found.kind, .wrongTimeSteps)
                XCTAssertTrue(
                    found.summary.hasPrefix(
                        "your dh0 depends only on time step "
                            + "\(wrongStep) of the upstream gradient (T = \(t))"), found.summary)
            }
            let all = Array(0..<t)
            XCTAssertNil(
                Diagnosis.singleStepSource(
                    name: "dh0", actual: dh0(all), steps: t,
                    onlyStep: { dh0(all, keeping: $0) }))
            let noise = tensor([n, h], &generator)
            XCTAssertNil(
                Diagnosis.singleStepSource(
                    name: "dh0", actual: dh0(all) + noise, steps: t,
                    onlyStep: { dh0(all, keeping: $0) + noise }))
            XCTAssertNil(
                Diagnosis.singleStepSource(
                    name: "dh0", actual: Tensor(repeating: 0, shape: [n, h]), steps: t,
                    onlyStep: { _ in Tensor(repeating: 0, shape: [n, h]) }))
        }
    }

    /// A toy gated layer: a = x · W + b split into equal blocks, block k read as gate
    /// `order[k]`, each gate's tanh scaled by its place in `names`, laid out in `names`'
    /// order. Reading the blocks in another order changes the output.
    func gated(
        _ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>,
        order: [String], names: [String]
    ) -> Tensor<Double> {
        let a = x.matmul(w).scalars
        let (n, columns) = (x.shape[0], w.shape[1])
        let width = columns / names.count
        var out = [Double](repeating: 0, count: n * columns)
        for (k, gate) in order.enumerated() {
            let target = names.firstIndex(of: gate) ?? 0
            for row in 0..<n {
                for j in 0..<width {
                    let value = a[row * columns + k * width + j] + b.scalars[k * width + j]
                    out[row * columns + target * width + j] = Double(target + 1) * tanh(value)
                }
            }
        }
        return Tensor(shape: [n, columns], scalars: out)
    }

    /// Gate blocks read in another order: found, with the order read, for LSTM and GRU
    /// gates and several sizes; the right order, or a learner wrong in another way, is not.
    func testGateBlocksReadInAnotherOrder() throws {
        let cases: [([String], [String], Int, Int, Int)] = [
            (["i", "f", "o", "g"], ["i", "f", "g", "o"], 3, 4, 2),
            (["i", "f", "o", "g"], ["f", "i", "o", "g"], 2, 3, 5),
            (["r", "z", "n"], ["z", "r", "n"], 4, 2, 3),
            (["r", "z", "n"], ["n", "z", "r"], 2, 5, 4),
        ]
        for (seed, (names, read, n, d, h)) in cases.enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 120))
            let columns = names.count * h
            let (x, w, b) = (
                tensor([n, d], &generator), tensor([d, columns], &generator),
                tensor([columns], &generator)
            )
            let expected = gated(x, w, b, order: names, names: names)
            func matches(_ order: [String]) -> ([Tensor<Double>?]) -> Bool {
                { inputs in
                    guard let w = inputs[1], let b = inputs[2] else { return false }
                    return relativeError(
                        self.gated(x, w, b, order: order, names: names),
                        expected) < 1e-12
                }
            }
            let found = try XCTUnwrap(
                Diagnosis.gateOrder(
                    gateNames: names, inputs: [x, w, b], gateAxes: [nil, 1, 0],
                    outputNames: ["next_h"], outputsMatch: matches(read)))
            XCTAssertEqual(found.kind, .wrongGateBlock)
            XCTAssertEqual(
                found.summary,
                "you read the gate blocks in the order "
                    + read.joined(separator: ", ") + " instead of " + names.joined(separator: ", "))
            XCTAssertNil(
                Diagnosis.gateOrder(
                    gateNames: names, inputs: [x, w, b], gateAxes: [nil, 1, 0],
                    outputNames: ["next_h"], outputsMatch: matches(names)))
            XCTAssertNil(
                Diagnosis.gateOrder(
                    gateNames: names, inputs: [x, w, b], gateAxes: [nil, 1, 0],
                    outputNames: ["next_h"], outputsMatch: { _ in false }))
        }
    }

    /// A weight's gradient built from random per-step contributions: the one that keeps
    /// only step 0's (assigned, not accumulated) is right for step 0's upstream alone and
    /// found so; the right one, or random errors on every step, are not.
    func testWeightGradientRightForSomeStepsOnly() throws {
        for (seed, (n, t, d, h)) in [(2, 3, 4, 5), (3, 6, 2, 3), (4, 4, 5, 2)].enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed + 150))
            let x = (0..<t).map { _ in tensor([n, d], &generator) }
            // The gradient of step t's pre-activation from the upstream of step s ≥ t.
            let flow = (0..<t).map { _ in (0..<t).map { _ in tensor([n, h], &generator) } }
            func truth(_ s: Int) -> Tensor<Double> {
                (0...s).reduce(Tensor(repeating: 0, shape: [d, h])) {
                    $0 + x[$1].transposed().matmul(flow[$1][s])
                }
            }
            let assigned = { (s: Int) in x[0].transposed().matmul(flow[0][s]) }
            func right(_ learner: @escaping (Int) -> Tensor<Double>) -> (Int) -> Bool? {
                { s in relativeError(learner(s), truth(s)) < 1e-9 }
            }
            let found = try XCTUnwrap(
                Diagnosis.stepContributions(
                    name: "dWx", steps: t, rightWithOnlyStep: right(assigned)))
            XCTAssertEqual(found.kind, .wrongTimeSteps)
            XCTAssertTrue(
                found.summary.hasPrefix(
                    "only time step 0 counts in your dWx: the "
                        + "contribution of step"), found.summary)
            XCTAssertNil(
                Diagnosis.stepContributions(
                    name: "dWx", steps: t,
                    rightWithOnlyStep: right(truth)))
            let noise = tensor([d, h], &generator)
            XCTAssertNil(
                Diagnosis.stepContributions(
                    name: "dWx", steps: t, rightWithOnlyStep: right { truth($0) + noise }))
            XCTAssertNil(
                Diagnosis.stepContributions(
                    name: "dWx", steps: t,
                    rightWithOnlyStep: { _ in nil }))
        }
    }
}
