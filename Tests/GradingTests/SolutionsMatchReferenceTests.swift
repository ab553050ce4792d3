import Exercises
import Given
import Reference
import Solutions
import Tensor
import XCTest

/// The instructor's solutions, called the way the grader calls them (through the
/// `Assignment` protocol), agree with the vectorised Reference on random inputs: every
/// forward output and every gradient, at shapes where D, H and W differ, with N = 1 and
/// T = 1 among them, and with repeated words.
final class SolutionsMatchReferenceTests: XCTestCase {
    let solutions: any Assignment = Solutions.LearnerAssignment()
    let reference: any Assignment = ReferenceAssignment()

    /// (N, T, D, H): D ≠ H everywhere; N = 1 and T = 1 each appear.
    let shapes: [(n: Int, t: Int, d: Int, h: Int)] = [
        (3, 4, 5, 6), (1, 4, 5, 6), (3, 1, 5, 6),
        (1, 1, 2, 3), (2, 6, 7, 4),
    ]

    var generator = SeededGenerator(seed: 231)

    func randn(_ shape: Int...) -> Tensor<Double> {
        Tensor<Double>.randomNormal(shape: shape, using: &generator)
    }

    func assertClose(
        _ ours: Tensor<Double>, _ theirs: Tensor<Double>, _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(ours.shape, theirs.shape, "\(what): shapes differ", file: file, line: line)
        guard ours.shape == theirs.shape else { return }
        let error = relativeError(ours, theirs)
        XCTAssertLessThan(error, 1e-9, "\(what): relative error \(error)", file: file, line: line)
    }

    func testRNNStep() throws {
        for (n, _, d, h) in shapes {
            let (x, prevH, wx, wh, b) = (
                randn(n, d), randn(n, h), randn(d, h), randn(h, h), randn(h)
            )
            let dNext = randn(n, h)
            let ours = try solutions.rnnStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
            let theirs = try reference.rnnStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
            let label = "rnnStep N=\(n) D=\(d) H=\(h)"
            assertClose(ours.nextH, theirs.nextH, "\(label) nextH")
            let (g, r) = (try ours.backward(dNext), try theirs.backward(dNext))
            assertClose(g.dx, r.dx, "\(label) dx")
            assertClose(g.dPrevH, r.dPrevH, "\(label) dPrevH")
            assertClose(g.dWx, r.dWx, "\(label) dWx")
            assertClose(g.dWh, r.dWh, "\(label) dWh")
            assertClose(g.db, r.db, "\(label) db")
        }
    }

    func testRNNSequence() throws {
        for (n, t, d, h) in shapes {
            let (x, h0, wx, wh, b) = (
                randn(n, t, d), randn(n, h), randn(d, h), randn(h, h), randn(h)
            )
            let dh = randn(n, t, h)
            let ours = try solutions.rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
            let theirs = try reference.rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
            let label = "rnn N=\(n) T=\(t) D=\(d) H=\(h)"
            assertClose(ours.h, theirs.h, "\(label) h")
            let (g, r) = (try ours.backward(dh), try theirs.backward(dh))
            assertSequenceGradients(g, r, label)
        }
    }

    func testWordEmbedding() throws {
        let v = 4
        var cases = shapes.map {
            Tensor<Int>.randomIntegers(
                below: v, shape: [$0.n, $0.t],
                using: &generator)
        }
        // Every word repeated, and word 2 unused: its gradient row must stay zero.
        cases.append(Tensor([[0, 3, 3, 1], [3, 0, 0, 3]]))
        for x in cases {
            let d = 5
            let w = randn(v, d)
            let dout = randn(x.shape[0], x.shape[1], d)
            let ours = try solutions.wordEmbedding(x: x, w: w)
            let theirs = try reference.wordEmbedding(x: x, w: w)
            let label = "wordEmbedding x \(x.shape.shapeDescription)"
            assertClose(ours.out, theirs.out, "\(label) out")
            assertClose(try ours.backward(dout), try theirs.backward(dout), "\(label) dW")
        }
    }

    func testLSTMStep() throws {
        for (n, _, d, h) in shapes {
            let (x, prevH, prevC) = (randn(n, d), randn(n, h), randn(n, h))
            let (wx, wh, b) = (randn(d, 4 * h), randn(h, 4 * h), randn(4 * h))
            let (dNextH, dNextC) = (randn(n, h), randn(n, h))
            let ours = try solutions.lstmStep(
                x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
            let theirs = try reference.lstmStep(
                x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh,
                b: b)
            let label = "lstmStep N=\(n) D=\(d) H=\(h)"
            assertClose(ours.nextH, theirs.nextH, "\(label) nextH")
            assertClose(ours.nextC, theirs.nextC, "\(label) nextC")
            let g = try ours.backward(dNextH, dNextC)
            let r = try theirs.backward(dNextH, dNextC)
            assertClose(g.dx, r.dx, "\(label) dx")
            assertClose(g.dPrevH, r.dPrevH, "\(label) dPrevH")
            assertClose(g.dPrevC, r.dPrevC, "\(label) dPrevC")
            assertClose(g.dWx, r.dWx, "\(label) dWx")
            assertClose(g.dWh, r.dWh, "\(label) dWh")
            assertClose(g.db, r.db, "\(label) db")
        }
    }

    func testLSTMSequence() throws {
        for (n, t, d, h) in shapes {
            let (x, h0) = (randn(n, t, d), randn(n, h))
            let (wx, wh, b) = (randn(d, 4 * h), randn(h, 4 * h), randn(4 * h))
            let dh = randn(n, t, h)
            let ours = try solutions.lstm(x: x, h0: h0, wx: wx, wh: wh, b: b)
            let theirs = try reference.lstm(x: x, h0: h0, wx: wx, wh: wh, b: b)
            let label = "lstm N=\(n) T=\(t) D=\(d) H=\(h)"
            assertClose(ours.h, theirs.h, "\(label) h")
            let (g, r) = (try ours.backward(dh), try theirs.backward(dh))
            assertSequenceGradients(g, r, label)
        }
    }

    func assertSequenceGradients(
        _ g: SequenceGradients<Double>, _ r: SequenceGradients<Double>,
        _ label: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        assertClose(g.dx, r.dx, "\(label) dx", file: file, line: line)
        assertClose(g.dh0, r.dh0, "\(label) dh0", file: file, line: line)
        assertClose(g.dWx, r.dWx, "\(label) dWx", file: file, line: line)
        assertClose(g.dWh, r.dWh, "\(label) dWh", file: file, line: line)
        assertClose(g.db, r.db, "\(label) db", file: file, line: line)
    }

    static let vocabulary = [
        "<NULL>": 0, "<START>": 1, "<END>": 2, "a": 3, "cat": 4, "dog": 5,
        "sat": 6,
    ]

    /// Captions `(N, T + 1)`: `<START>`, random words, then `<NULL>` padding in some rows.
    func randomCaptions(n: Int, t: Int) -> Tensor<Int> {
        let v = Self.vocabulary.count
        var captions = Tensor<Int>.randomIntegers(below: v, shape: [n, t + 1], using: &generator)
        for row in 0..<n {
            captions[row, 0] = 1
            // Row 0 keeps every word; later rows end with padding of growing length.
            let length = max(1, t + 1 - row)
            for column in length..<(t + 1) { captions[row, column] = 0 }
        }
        return captions
    }

    func testCaptioningModel() throws {
        let (d, w, h) = (5, 4, 3)  // D ≠ W ≠ H
        for cellType in CellType.allCases {
            for (n, t) in [(4, 5), (1, 1), (3, 1), (1, 6)] {
                let label = "CaptioningRNN \(cellType) N=\(n) T=\(t)"
                var ours = try solutions.captioningModel(
                    wordToIdx: Self.vocabulary, inputDim: d, wordvecDim: w, hiddenDim: h,
                    cellType: cellType, seed: 7, scalar: Double.self)
                var theirs = try reference.captioningModel(
                    wordToIdx: Self.vocabulary, inputDim: d, wordvecDim: w, hiddenDim: h,
                    cellType: cellType, seed: 7, scalar: Double.self)
                XCTAssertEqual(ours.params, theirs.params, "\(label): initial parameters")
                // Random parameters everywhere (the biases start at zero).
                var params: [String: Tensor<Double>] = [:]
                for (name, value) in theirs.params.sorted(by: { $0.key < $1.key }) {
                    params[name] =
                        Tensor<Double>.randomNormal(
                            shape: value.shape,
                            using: &generator) * 0.5
                }
                ours.params = params
                theirs.params = params

                let features = randn(n, d)
                // Random captions (some <NULL> words mid-caption), and captions whose
                // every target is <NULL>.
                var padding = Tensor<Int>.zeros(n, t + 1)
                for row in 0..<n { padding[row, 0] = 1 }
                for (captions, what) in [(randomCaptions(n: n, t: t), ""), (padding, " padding")] {
                    let (loss, grads) = try ours.loss(features: features, captions: captions)
                    let (refLoss, refGrads) = try theirs.loss(
                        features: features, captions: captions)
                    assertClose(
                        Tensor(scalar: loss), Tensor(scalar: refLoss), "\(label)\(what) loss")
                    XCTAssertEqual(Set(grads.keys), Set(refGrads.keys), "\(label) gradient names")
                    for (name, refGrad) in refGrads {
                        guard let grad = grads[name] else { continue }
                        assertClose(grad, refGrad, "\(label)\(what) d\(name)")
                    }
                }

                for maxLength in [0, 1, 7] {
                    XCTAssertEqual(
                        try ours.sample(features: features, maxLength: maxLength),
                        try theirs.sample(features: features, maxLength: maxLength),
                        "\(label) sample maxLength=\(maxLength)")
                }
            }
        }
    }

    func testCaptioningModelWithoutNullThrows() {
        XCTAssertThrowsError(
            try solutions.captioningModel(
                wordToIdx: ["<START>": 0], inputDim: 2, wordvecDim: 3, hiddenDim: 4, cellType: .rnn,
                seed: 0, scalar: Double.self)
        ) { error in
            XCTAssertEqual(error as? CaptioningError, .missingToken("<NULL>"))
        }
    }
}
