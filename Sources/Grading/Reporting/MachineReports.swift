import Foundation

/// `--format json`: our own documented form.
///
/// ```json
/// {"format": "rnncaptioning-grade", "version": 1, "implementation": "exercises",
///  "summary": {"passed": 16, "failed": 2, "todo": 1},
///  "checks": [{"name": "rnnStepForward", "originalName": "rnn_step_forward",
///              "status": "PASS", "measurements": [{"label": "next_h [notebook]",
///              "error": 6.3e-16, "threshold": 1e-7, "kind": "relativeError"}],
///              "seconds": 0.04, ...}]}
/// ```
///
/// A failing check carries `diagnosis` (`kind`, `array`, `summary`, `detail`), with
/// prerequisites and crashes annotated as in the text report (`FixOrder.annotated`).
public struct JSONReport: Codable, Sendable {
    public var format = "rnncaptioning-grade"
    public var version = 1
    public var implementation: String
    public var summary: Summary
    public var checks: [CheckResult]

    public init(_ results: [CheckResult], implementation: String) {
        (self.implementation, summary, checks) =
            (implementation, Summary(results), FixOrder.annotated(results))
    }
}

/// `--format gradescope`: Gradescope's `results.json` (its "Autograder Specifications":
/// top-level `score`, `execution_time`, `output`, `stdout_visibility` and `tests`, each
/// test with `name`, `number`, `score`, `max_score`, `status`, `output` and `visibility`).
/// Points and visibility come from the course settings; a check that did not pass (FAIL,
/// TODO, NOT RUN) scores 0.
public struct GradescopeReport: Codable, Sendable {
    /// Whether a test passed, in Gradescope's words.
    public enum Status: String, Codable, Sendable {
        /// The check passed.
        case passed
        /// The check failed, is still a stub, or did not run.
        case failed
    }

    /// One check, as one Gradescope test.
    public struct Test: Codable, Sendable {
        /// `rnnStepForward (rnn_step_forward)`.
        public var name: String
        /// The check's 1-based position in the catalogue, stable whatever a filter selects.
        public var number: String
        /// The check's points if it passed, else 0.
        public var score: Double
        /// The check's points.
        public var maxScore: Double
        /// Passed or failed.
        public var status: Status
        /// The verdict, the worst measurement, the message and the hint.
        public var output: String
        /// When learners see this test.
        public var visibility: CourseSettings.Visibility

        enum CodingKeys: String, CodingKey {
            case name, number, score, maxScore = "max_score", status, output, visibility
        }
    }

    /// The sum of the tests' scores.
    public var score: Double
    /// The run's wall time in whole seconds (the specification's example is an integer).
    public var executionTime: Int
    /// The score line, `16 passed, 2 failed`.
    public var output: String
    /// When learners see the grader's standard output.
    public var stdoutVisibility: CourseSettings.Visibility
    /// One test per check, in catalogue order.
    public var tests: [Test]

    enum CodingKeys: String, CodingKey {
        case score, executionTime = "execution_time", output,
            stdoutVisibility = "stdout_visibility", tests
    }

    /// The report of `results`, with points and visibility from `settings` and the run's
    /// wall time `executionTime` in seconds.
    public init(
        _ results: [CheckResult], settings: CourseSettings = CourseSettings(),
        executionTime: Double = 0
    ) {
        let results = FixOrder.annotated(results)
        tests = results.enumerated().map { position, result in
            let points = settings.points(for: result.name)
            let passed = result.status == .pass
            return Test(
                name: "\(result.name) (\(result.originalName))",
                number: String(Self.number(of: result.name) ?? position + 1),
                score: passed ? points : 0, maxScore: points,
                status: passed ? .passed : .failed, output: Self.output(of: result),
                visibility: settings.visibility(for: result.name))
        }
        score = tests.map(\.score).reduce(0, +)
        // Non-finite or absurd times would trap when converted to Int.
        self.executionTime =
            executionTime.isFinite
            ? Int(min(max(executionTime, 0), 1e9).rounded()) : 0
        output = Summary(results).scoreLine
        stdoutVisibility = settings.stdoutVisibility
    }

    /// The 1-based catalogue position of the check named `name`.
    private static func number(of name: String) -> Int? {
        CheckCatalog.all.firstIndex { $0.name == name }.map { $0 + 1 }
    }

    private static func output(of result: CheckResult) -> String {
        var output = "\(result.status.rawValue)"
        if let worst = result.worst, result.status != .todo, result.status != .notRun {
            output += ": \(worst.label): \(worst.text)"
        }
        if let diagnosis = result.diagnosis {
            output += "\nfound: " + diagnosis.summary
            if let detail = diagnosis.detail { output += " (\(detail))" }
        }
        if let message = result.message { output += "\n" + message }
        if let location = result.location { output += "\nat " + location }
        if let hint = result.hint { output += "\nhint: " + hint }
        return output
    }
}

/// Encodes a report as pretty, key-sorted JSON text.
public func encodedJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Non-finite errors (a NaN from learner code) are written as strings, keeping the JSON valid.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
}
