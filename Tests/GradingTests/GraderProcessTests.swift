import Foundation
import Grading
import LearnerProcess
import Mistakes
import XCTest

/// Runs the built `grader` executable as a child process, as learners and instructors do:
/// exit statuses, reports, crash isolation, time limits and bad input.
final class GraderProcessTests: XCTestCase {
    var checkCount: Int { CheckCatalog.all.count }

    // MARK: The three implementations

    func testSolutionsAndReferencePassEverything() throws {
        for impl in ["solutions", "reference"] {
            let run = try grade(["--impl", impl])
            XCTAssertEqual(run.status, 0, "\(impl): \(run.stdout)\(run.stderr)")
            for check in CheckCatalog.all {
                let line = run.stdout.split(separator: "\n").first {
                    $0.hasPrefix(check.name + " ")
                }
                XCTAssertTrue(
                    line?.contains(" PASS ") ?? false,
                    "\(impl): \(check.name): \(line ?? "missing")")
            }
            XCTAssertTrue(run.stdout.contains("\(checkCount) passed, 0 failed"), run.stdout)
        }
    }

    func testStubsAreTODOWithoutCrashing() throws {
        let run = try grade([])
        XCTAssertNotEqual(run.status, 0)
        for check in CheckCatalog.all {
            let line = run.stdout.split(separator: "\n").first { $0.hasPrefix(check.name + " ") }
            XCTAssertTrue(line?.contains(" TODO ") ?? false, "\(check.name): \(line ?? "missing")")
        }
        XCTAssertFalse(run.stdout.contains("crashed"), run.stdout)
        XCTAssertTrue(run.stdout.contains("0 passed, \(checkCount) failed"), run.stdout)
    }

    // MARK: Survival

    func testEverySurvivalImplementationFailsOnlyItsChecksAndLeavesNoProcesses() throws {
        let selected = CheckCatalog.select(["rnn_step", "word_embedding"]).map(\.name)
        for survival in MistakeCatalogue.survival {
            // An empty instructor fixture folder: a run with one behaves as one without.
            let marker = try temporaryFolder()
            for format in ["json", "gradescope"] {
                let context = "survival:\(survival.id) --format \(format)"
                let run = try grade([
                    "rnn_step", "word_embedding", "--impl", "survival:\(survival.id)",
                    "--timeout", "3", "--format", format, "--fixtures", marker.path,
                ])
                XCTAssertTrue(
                    learnerProcesses(of: run).isEmpty,
                    "\(context) left processes: \(learnerProcesses(of: run))")
                guard let report = json(run.stdout, context) else { continue }
                // name → (status, message)
                var results: [String: (String, String)] = [:]
                if format == "json" {
                    for check in report["checks"] as? [[String: Any]] ?? [] {
                        results[check["name"] as? String ?? "?"] =
                            (check["status"] as? String ?? "?", check["message"] as? String ?? "")
                    }
                } else {
                    for test in report["tests"] as? [[String: Any]] ?? [] {
                        let name = String((test["name"] as? String ?? "?").split(separator: " ")[0])
                        let output = test["output"] as? String ?? ""
                        results[name] = (output.hasPrefix("PASS") ? "PASS" : "FAIL", output)
                    }
                    // Layer checks are worth 1 point each by default.
                    let tests = report["tests"] as? [[String: Any]] ?? []
                    XCTAssertEqual(
                        tests.compactMap { $0["max_score"] as? Double }.reduce(0, +),
                        Double(selected.count), context)
                }
                XCTAssertEqual(
                    Set(results.keys), Set(selected), "\(context): every check is reported")
                for name in selected {
                    guard let (status, message) = results[name] else { continue }
                    guard survival.affectedChecks.contains(name) else {
                        XCTAssertEqual(
                            status, "PASS", "\(context): \(name) should pass: \(message)")
                        continue
                    }
                    // A check stopped for time was stopped at --timeout, not later.
                    if let limit = timeLimit(in: message) {
                        XCTAssertLessThanOrEqual(limit, 3, "\(context): \(name): \(message)")
                    }
                    switch survival.outcome {
                    case .fails(let texts):
                        XCTAssertEqual(status, "FAIL", "\(context): \(name)")
                        XCTAssertTrue(
                            texts.contains(where: message.contains),
                            "\(context): \(name): \"\(message)\" lacks any of \(texts)")
                    }
                }
                XCTAssertEqual(run.status, 1, "\(context): exit status")
            }
        }
    }

    /// A learner's trap is located in the learner's code, from Swift's crash backtrace.
    func testACrashIsLocatedInTheLearnersCode() throws {
        try XCTSkipIf(
            SanitizerRuntime.linked == .thread,
            "Swift's crash backtracer cannot run under ThreadSanitizer (see "
                + "Sources/Grading/Isolation/LearnerLaunch.swift): no location to check")
        let crashing = MistakeCatalogue.survival.filter {
            if case .fails(let texts) = $0.outcome { return texts.contains("crashed") }
            return false
        }
        XCTAssertFalse(crashing.isEmpty)
        for survival in crashing {
            let run = try grade([
                "rnn_step", "--impl", "survival:\(survival.id)", "--timeout", "3",
                "--format", "json",
            ])
            guard let report = json(run.stdout, survival.id) else { continue }
            let checks = report["checks"] as? [[String: Any]] ?? []
            XCTAssertEqual(checks.count, 2, survival.id)
            for check in checks {
                let (message, location) = (
                    check["message"] as? String ?? "",
                    check["location"] as? String
                )
                XCTAssertTrue(message.contains("crashed"), "\(survival.id): \(message)")
                XCTAssertEqual(
                    location?.hasPrefix("Mistakes/Survival.swift:"), true,
                    "\(survival.id): location \(location ?? "none")")
            }
        }
    }

    // MARK: Bad input

    func assertUsageError(
        _ arguments: [String], mentions text: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let run = try grade(arguments)
        XCTAssertNotEqual(run.status, 0, "\(arguments) succeeded", file: file, line: line)
        XCTAssertTrue(
            run.stderr.contains(text),
            "\(arguments): stderr \"\(run.stderr)\" does not mention \"\(text)\"",
            file: file, line: line)
    }

    func testBadCommandLinesExitNonZeroNamingTheProblem() throws {
        try assertUsageError(["--bogus"], mentions: "--bogus")
        try assertUsageError(["--impl", "mine"], mentions: "\"mine\"")
        try assertUsageError(["--impl", "mistake:no-such-mistake"], mentions: "no-such-mistake")
        try assertUsageError(["--format", "bad"], mentions: "\"bad\"")
        try assertUsageError(["--timeout", "-1"], mentions: "--timeout")
        try assertUsageError(["no_such_check"], mentions: "no_such_check")
        let missing = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-folder-\(UUID().uuidString)").path
        try assertUsageError(["--impl", "solutions", "--fixtures", missing], mentions: missing)
        let unwritable = "/proc/no-such-dir/report.json"
        try assertUsageError(
            ["rnn_step_forward", "--impl", "solutions", "--output", unwritable],
            mentions: unwritable)
    }

    func testBrokenInstructorFixtureFilesAreRefusedBeforeGrading() throws {
        let folder = try temporaryFolder()
        let builtIn = FixtureStore.builtInDirectory
        // Truncated JSON, and a version this grader does not read.
        let embedding = try Data(contentsOf: builtIn.appendingPathComponent("word_embedding.json"))
        try embedding.prefix(embedding.count / 2)
            .write(to: folder.appendingPathComponent("word_embedding.json"))
        let step = try String(
            contentsOf: builtIn.appendingPathComponent("rnn_step.json"), encoding: .utf8)
        try step.replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 99,")
            .write(
                to: folder.appendingPathComponent("rnn_step.json"), atomically: true,
                encoding: .utf8)

        // An instructor's file is used whole or not at all: the run stops before grading.
        let run = try grade(["--impl", "solutions", "--fixtures", folder.path, "--format", "json"])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "", "nothing is graded")
        let lines = run.stderr.split(separator: "\n")
        XCTAssertTrue(
            lines.contains { $0.contains("word_embedding.json") && $0.contains("JSON") },
            run.stderr)
        XCTAssertTrue(
            lines.contains { $0.contains("rnn_step.json") && $0.contains("version 99") },
            run.stderr)
    }

    // MARK: Fixtures

    func testRegeneratingFixturesIsByteIdenticalAndVerifyPasses() throws {
        let folder = try temporaryFolder()
        var snapshots: [[String: Data]] = []
        for _ in 0..<2 {
            let run = try grade(["fixtures", "regenerate", "--into", folder.path, "--force"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            snapshots.append(
                Dictionary(
                    uniqueKeysWithValues: try names.map {
                        ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
                    }))
        }
        XCTAssertFalse(snapshots[0].isEmpty)
        XCTAssertEqual(snapshots[0], snapshots[1], "regenerating twice gives different bytes")
        for (name, data) in snapshots[0] {
            let builtIn = try Data(
                contentsOf: FixtureStore.builtInDirectory.appendingPathComponent(name))
            XCTAssertEqual(data, builtIn, "\(name) differs from the built-in file")
        }
        let verify = try grade(["fixtures", "verify"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue(verify.stdout.contains("match Reference"), verify.stdout)
    }

    func testMistakesAreHiddenFromHelpButListed() throws {
        let help = try grade(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--impl exercises|solutions|reference"))
        XCTAssertTrue(help.stdout.contains("Instructors: --impl mistake:ID"))
        let list = try grade(["mistakes"])
        XCTAssertEqual(list.status, 0)
        for mistake in MistakeCatalogue.all { XCTAssertTrue(list.stdout.contains(mistake.id)) }
        let one = try grade([
            "rnn_step_backward", "--impl", "mistake:rnn-step-missing-tanh-derivative",
        ])
        XCTAssertEqual(one.status, 1)
        XCTAssertTrue(one.stdout.contains("Mistakes/"), one.stdout)
    }
}
