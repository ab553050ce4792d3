import Foundation
import Grading
import XCTest

/// The text report of fixed results, line by line against a golden text, and every line
/// of it (and of real grading runs) within 80 columns.
final class TextReportTests: XCTestCase {
    /// One result of each kind: a pass, failures measured in each unit, a crash, a TODO, a
    /// backward whose forward fails, a run out of budget.
    static let results: [CheckResult] = [
        CheckResult(
            name: "rnnStepForward", originalName: "rnn_step_forward", status: .fail,
            message: "next_h [notebook]: rel. error 1 > 1e-7",
            hint: "A term every sample shares is missing, doubled or of the wrong sign: "
                + "the bias (… + b) inside the tanh.",
            measurements: [
                Grading.Measurement(
                    label: "next_h [notebook]", error: 1,
                    threshold: 1e-7)
            ],
            seconds: 0.07,
            diagnosis: Diagnosis(
                .constantOffset, array: "next_h",
                summary: "before the tanh, every sample of your next_h "
                    + "is off by the same vector")),
        CheckResult(
            name: "rnnStepBackward", originalName: "rnn_step_backward", status: .fail,
            message: "db [notebook] vs fixture: rel. error 0.5 > 1e-7",
            hint: "db sums da over the batch: da.sum(alongAxes: 0).",
            measurements: [
                Grading.Measurement(
                    label: "db [notebook] vs fixture", error: 0.5,
                    threshold: 1e-7)
            ],
            seconds: 0.05,
            diagnosis: Diagnosis(
                .scaleFactor, array: "db",
                summary: "your db is N = 3 times too large")),
        CheckResult(
            name: "rnnForward", originalName: "rnn_forward", status: .pass,
            measurements: [
                Grading.Measurement(
                    label: "h [notebook]", error: 2.3e-15,
                    threshold: 1e-7)
            ],
            seconds: 0.09),
        CheckResult(
            name: "lstmStepForward", originalName: "lstm_step_forward", status: .fail,
            message: "crashed (a Swift runtime trap): Fatal error: Index out of range",
            location: "Exercises/LSTM.swift:42", seconds: 0.3),
        CheckResult(
            name: "lstmForward", originalName: "lstm_forward", status: .todo,
            message: "lstmForward is not written yet (Exercises/LSTM.swift)"),
        CheckResult(
            name: "captioningLossRNN", originalName: "CaptioningRNN.loss (rnn)",
            status: .fail,
            message: "loss [notebook] = 0.819, expected 9.83: |difference| 9.01 > 1e-10",
            hint: "A factor 1/T: the loss is summed over time steps, not averaged over "
                + "them.",
            measurements: [
                Grading.Measurement(
                    label: "loss [notebook] = 0.819, expected 9.83",
                    error: 9.01, threshold: 1e-10,
                    kind: .absoluteDifference)
            ],
            seconds: 0.17,
            diagnosis: Diagnosis(
                .scaleFactor, array: "loss",
                summary: "your loss is T = 12 times too small")),
        CheckResult(
            name: "captioningSampleRNN", originalName: "CaptioningRNN.sample (rnn)",
            status: .fail,
            message: "3 of 8 sampled words differ from Reference's [notebook], first "
                + "in column 2",
            measurements: [
                Grading.Measurement(
                    label: "words differing [notebook]", error: 3,
                    threshold: 1, kind: .count, total: 8)
            ],
            seconds: 0.14,
            diagnosis: Diagnosis(
                .wrongSampleTokens, array: "captions",
                summary: "3 of 8 sampled words differ from Reference's, "
                    + "first in column 2",
                detail: "row 0, columns 0...2: got [4 a, 7 cat, 9 <END>], "
                    + "expected [4 a, 7 cat, 5 sat]")),
        CheckResult(
            name: "overfitRNN", originalName: "overfit small data (rnn)", status: .notRun,
            message: "not run: the grading budget was used up (--budget)"),
    ]

    static let golden = """
        Grading exercises

        check                status   worst measurement             time
        rnnStepForward       FAIL     rel. error 1 > 1e-7         0.07 s
            found: before the tanh, every sample of your next_h is off by the same
                   vector
            rnn_step_forward: next_h [notebook]: rel. error 1 > 1e-7
            hint: A term every sample shares is missing, doubled or of the wrong sign:
                  the bias (… + b) inside the tanh.
        rnnStepBackward      FAIL     rel. error 0.5 > 1e-7       0.05 s
            found: fix rnnStepForward (rnn_step_forward) first: this backward is checked
                   against your forward
                   meanwhile: your db is N = 3 times too large
            rnn_step_backward: db [notebook] vs fixture: rel. error 0.5 > 1e-7
            hint: Once rnnStepForward passes, run this check again. If it still fails:
                  db sums da over the batch: da.sum(alongAxes: 0).
        rnnForward           PASS     rel. error 2.3e-15 < 1e-7   0.09 s
        lstmStepForward      FAIL     -                           0.30 s
            lstm_step_forward: crashed (a Swift runtime trap): Fatal error: Index out of
              range
            at Exercises/LSTM.swift:42
            hint: An index went past the end of an array: check loop bounds (0..<T, not
                  0...T), the axis you index (N before T), and word indices below V.
        lstmForward          TODO     -                           0.00 s
            lstm_forward: lstmForward is not written yet (Exercises/LSTM.swift)
        captioningLossRNN    FAIL     |difference| 9.01 > 1e-10   0.17 s
            found: fix rnnStepForward (rnn_step_forward) first: the model is built from
                   your layers
                   meanwhile: your loss is T = 12 times too small
            CaptioningRNN.loss (rnn): loss [notebook] = 0.819, expected 9.83:
              |difference| 9.01 > 1e-10
            hint: Once rnnStepForward passes, run this check again. If it still fails: A
                  factor 1/T: the loss is summed over time steps, not averaged over
                  them.
        captioningSampleRNN  FAIL     3 of 8 words differ         0.14 s
            found: fix rnnStepForward (rnn_step_forward) first: the model is built from
                   your layers
                   meanwhile: 3 of 8 sampled words differ from Reference's, first in
                   column 2
            CaptioningRNN.sample (rnn): 3 of 8 sampled words differ from Reference's
              [notebook], first in column 2
            hint: Once rnnStepForward passes, run this check again.
        overfitRNN           NOT RUN  -                           0.00 s
            overfit small data (rnn): not run: the grading budget was used up (--budget)

        What to fix first:
          1.  rnnStepForward (rnn_step_forward)
          2.  lstmStepForward (lstm_step_forward)
          3.  rnnStepBackward (rnn_step_backward) (after rnnStepForward)
          4.  captioningLossRNN (CaptioningRNN.loss (rnn)) (after rnnStepForward)
          5.  captioningSampleRNN (CaptioningRNN.sample (rnn)) (after rnnStepForward)

        1 not written yet (TODO counts as failed).
        1 passed, 7 failed

        """

    func testGoldenReport() {
        let text = TextReport.render(Self.results, implementation: "exercises", colors: false)
        let lines = text.components(separatedBy: "\n")
        let golden = Self.golden.components(separatedBy: "\n")
        for (number, (line, expected)) in zip(lines, golden).enumerated() {
            XCTAssertEqual(line, expected, "line \(number + 1)")
        }
        XCTAssertEqual(lines.count, golden.count, text)
        assertFitsInEightyColumns(text)
    }

    func testReportIsIdempotentAndJSONCarriesTheSameDiagnoses() throws {
        let once = FixOrder.annotated(Self.results)
        XCTAssertEqual(FixOrder.annotated(once).map(\.diagnosis), once.map(\.diagnosis))
        XCTAssertEqual(once[1].diagnosis?.kind, .fixPrerequisiteFirst)
        XCTAssertEqual(once[3].diagnosis?.kind, .crash)
        let json = JSONReport(Self.results, implementation: "exercises")
        XCTAssertEqual(json.checks.map(\.diagnosis), once.map(\.diagnosis))
        let gradescope = GradescopeReport(Self.results)
        XCTAssertTrue(
            gradescope.tests[5].output.contains("|difference| 9.01 > 1e-10"),
            gradescope.tests[5].output)
        XCTAssertTrue(
            gradescope.tests[1].output.contains("found: fix rnnStepForward"),
            gradescope.tests[1].output)
    }

    func testPrerequisitesOfTheLayersAndTheModel() {
        XCTAssertEqual(Prerequisites.of("rnnStepBackward").map(\.check), ["rnnStepForward"])
        XCTAssertEqual(
            Prerequisites.of("lstmBackward").map(\.check),
            ["lstmForward", "lstmStepBackward"])
        XCTAssertEqual(Prerequisites.of("gruForward").map(\.check), ["gruStepForward"])
        XCTAssertEqual(
            Prerequisites.of("captioningLossLSTM").map(\.check),
            ["lstmStepForward", "lstmForward", "wordEmbeddingForward"])
        XCTAssertEqual(Prerequisites.of("captioningGradientsGRU").first?.check, "captioningLossGRU")
        XCTAssertEqual(Prerequisites.of("rnnStepForward").count, 0)
    }

    /// Mistakes from the catalogue, graded by the grader executable: the diagnosis each
    /// must produce (read from the JSON report), and every line of the text report within
    /// 80 columns.
    func testGraderDiagnosesCatalogueMistakes() throws {
        let expectations: [(mistake: String, check: String, kind: DiagnosisKind)] = [
            ("rnn-step-forgot-bias", "rnnStepForward", .constantOffset),
            ("rnn-step-forgot-bias", "rnnStepBackward", .fixPrerequisiteFirst),
            ("embedding-backward-assigns", "wordEmbeddingBackward", .wrongRows),
            ("lstm-step-tanh-derivative-of-cell-wrong", "lstmStepBackward", .wrongGateBlock),
            ("rnn-backward-no-gradient-from-next-step", "rnnBackward", .onlyLastStepRight),
            ("loss-averaged-over-nt", "captioningLossRNN", .scaleFactor),
            ("sample-returns-start", "captioningSampleRNN", .wrongSampleTokens),
        ]
        for (mistake, check, kind) in expectations {
            // The check's prerequisites run too: a verdict can depend on them.
            let json = try grade(
                ["--impl", "mistake:\(mistake)", "--format", "json", check]
                    + Prerequisites.of(check).map(\.check))
            let report = try JSONDecoder().decode(JSONReport.self, from: Data(json.stdout.utf8))
            let result = try XCTUnwrap(report.checks.first { $0.name == check }, json.stdout)
            XCTAssertEqual(result.status, .fail, "\(mistake) on \(check)")
            XCTAssertEqual(
                result.diagnosis?.kind, kind,
                "\(mistake) on \(check): \(result.diagnosis?.summary ?? "none")")
        }
        for mistake in Set(expectations.map(\.mistake)) {
            let text = try grade([
                "--impl", "mistake:\(mistake)", "rnn", "word", "lstm",
                "captioning",
            ])
            XCTAssertTrue(text.stdout.contains("What to fix first:"), text.stdout)
            assertFitsInEightyColumns(text.stdout)
        }
    }

    func assertFitsInEightyColumns(
        _ text: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        for row in text.components(separatedBy: "\n") where row.count > 80 {
            XCTFail("\(row.count) columns: \(row)", file: file, line: line)
        }
    }
}

/// A crash's hint comes from what crashed.
final class CrashHintTests: XCTestCase {
    func testEachKindOfCrashGetsItsHint() throws {
        let crashes: [(message: String, hintContains: String)] = [
            ("crashed (a Swift runtime trap): Fatal error: Index out of range", "past the end"),
            (
                "crashed (a Swift runtime trap): Fatal error: shapes (2, 3) and (4, 3) do not "
                    + "broadcast", "shapes do not fit"
            ),
            ("crashed (a Swift runtime trap): Fatal error: Division by zero", "division by zero"),
            ("threw NotImplemented: rnnStepForward is not written yet", "still a stub"),
            ("crashed with a memory fault (often endless recursion)", "endless recursion"),
            (
                "did not finish within 20 s (stopped): an endless loop, or far too slow",
                "every loop ends"
            ),
            ("was killed (out of memory?)", "allocates without bound"),
        ]
        for (message, expected) in crashes {
            let result = CheckResult(
                name: "rnnStepForward", originalName: "rnn_step_forward",
                status: .fail, message: message)
            let annotated = try XCTUnwrap(FixOrder.annotated([result]).first)
            XCTAssertEqual(annotated.diagnosis?.kind, .crash, message)
            XCTAssertTrue(
                annotated.hint?.contains(expected) == true,
                "\(message): \(annotated.hint ?? "no hint")")
        }
        // A failure that is no crash gets no crash diagnosis.
        let plain = CheckResult(
            name: "rnnStepForward", originalName: "rnn_step_forward",
            status: .fail, message: "next_h [notebook]: rel. error 1 > 1e-7")
        XCTAssertNil(FixOrder.annotated([plain]).first?.diagnosis)
    }
}
