import Foundation
import Grading
import Instructor
import Showcase
import XCTest

/// The pieces of a course release: the student kit's contents, how a submission's files
/// are found and built, how compile errors and grades are reported, the autograder archive.
/// (.ci/course-cycle runs the whole cycle end to end.)
final class CourseReleaseTests: XCTestCase {
    func testTheStudentKitHoldsNoAnswersAndRefusesANonEmptyFolder() throws {
        let folder = try temporaryFolder().appendingPathComponent("kit")
        let files = try StudentRelease.write(into: folder, force: false)
        for forbidden in [
            "Sources/Reference/", "Solutions/", "Sources/Mistakes/", "Sources/Hostile/",
            "Sources/Instructor/", "Sources/instructor-process/",
        ] {
            XCTAssertFalse(files.contains { $0.hasPrefix(forbidden) }, forbidden)
        }
        for needed in [
            "Package.swift", "README.md", "Exercises/VanillaRNN.swift",
            "Sources/Grading/Fixtures/Data/rnn_step.json", "Sources/grader/main.swift",
            "Sources/learner-process/main.swift", "Tests/TensorTests/ArithmeticTests.swift",
        ] {
            XCTAssertTrue(files.contains(needed), needed)
        }
        let manifest = try String(
            contentsOf: folder.appendingPathComponent("Package.swift"),
            encoding: .utf8)
        XCTAssertFalse(manifest.contains("\"Reference\""), manifest)
        XCTAssertFalse(manifest.contains(".package("), manifest)
        let readme = try String(
            contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = readme.split(separator: "\n").filter { $0.hasPrefix("    swift ") }
        XCTAssertEqual(
            commands.prefix(2).map {
                $0.split(separator: "#")[0]
                    .trimmingCharacters(in: .whitespaces)
            }, ["swift run grader", "swift test"])
        XCTAssertThrowsError(try StudentRelease.write(into: folder, force: false)) { error in
            XCTAssertTrue("\(error)".contains("--force"), "\(error)")
        }
        XCTAssertNoThrow(try StudentRelease.write(into: folder, force: true))
    }

    func testExerciseFilesAreFoundAnywhereButOnlyAsPlainSmallFiles() throws {
        let upload = try temporaryFolder()
        let manager = FileManager.default
        func write(_ path: String, _ text: String = "// code") throws {
            let url = upload.appendingPathComponent(path)
            try manager.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("deep/inside/LSTM.swift", "// deep")
        try write("top/LSTM.swift", "// shallow")
        try write("__MACOSX/VanillaRNN.swift")
        try write("GRU.swift", String(repeating: "x", count: (1 << 20) + 1))
        try write("notes/Package.swift")
        try manager.createSymbolicLink(
            at: upload.appendingPathComponent("WordEmbedding.swift"),
            withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        let found = LearnerWorkTree.exerciseFiles(in: upload)
        XCTAssertEqual(Set(found.keys), ["LSTM.swift"])
        XCTAssertEqual(
            try String(contentsOf: XCTUnwrap(found["LSTM.swift"]), encoding: .utf8),
            "// shallow")
    }

    func testCompilerErrorsAreAttributedToTheirExerciseFile() {
        let output = """
            /x/tree/Exercises/LSTM.swift:12:5: error: cannot find 'a' in scope
            /x/tree/Exercises/LSTM.swift:14:5: error: second error
            /x/tree/Sources/Tensor/Tensor.swift:1:1: error: not the learner's
            /x/tree/Exercises/GRU.swift:3:1: warning: just a warning
            """
        let errors = LearnerWorkTree.firstErrors(in: output)
        XCTAssertEqual(Array(errors.keys), ["LSTM.swift"])
        XCTAssertTrue(errors["LSTM.swift"]?.hasPrefix("Exercises/LSTM.swift:12:5: error") ?? false)
    }

    func testOnlyTheChecksOfAFileThatDoesNotCompileSaySo() {
        func result(_ name: String, _ status: CheckStatus) -> CheckResult {
            CheckResult(name: name, originalName: name, status: status)
        }
        let results = [
            result("lstmStepForward", .todo), result("rnnStepForward", .todo),
            result("captioningLossLSTM", .todo), result("captioningLossRNN", .todo),
            result("lstmForward", .pass),
        ]
        let marked = CompileFailures.apply(
            ["LSTM.swift": "Exercises/LSTM.swift:1:1: error: x"],
            to: results)
        XCTAssertEqual(marked.map(\.status), [.fail, .todo, .fail, .todo, .pass])
        XCTAssertTrue(marked[0].message?.contains("LSTM.swift does not compile") ?? false)
    }

    func testTheGradeTableCountsPointsAndQuotesNames() {
        let results = [
            CheckResult(name: "rnnStepForward", originalName: "", status: .pass),
            CheckResult(name: "overfitRNN", originalName: "", status: .pass),
        ]
        let table = GradeTable(
            checks: ["rnnStepForward", "overfitRNN"],
            rows: [("Doe, Jane", results), ("empty", [])],
            settings: CourseSettings())
        XCTAssertEqual(
            table.csv,
            """
            submission,rnnStepForward,overfitRNN,total,max
            "Doe, Jane",1,5,6,6
            empty,0,0,0,6

            """)
    }

    func testTheAutograderArchiveListsEveryFileAndKeepsScriptsExecutable() throws {
        let folder = try temporaryFolder().appendingPathComponent("ag")
        let zip = try AutograderRelease.write(into: folder, hiddenFixtures: nil, force: false)
        let archive = try NPZArchive(contentsOf: zip)
        XCTAssertTrue(archive.contains("setup.sh"))
        XCTAssertTrue(archive.contains("run_autograder"))
        XCTAssertTrue(archive.contains("kit/Package.swift"))
        XCTAssertTrue(archive.contains("kit/Solutions/VanillaRNN.swift"))
        XCTAssertFalse(archive.names.contains { $0.hasPrefix("kit/.build") })
        XCTAssertTrue(
            FileManager.default.isExecutableFile(
                atPath: folder.appendingPathComponent("run_autograder").path))
        // The central directory carries mode 0755 for the scripts (external attributes).
        let bytes = try Data(contentsOf: zip)
        let marker = Data("run_autograder".utf8)
        XCTAssertNotNil(bytes.range(of: marker))
    }

    func testABrokenHiddenFixtureStopsTheAutograderRelease() throws {
        let hidden = try temporaryFolder()
        try Data("{ not json".utf8).write(to: hidden.appendingPathComponent("rnn_step_extra.json"))
        let folder = try temporaryFolder().appendingPathComponent("ag")
        XCTAssertThrowsError(
            try AutograderRelease.write(
                into: folder, hiddenFixtures: hidden,
                force: false)
        ) { error in
            XCTAssertTrue("\(error)".contains("rnn_step_extra.json"), "\(error)")
        }
    }
}

extension CourseReleaseTests {
    /// The stubs a file that does not compile is replaced with are the shipped exercises.
    func testTheKeptStubsAreTheExercisesAsShipped() throws {
        for name in KitLayout.exerciseFiles {
            let shipped = KitLayout.root.appendingPathComponent("Exercises/\(name)")
            XCTAssertEqual(
                try Data(contentsOf: KitLayout.stub(name)), try Data(contentsOf: shipped),
                "Sources/Grading/Stubs/\(name).stub differs from Exercises/\(name): "
                    + "copy the exercise over it")
        }
    }
}
