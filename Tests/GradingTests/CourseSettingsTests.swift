import Foundation
import Grading
import XCTest

/// The course settings file (`grader --course`) and the Gradescope report it shapes.
final class CourseSettingsTests: XCTestCase {
    /// One result per catalogue check, every one with `status` unless `statuses` says
    /// otherwise.
    func results(
        _ status: CheckStatus = .pass,
        _ statuses: [String: CheckStatus] = [:]
    ) -> [CheckResult] {
        CheckCatalog.all.map {
            CheckResult(
                name: $0.name, originalName: $0.originalName,
                status: statuses[$0.name] ?? status)
        }
    }

    func settings(_ json: String) throws(CourseSettingsError) -> CourseSettings {
        try CourseSettings(json: Data(json.utf8), file: "course.json")
    }

    /// Tests by check name (`rnnStepForward`, without the original's name).
    func testsByName(_ report: GradescopeReport) -> [String: GradescopeReport.Test] {
        Dictionary(
            uniqueKeysWithValues: report.tests.map {
                (String($0.name.prefix { $0 != " " }), $0)
            })
    }

    // MARK: Defaults

    func testWithoutAFileOverfitChecksAreWorthFiveAndTheOthersOne() {
        let defaults = CourseSettings()
        let report = GradescopeReport(results(), settings: defaults)
        let overfit = Set(CheckCatalog.select(["overfit"]).map(\.name))
        XCTAssertEqual(overfit.count, 3)
        for (name, test) in testsByName(report) {
            XCTAssertEqual(test.maxScore, overfit.contains(name) ? 5 : 1, name)
            XCTAssertEqual(test.visibility, .visible, name)
        }
        XCTAssertEqual(report.stdoutVisibility, .hidden)
        XCTAssertEqual(report.score, Double(CheckCatalog.all.count - 3) + 15)
        XCTAssertTrue(defaults.timeouts.isEmpty)
        XCTAssertEqual(try settings("{}"), defaults, "an empty file is the defaults")
    }

    // MARK: A file changes exactly what it names

    func testAFileChangesExactlyTheTestsItNames() throws {
        let course = try settings(
            """
            {"points": {"rnnStepForward": 2, "overfitLSTM": 10},
             "visibility": {"overfitGRU": "after_due_date", "lstmForward": "hidden"},
             "stdoutVisibility": "after_published", "timeouts": {"overfitLSTM": 120}}
            """)
        let before = testsByName(GradescopeReport(results(), settings: CourseSettings()))
        let report = GradescopeReport(results(), settings: course)
        let after = testsByName(report)
        XCTAssertEqual(Set(before.keys), Set(after.keys))
        var changed: [String: String] = [:]
        for (name, old) in before {
            guard let new = after[name] else { continue }
            if new.maxScore != old.maxScore || new.score != old.score {
                changed[name, default: ""] += "points \(new.maxScore)"
            }
            if new.visibility != old.visibility {
                changed[name, default: ""] += "visibility \(new.visibility.rawValue)"
            }
            XCTAssertEqual(new.number, old.number, name)
            XCTAssertEqual(new.output, old.output, name)
        }
        XCTAssertEqual(
            changed,
            [
                "rnnStepForward": "points 2.0", "overfitLSTM": "points 10.0",
                "overfitGRU": "visibility after_due_date",
                "lstmForward": "visibility hidden",
            ])
        XCTAssertEqual(report.stdoutVisibility, .afterPublished)
        XCTAssertEqual(course.timeouts, ["overfitLSTM": 120])
    }

    func testDefaultPointsAndVisibilityApplyToEveryUnnamedCheck() throws {
        let course = try settings(
            """
            {"defaultPoints": 0.5, "overfitPoints": 7, "points": {"lstmBackward": 3},
             "defaultVisibility": "after_due_date", "visibility": {"rnnForward": "visible"}}
            """)
        for check in CheckCatalog.all {
            let points =
                check.name == "lstmBackward"
                ? 3
                : check.name.hasPrefix("overfit") ? 7 : 0.5
            XCTAssertEqual(course.points(for: check.name), points, check.name)
            XCTAssertEqual(
                course.visibility(for: check.name),
                check.name == "rnnForward" ? .visible : .afterDueDate, check.name)
        }
    }

    // MARK: Bad files

    func assertRefused(
        _ json: String, key: String?, _ reason: CourseSettingsError.Reason,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let accepted = try settings(json)
            XCTFail("accepted \(json) as \(accepted)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.key, key, json, file: file, line: line)
            XCTAssertEqual(error.reason, reason, json, file: file, line: line)
            XCTAssertTrue(
                error.description.hasPrefix("course settings course.json"),
                error.description, file: file, line: line)
            if let key {
                XCTAssertTrue(
                    error.description.contains("\"\(key)\""), error.description,
                    file: file, line: line)
            }
        }
    }

    func testEachKindOfBadFileIsRefusedNamingTheKey() {
        assertRefused(#"{"pionts": {}}"#, key: "pionts", .unknownKey(known: CourseSettings.keys))
        assertRefused(
            #"{"points": {"rnnStepFoward": 2}}"#, key: "points.rnnStepFoward",
            .unknownCheck)
        assertRefused(
            #"{"visibility": {"rnn_step_forward": "hidden"}}"#,
            key: "visibility.rnn_step_forward", .unknownCheck)
        assertRefused(#"{"timeouts": {"overfit": 10}}"#, key: "timeouts.overfit", .unknownCheck)
        assertRefused(
            #"{"points": {"rnnStepForward": -1}}"#, key: "points.rnnStepForward",
            .negative(-1))
        assertRefused(#"{"defaultPoints": -0.5}"#, key: "defaultPoints", .negative(-0.5))
        assertRefused(#"{"overfitPoints": 1e400}"#, key: "overfitPoints", .notFinite)
        assertRefused(
            #"{"timeouts": {"overfitLSTM": 1e999}}"#, key: "timeouts.overfitLSTM",
            .notFinite)
        assertRefused(
            #"{"timeouts": {"overfitLSTM": 0}}"#, key: "timeouts.overfitLSTM",
            .notPositive(0))
        assertRefused(
            #"{"visibility": {"overfitGRU": "later"}}"#, key: "visibility.overfitGRU",
            .unknownVisibility("later"))
        assertRefused(
            #"{"stdoutVisibility": "Visible"}"#, key: "stdoutVisibility",
            .unknownVisibility("Visible"))
        assertRefused(
            #"{"defaultVisibility": true}"#, key: "defaultVisibility",
            .wrongType(expected: "a string"))
        assertRefused(
            #"{"points": {"rnnStepForward": true}}"#, key: "points.rnnStepForward",
            .wrongType(expected: "a number"))
        assertRefused(
            #"{"points": {"rnnStepForward": "2"}}"#, key: "points.rnnStepForward",
            .wrongType(expected: "a number"))
        assertRefused(
            #"{"points": [2]}"#, key: "points",
            .wrongType(expected: "an object keyed by check names"))
        assertRefused(#"[]"#, key: nil, .wrongType(expected: "an object"))
        assertRefused(#"{"points": {}"#, key: nil, .notJSON)
    }

    func testAMissingFileIsRefusedNamingIt() throws {
        let missing = try temporaryFolder().appendingPathComponent("course.json")
        XCTAssertThrowsError(try CourseSettings(contentsOf: missing)) { error in
            XCTAssertTrue("\(error)".contains(missing.path), "\(error)")
        }
    }

    // MARK: The report

    func testReportHasEveryKeyOfTheSpecificationWithItsJSONType() throws {
        let course = try settings(#"{"visibility": {"overfitGRU": "after_due_date"}}"#)
        let mixed = results(
            .pass,
            [
                "rnnForward": .fail, "lstmForward": .todo,
                "overfitGRU": .notRun,
            ])
        let text = encodedJSON(GradescopeReport(mixed, settings: course, executionTime: 12.6))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let report = try XCTUnwrap(object as? [String: Any], text)
        XCTAssertEqual(
            Set(report.keys),
            ["score", "execution_time", "output", "stdout_visibility", "tests"])
        XCTAssertNotNil(report["score"] as? Double, "score is a number")
        XCTAssertEqual(report["execution_time"] as? Int, 13, "execution_time: whole seconds")
        XCTAssertEqual(report["output"] as? String, "23 passed, 3 failed")
        XCTAssertEqual(report["stdout_visibility"] as? String, "hidden")
        let tests = try XCTUnwrap(report["tests"] as? [[String: Any]], "tests is an array")
        XCTAssertEqual(tests.count, CheckCatalog.all.count)
        let visibilities = Set(CourseSettings.Visibility.allCases.map(\.rawValue))
        for (index, test) in tests.enumerated() {
            XCTAssertEqual(
                Set(test.keys),
                [
                    "name", "number", "score", "max_score", "status",
                    "output", "visibility",
                ], "\(test)")
            XCTAssertNotNil(test["name"] as? String, "\(test)")
            XCTAssertEqual(test["number"] as? String, "\(index + 1)", "number is a string")
            XCTAssertNotNil(test["score"] as? Double, "\(test)")
            XCTAssertNotNil(test["max_score"] as? Double, "\(test)")
            XCTAssertTrue(
                ["passed", "failed"].contains(test["status"] as? String ?? ""), "\(test)")
            XCTAssertNotNil(test["output"] as? String, "\(test)")
            XCTAssertTrue(visibilities.contains(test["visibility"] as? String ?? ""), "\(test)")
        }
        let gru = try XCTUnwrap(tests.last)
        XCTAssertEqual(gru["visibility"] as? String, "after_due_date")
        XCTAssertEqual(gru["status"] as? String, "failed")
    }

    func testNumbersFollowTheCatalogueWhateverIsSelected() {
        let overfit = CheckCatalog.select(["overfit"]).map {
            CheckResult(name: $0.name, originalName: $0.originalName, status: .pass)
        }
        let first = CheckCatalog.all.count - 2
        XCTAssertEqual(
            GradescopeReport(overfit).tests.map(\.number),
            ["\(first)", "\(first + 1)", "\(first + 2)"])
    }

    func testScoreIsTheSumOfThePassedTestsPoints() throws {
        let course = try settings(#"{"points": {"rnnStepForward": 2.5, "overfitLSTM": 10}}"#)
        let statuses: [String: CheckStatus] = [
            "rnnStepForward": .pass, "overfitLSTM": .pass,
            "overfitRNN": .todo, "overfitGRU": .notRun,
            "lstmForward": .fail, "rnnForward": .pass,
        ]
        let report = GradescopeReport(results(.todo, statuses), settings: course)
        XCTAssertEqual(report.score, 2.5 + 10 + 1)
        XCTAssertEqual(
            report.score,
            report.tests.filter { $0.status == .passed }
                .map(\.maxScore).reduce(0, +))
        for (name, test) in testsByName(report) {
            let passed = statuses[name] == .pass
            XCTAssertEqual(test.score, passed ? test.maxScore : 0, name)
            XCTAssertEqual(test.status, passed ? .passed : .failed, name)
        }
        let nothing = GradescopeReport(results(.notRun), settings: course)
        XCTAssertEqual(nothing.score, 0, "NOT RUN scores nothing")
    }

    // MARK: The grader command

    func testTheGraderRefusesABadFileBeforeGrading() throws {
        let file = try temporaryFolder().appendingPathComponent("course.json")
        try Data(#"{"visibility": {"overfitGRU": "soon"}}"#.utf8).write(to: file)
        let run = try grade(["rnn_step_forward", "--impl", "solutions", "--course", file.path])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains(file.path), run.stderr)
        XCTAssertTrue(run.stderr.contains("\"visibility.overfitGRU\""), run.stderr)
        XCTAssertEqual(run.stdout, "", "nothing was graded")
    }

    func testTheGraderUsesTheFilesPointsAndTimeLimits() throws {
        let file = try temporaryFolder().appendingPathComponent("course.json")
        try Data(#"{"points": {"rnnStepForward": 2.5}, "timeouts": {"rnnStepForward": 1}}"#.utf8)
            .write(to: file)
        let pass = try grade([
            "rnn_step_forward", "--impl", "solutions", "--course", file.path,
            "--format", "gradescope",
        ])
        XCTAssertEqual(pass.status, 0, pass.stdout + pass.stderr)
        let report =
            try JSONSerialization.jsonObject(with: Data(pass.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(report?["score"] as? Double, 2.5, pass.stdout)
        // The course's 1 s limit stops an endless loop (its own limit is 20 s) …
        let hang = try grade([
            "rnn_step_forward", "--impl", "survival:endless-loop",
            "--course", file.path,
        ])
        XCTAssertEqual(hang.status, 1, hang.stdout + hang.stderr)
        XCTAssertTrue(hang.stdout.contains("within 1.0 s"), hang.stdout)
        // … and --timeout overrides it.
        let override = try grade([
            "rnn_step_forward", "--impl", "survival:endless-loop",
            "--course", file.path, "--timeout", "2",
        ])
        XCTAssertTrue(override.stdout.contains("within 2.0 s"), override.stdout)
    }
}
