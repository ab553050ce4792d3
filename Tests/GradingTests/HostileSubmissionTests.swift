import Foundation
import Grading
import Hostile
import XCTest

/// Submissions that attack the grader (Sources/Hostile) gain nothing: the report is
/// complete and truthful, written by the grader alone, and nothing they started is left.
/// As root (CI, Gradescope) the learner also runs as an unprivileged user that cannot
/// read the fixtures, signal the grader or write outside its scratch folder.
final class HostileSubmissionTests: XCTestCase {
    let checks = ["rnnStepForward", "rnnStepBackward"]
    var isRoot: Bool { geteuid() == 0 }

    /// Grades `hostile:ID` on the rnn_step checks into a Gradescope report; returns the run
    /// and the report as the grader wrote it.
    func attack(_ id: String, extra: [String] = []) throws -> (GraderRun, String) {
        let (run, report, _) = try attackKeepingReport(id, extra: extra)
        return (run, report)
    }

    /// `attack`, also giving the report's path (removed when the test ends).
    func attackKeepingReport(
        _ id: String, extra: [String] = []
    ) throws
        -> (GraderRun, String, URL)
    {
        let folder = try temporaryFolder()
        let report = folder.appendingPathComponent("results.json")
        let run = try grade(
            checks + [
                "--impl", "hostile:\(id)", "--timeout", "10", "--format",
                "gradescope", "--output", report.path,
            ] + extra)
        let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        return (run, text, report)
    }

    /// The report gives no point, lists every selected check as failed, and the grader's
    /// own score line is the only one.
    func assertNoGain(
        _ id: String, _ run: GraderRun, _ report: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(
            run.status, 1, "\(id): \(run.stdout)\(run.stderr.prefix(2000))", file: file, line: line)
        guard let json = json(report, id) else { return }
        XCTAssertEqual(json["score"] as? Double, 0, "\(id): \(report)", file: file, line: line)
        let tests = json["tests"] as? [[String: Any]] ?? []
        XCTAssertEqual(tests.count, checks.count, "\(id): \(report)", file: file, line: line)
        XCTAssertTrue(
            tests.allSatisfy { $0["status"] as? String == "failed" }, "\(id): \(report)",
            file: file, line: line)
        XCTAssertEqual(run.stdout, "0 passed, 2 failed\n", "\(id)", file: file, line: line)
        XCTAssertTrue(
            learnerProcesses(of: run).isEmpty, "\(id) left \(learnerProcesses(of: run))",
            file: file,
            line: line)
    }

    func testEveryAttackIsCatalogued() {
        let expected: Set = [
            "forge-report", "read-fixtures", "overwrite-fixture",
            "rewrite-report-later", "kill-grader", "orphan-sleeper",
            "stderr-flood", "write-grader-stdout", "read-grader-environment",
            "set-environment", "exhaust-descriptors", "wait-for-grader-exit",
            "write-outside-scratch",
        ]
        XCTAssertEqual(Set(HostileCatalogue.all.map(\.id)), expected)
    }

    func testNoAttackGainsAPointOrLeavesAnything() throws {
        let temporary = LearnerTemporaryFolder.url.path
        func leftovers() -> Set<String> {
            Set(
                ((try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [])
                    .filter { $0.hasPrefix("rnncaptioning-") })
        }
        let before = leftovers()
        for submission in HostileCatalogue.all {
            let (run, report) = try attack(submission.id)
            assertNoGain(submission.id, run, report)
            XCTAssertEqual(leftovers(), before, "\(submission.id) left temporary folders")
        }
    }

    func testReportsAreNotRewrittenAfterTheGraderExits() throws {
        for id in ["rewrite-report-later", "wait-for-grader-exit"] {
            let (run, report, path) = try attackKeepingReport(id)
            assertNoGain(id, run, report)
            // The attack's background process would have rewritten the file by now.
            Thread.sleep(forTimeInterval: 3.5)
            XCTAssertEqual(try String(contentsOf: path, encoding: .utf8), report, id)
            XCTAssertTrue(
                learnerProcesses(of: run).isEmpty, "\(id) left \(learnerProcesses(of: run))")
        }
    }

    func testFixturesStayIntactAndUnreadable() throws {
        let (run, report) = try attack("overwrite-fixture")
        assertNoGain("overwrite-fixture", run, report)
        let verify = try grade(["fixtures", "verify"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        let (stolen, stolenReport) = try attack("read-fixtures")
        assertNoGain("read-fixtures", stolen, stolenReport)
        if isRoot {
            // Root-only: the learner's user cannot read the kit at all.
            XCTAssertTrue(stolenReport.contains("not implemented yet"), stolenReport)
        }
    }

    func testTheGraderCannotBeReachedFromTheLearner() throws {
        let (run, report) = try attack("read-grader-environment")
        assertNoGain("read-grader-environment", run, report)
        XCTAssertTrue(report.contains("ENVIRON=unreadable"), report)
        XCTAssertFalse(report.contains("PATH="), report)
        let (killed, killedReport) = try attack("kill-grader")
        assertNoGain("kill-grader", killed, killedReport)
        let (written, writtenReport) = try attack("write-grader-stdout")
        assertNoGain("write-grader-stdout", written, writtenReport)
    }

    func testWritesOutsideTheScratchFolderFailAsRoot() throws {
        try XCTSkipUnless(isRoot, "learners run as another user only when the grader is root")
        let planted = [
            "/tmp/planted-by-learner",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Exercises/planted.swift").path,
        ]
        let (run, report) = try attack("write-outside-scratch")
        assertNoGain("write-outside-scratch", run, report)
        for path in planted {
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(path) was written")
        }
    }

    func testFloodsAreCappedAndReported() throws {
        let (run, report) = try attack("stderr-flood")
        assertNoGain("stderr-flood", run, report)
        XCTAssertLessThan(report.utf8.count, 20_000, "the report carries the flood")
    }
}
