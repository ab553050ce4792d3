import Foundation

/// How a child test process ended, and what it printed.
public struct ChildScenarioResult {
    /// The exit status, or the signal number when `reason` is `.uncaughtSignal`.
    public let status: Int32
    public let reason: Process.TerminationReason
    public let stdout: String
    public let stderr: String
    /// The child was still running after the time limit and was stopped.
    public let timedOut: Bool
}

/// Runs single XCTest cases of the current test binary in a child process, so a test can
/// check that a line traps with the message a learner would see (a shape error) without
/// taking the whole test run down. The scenarios return at once unless their
/// environment variable is set, which only the child gets.
public enum ChildScenario {
    /// The XCTest runner executable (on Linux the `.xctest` file itself).
    public static var testExecutable: String {
        if let path = Bundle.main.executablePath, FileManager.default.isExecutableFile(atPath: path)
        {
            return path
        }
        return CommandLine.arguments[0]
    }

    /// Runs `testCase` ("Module.Class/testMethod") with `environmentKey=1`, or unarmed
    /// when `environmentKey` is nil.
    public static func run(
        _ testCase: String, armedBy environmentKey: String?,
        timeout: TimeInterval = 60
    ) throws -> ChildScenarioResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: testExecutable)
        process.arguments = [testCase]
        var environment = ProcessInfo.processInfo.environment
        if let environmentKey { environment[environmentKey] = "1" }
        environment["SWIFT_BACKTRACE"] = "enable=no"  // just the message, quickly
        process.environment = environment
        // Files, not pipes: a chatty child can never block on a full pipe.
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            _ = finished.wait(timeout: .now() + 5)
        }
        try out.close()
        try err.close()
        return ChildScenarioResult(
            status: process.terminationStatus, reason: process.terminationReason,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }

    /// What is wrong with a child that should have died of a "Tensor shape error"
    /// mentioning every one of `fragments`; empty when it did. A scenario that returns
    /// instead of trapping prints "scenario did not trap".
    public static func shapeErrorProblems(
        _ result: ChildScenarioResult, scenario: String,
        mentions fragments: [String]
    ) -> [String] {
        var problems: [String] = []
        if result.timedOut { problems.append("\(scenario): the child did not finish in time") }
        if result.reason == .exit && result.status == 0 {
            problems.append("\(scenario): the child exited normally\n\(result.stdout)")
        }
        if result.stdout.contains("scenario did not trap") {
            problems.append("\(scenario) returned instead of trapping")
        }
        if !result.stderr.contains("Tensor shape error: ") {
            problems.append("\(scenario): no shape error in stderr:\n\(result.stderr)")
        }
        for fragment in fragments where !result.stderr.contains(fragment) {
            problems.append(
                "\(scenario): stderr does not mention \"\(fragment)\":\n\(result.stderr)")
        }
        return problems
    }
}
