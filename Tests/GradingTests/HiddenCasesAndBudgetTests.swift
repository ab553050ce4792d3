import Foundation
import Grading
import XCTest

/// Hidden fixture cases never show their names or values in any report, and the overall
/// budget turns what could not run into NOT RUN instead of an endless run.
final class HiddenCasesAndBudgetTests: XCTestCase {
    /// A copy of the built-in rnn_step cases, marked hidden and renamed.
    func hiddenFolder() throws -> URL {
        let folder = try temporaryFolder()
        let source = FixtureStore.builtInDirectory.appendingPathComponent("rnn_step.json")
        var file = try FixtureStore.read(source)
        for index in file.cases.indices {
            file.cases[index].name = "secret-case-\(index)"
            file.cases[index].description = "SECRET DESCRIPTION"
        }
        file.hidden = true
        let data = try JSONEncoder().encode(file)
        try data.write(to: folder.appendingPathComponent("rnn_step_hidden.json"))
        return folder
    }

    func testHiddenCasesShowNoNameNoDescriptionAndNoValue() throws {
        let folder = try hiddenFolder()
        // A wrong forward pass fails on the hidden cases too: their measurements are listed.
        for format in ["text", "json", "gradescope"] {
            let run = try grade([
                "rnn_step", "--impl", "mistake:rnn-step-forgot-bias", "--format",
                format, "--fixtures", folder.path,
            ])
            XCTAssertEqual(run.status, 1, run.stderr)
            let text = run.stdout + run.stderr
            XCTAssertFalse(text.contains("secret-case"), "\(format): \(text)")
            XCTAssertFalse(text.contains("SECRET"), "\(format): \(text)")
            XCTAssertFalse(text.contains(folder.path), "\(format): \(text)")
            if format == "json" {
                XCTAssertTrue(text.contains("hidden case 1 of"), "\(format): \(text)")
            }
        }
    }

    func testHiddenCasesStillDecide() throws {
        // The solutions pass the hidden copies; a wrong layer fails them like the others.
        let folder = try hiddenFolder()
        let pass = try grade(["rnn_step", "--impl", "solutions", "--fixtures", folder.path])
        XCTAssertEqual(pass.status, 0, pass.stdout)
    }

    func testTheBudgetStopsASubmissionThatHangsEverywhere() throws {
        // Both rnn_step checks hang (one per core) and may take 10 s each, but the whole
        // run only 1.5 s: they are stopped then, and the rnn checks after them never start.
        let run = try grade([
            "rnn_step", "rnn_forward", "rnn_backward", "--impl",
            "survival:endless-loop", "--timeout", "10", "--budget", "1.5",
            "--format", "json",
        ])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("\"NOT RUN\""), run.stdout)
        // The checks that started were given what was left of the budget, not their 10 s
        // (their messages name the limit they were stopped at): no duration is measured.
        let checks = json(run.stdout, "budget")?["checks"] as? [[String: Any]] ?? []
        let limits = checks.compactMap { $0["message"] as? String }.compactMap(timeLimit(in:))
        XCTAssertFalse(limits.isEmpty, "no check was stopped for time: \(run.stdout)")
        for limit in limits {
            XCTAssertLessThanOrEqual(limit, 1.5, "the budget did not bound a check: \(run.stdout)")
        }
        XCTAssertTrue(learnerProcesses(of: run).isEmpty, "left \(learnerProcesses(of: run))")
    }

    func testBadBudgetsAreRefused() throws {
        for value in ["0", "-1", "soon", "nan"] {
            let run = try grade(["--budget", value])
            XCTAssertEqual(run.status, 2, value)
            XCTAssertTrue(run.stderr.contains("--budget"), run.stderr)
        }
    }
}

/// As root, learners run under ids no account has: one per grader and batch worker, so no
/// submission can signal the learner processes of another graded beside it.
final class LearnerIDTests: XCTestCase {
    func testEveryGraderAndWorkerHasItsOwnLearnerID() {
        var seen: Set<UInt32> = []
        for pid: Int32 in [1, 2, 3, 4_194_302, 4_194_303] {
            for worker in 0..<8 {
                let id = LearnerSetup.learnerID(graderPID: pid, worker: worker)
                XCTAssertTrue(LearnerSetup.learnerIDs.contains(id), "\(pid) \(worker): \(id)")
                seen.insert(id)
            }
        }
        XCTAssertEqual(seen.count, 5 * 8, "two graders or workers share an id")
        XCTAssertNotEqual(
            LearnerSetup.learnerID(graderPID: 7, worker: 0),
            LearnerSetup.learnerID(graderPID: 7, worker: 1))
    }
}
