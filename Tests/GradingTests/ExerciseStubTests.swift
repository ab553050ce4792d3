import Exercises
import Foundation
import Given
import Reference
import Tensor
import XCTest

/// The exercise stubs as shipped: every function throws `NotImplemented`, so a fresh
/// clone grades as TODO everywhere. (Fails, as it should, once a learner fills one in.)
final class ExerciseStubTests: XCTestCase {
    let learner: any Assignment = Exercises.LearnerAssignment()

    func assertNotImplemented<T>(
        _ call: @autoclosure () throws -> T, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try call(), "\(name) returned", file: file, line: line) { error in
            XCTAssertTrue(
                error is NotImplemented, "\(name) threw \(error), not NotImplemented",
                file: file, line: line)
        }
    }

    func testForwardFunctionsThrowNotImplemented() {
        let (n, t, d, h) = (2, 3, 4, 5)
        let x = Tensor<Double>.zeros(n, d), seq = Tensor<Double>.zeros(n, t, d)
        let state = Tensor<Double>.zeros(n, h)
        let (wx, wh, b) = (
            Tensor<Double>.zeros(d, h), Tensor<Double>.zeros(h, h),
            Tensor<Double>.zeros(h)
        )
        let (wx4, wh4, b4) = (
            Tensor<Double>.zeros(d, 4 * h), Tensor<Double>.zeros(h, 4 * h),
            Tensor<Double>.zeros(4 * h)
        )
        let words = Tensor<Int>(repeating: 0, shape: [n, t]), table = Tensor<Double>.zeros(6, d)

        assertNotImplemented(
            try Exercises.rnnStepForward(x: x, prevH: state, wx: wx, wh: wh, b: b),
            "rnnStepForward")
        assertNotImplemented(
            try Exercises.rnnForward(x: seq, h0: state, wx: wx, wh: wh, b: b),
            "rnnForward")
        assertNotImplemented(
            try Exercises.wordEmbeddingForward(x: words, w: table),
            "wordEmbeddingForward")
        assertNotImplemented(
            try Exercises.lstmStepForward(
                x: x, prevH: state, prevC: state,
                wx: wx4, wh: wh4, b: b4),
            "lstmStepForward")
        assertNotImplemented(
            try Exercises.lstmForward(x: seq, h0: state, wx: wx4, wh: wh4, b: b4),
            "lstmForward")

        assertNotImplemented(
            try learner.rnnStep(x: x, prevH: state, wx: wx, wh: wh, b: b),
            "LearnerAssignment.rnnStep")
        assertNotImplemented(
            try learner.rnn(x: seq, h0: state, wx: wx, wh: wh, b: b),
            "LearnerAssignment.rnn")
        assertNotImplemented(
            try learner.wordEmbedding(x: words, w: table),
            "LearnerAssignment.wordEmbedding")
        assertNotImplemented(
            try learner.lstmStep(
                x: x, prevH: state, prevC: state, wx: wx4,
                wh: wh4, b: b4), "LearnerAssignment.lstmStep")
        assertNotImplemented(
            try learner.lstm(x: seq, h0: state, wx: wx4, wh: wh4, b: b4),
            "LearnerAssignment.lstm")
        let (wx3, wh3, b3) = (
            Tensor<Double>.zeros(d, 3 * h), Tensor<Double>.zeros(h, 3 * h),
            Tensor<Double>.zeros(3 * h)
        )
        assertNotImplemented(
            try Exercises.gruStepForward(
                x: x, prevH: state, wx: wx3, wh: wh3,
                b: b3, bh: b3), "gruStepForward")
        assertNotImplemented(
            try Exercises.gruForward(
                x: seq, h0: state, wx: wx3, wh: wh3, b: b3,
                bh: b3), "gruForward")
        assertNotImplemented(
            try learner.gruStep(
                x: x, prevH: state, wx: wx3, wh: wh3, b: b3,
                bh: b3), "LearnerAssignment.gruStep")
        assertNotImplemented(
            try learner.gru(x: seq, h0: state, wx: wx3, wh: wh3, b: b3, bh: b3),
            "LearnerAssignment.gru")
    }

    func testCaptioningModelIsGivenButLossAndSampleThrowNotImplemented() throws {
        let vocabulary = ["<NULL>": 0, "<START>": 1, "<END>": 2, "cat": 3]
        for cellType in CellType.allCases {
            // The initialiser is given: it builds the original's parameters.
            let model = try learner.captioningModel(
                wordToIdx: vocabulary, inputDim: 4, wordvecDim: 3, hiddenDim: 5,
                cellType: cellType, seed: 1, scalar: Double.self)
            let reference = try Reference.CaptioningRNN<Double>(
                wordToIdx: vocabulary, inputDim: 4, wordvecDim: 3, hiddenDim: 5,
                cellType: cellType, seed: 1)
            XCTAssertEqual(model.params, reference.params)
            let features = Tensor<Double>.zeros(2, 4)
            assertNotImplemented(
                try model.loss(
                    features: features,
                    captions: Tensor([[1, 3, 2], [1, 2, 0]])),
                "CaptioningRNN.loss")
            assertNotImplemented(
                try model.sample(features: features, maxLength: 3),
                "CaptioningRNN.sample")
        }
        XCTAssertThrowsError(try Exercises.CaptioningRNN<Double>(wordToIdx: ["cat": 0])) { error in
            XCTAssertEqual(error as? CaptioningError, .missingToken("<NULL>"))
        }
    }

    /// The backward passes cannot be called from outside without a forward pass (the
    /// caches are the learner's, with no public initialiser), so their stubs are checked
    /// in the source: each throws NotImplemented inside its YOUR CODE box.
    func testEveryStubIsInItsBoxInTheSource() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let stubs = [
            "VanillaRNN.swift": [
                "rnnStepForward (rnn_step_forward)",
                "rnnStepBackward (rnn_step_backward)",
                "rnnForward (rnn_forward)", "rnnBackward (rnn_backward)",
            ],
            "WordEmbedding.swift": [
                "wordEmbeddingForward (word_embedding_forward)",
                "wordEmbeddingBackward (word_embedding_backward)",
            ],
            "LSTM.swift": [
                "lstmStepForward (lstm_step_forward)",
                "lstmStepBackward (lstm_step_backward)",
                "lstmForward (lstm_forward)", "lstmBackward (lstm_backward)",
            ],
            "GRU.swift": [
                "gruStepForward (gru_step_forward)",
                "gruStepBackward (gru_step_backward)",
                "gruForward (gru_forward)", "gruBackward (gru_backward)",
            ],
            "CaptioningRNN.swift": [
                "CaptioningRNN.loss (CaptioningRNN.loss)",
                "CaptioningRNN.sample (CaptioningRNN.sample)",
            ],
        ]
        for (file, names) in stubs {
            let url = root.appendingPathComponent("Exercises").appendingPathComponent(file)
            let lines = try String(contentsOf: url, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(
                lines.filter { $0.hasPrefix("throw NotImplemented(") }.count,
                names.count, "\(file): one stub per function")
            for name in names {
                let stub = "throw NotImplemented(\"\(name)\")"
                guard let i = lines.firstIndex(of: stub) else {
                    XCTFail("\(file): no `\(stub)`")
                    continue
                }
                XCTAssertTrue(
                    i > 0 && lines[i - 1].hasPrefix("// ┌─ YOUR CODE"),
                    "\(file): \(name) is not right after its YOUR CODE line")
                XCTAssertTrue(
                    i + 1 < lines.count && lines[i + 1].hasPrefix("// └─"),
                    "\(file): \(name) is not the only line in its box")
            }
        }
    }
}
