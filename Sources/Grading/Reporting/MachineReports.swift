import Foundation

/// `--format json`: our own documented form.
///
/// ```json
/// {"format": "rnncaptioning-grade", "version": 1, "implementation": "exercises",
///  "summary": {"passed": 16, "failed": 2, "todo": 1},
///  "checks": [{"name": "rnnStepForward", "originalName": "rnn_step_forward",
///              "status": "PASS", "measurements": [{"label": "next_h [notebook]",
///              "error": 6.3e-16, "threshold": 1e-7}], "seconds": 0.04, ...}]}
/// ```
public struct JSONReport: Codable, Sendable {
    public var format = "rnncaptioning-grade"
    public var version = 1
    public var implementation: String
    public var summary: Summary
    public var checks: [CheckResult]

    public init(_ results: [CheckResult], implementation: String) {
        (self.implementation, summary, checks) = (implementation, Summary(results), results)
    }
}

/// `--format gradescope`: Gradescope's results.json, one point per check.
public struct GradescopeReport: Codable, Sendable {
    public struct Test: Codable, Sendable {
        public var name: String
        public var score: Double
        public var max_score: Double
        public var status: String
        public var output: String
    }

    public var score: Double
    public var max_score: Double
    public var output: String
    public var tests: [Test]

    public init(_ results: [CheckResult]) {
        tests = results.map { result in
            var output = "\(result.status.rawValue)"
            if let worst = result.worst {
                output += ": worst error \(format(worst.error)) (\(worst.label)), threshold "
                    + format(worst.threshold)
            }
            if let message = result.message { output += "\n" + message }
            if let location = result.location { output += "\nat " + location }
            if let hint = result.hint { output += "\nhint: " + hint }
            return Test(name: "\(result.name) (\(result.originalName))",
                        score: result.status == .pass ? 1 : 0, max_score: 1,
                        status: result.status == .pass ? "passed" : "failed", output: output)
        }
        score = tests.map(\.score).reduce(0, +)
        max_score = Double(tests.count)
        output = Summary(results).scoreLine
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
