import Foundation
import XCTest

/// The built `grader` and `captioning` executables: usage errors exit 2 with one line,
/// help exits 0, and `captioning train --output --force` no longer makes a folder `--force`.
final class ExecutableTests: XCTestCase {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable `name` built beside this test bundle.
    func executable(_ name: String) throws -> URL {
        let bundle = Bundle(for: ExecutableTests.self).bundleURL
        let candidates = [
            bundle.deletingLastPathComponent(), bundle,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "")
                .deletingLastPathComponent(),
        ]
        .map { $0.appendingPathComponent(name) }
        guard
            let found = candidates.first(where: {
                FileManager.default.isExecutableFile(atPath: $0.path)
            })
        else {
            XCTFail("\(name) was not found beside the test bundle; build it first: swift build")
            throw XCTSkip("no \(name) executable")
        }
        return found
    }

    /// Runs `name` with `arguments` in the folder `directory`, output into files.
    func run(_ name: String, _ arguments: [String], in directory: URL) throws -> Run {
        let (out, err) = (
            directory.appendingPathComponent(".out"),
            directory.appendingPathComponent(".err")
        )
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("arguments-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// `captioning train --output --force` used to train into a new folder named `--force`.
    func testTrainRefusesAFlagAsItsOutputFolderAndCreatesNothing() throws {
        let folder = try temporaryFolder()
        let run = try run(
            "captioning", ["train", "--output", "--force", "--epochs", "1"],
            in: folder)
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertEqual(
            run.stderr,
            "captioning: --output needs a value, got the option --force "
                + "(write --output=--force if that is the value) (see `captioning train --help`)\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    /// `captioning draw` writes a PNG of the caption's scene, refuses to overwrite it
    /// without --force, and names the first word of a caption outside the grammar.
    func testDrawWritesAPNGAndRefusesToOverwriteIt() throws {
        let folder = try temporaryFolder()
        let caption = "a large red circle left of a small blue square"
        let png = folder.appendingPathComponent("x.png")
        /// The width and height in the IHDR chunk, after the signature and chunk header.
        func size() throws -> [UInt8] {
            let bytes = [UInt8](try Data(contentsOf: png))
            XCTAssertEqual(
                Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            return Array(bytes[16..<24])
        }
        let first = try run("captioning", ["draw", caption, "-o", "x.png"], in: folder)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("64×64 PNG of \"\(caption)\""), first.stdout)
        XCTAssertEqual(try size(), [0, 0, 0, 64, 0, 0, 0, 64])
        let again = try run(
            "captioning", ["draw", caption, "-o", "x.png", "--size", "32"], in: folder)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("x.png already exists"), again.stderr)
        XCTAssertEqual(try size(), [0, 0, 0, 64, 0, 0, 0, 64])
        let forced = try run(
            "captioning", ["draw", caption, "-o", "x.png", "--size", "32", "--force"], in: folder)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try size(), [0, 0, 0, 32, 0, 0, 0, 32])
        let wrong = try run(
            "captioning", ["draw", "a large crimson circle on the left", "-o", "y.png"], in: folder)
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(
            wrong.stderr.contains(
                "word 3 of the caption, \"crimson\", does not fit: expected a colour"),
            wrong.stderr)
        // Only x.png: no y.png, no temporary file left beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["x.png"])
    }

    func testUsageErrorsExitTwoWithOneLineInBothPrograms() throws {
        let folder = try temporaryFolder()
        let cases: [(String, [String], String)] = [
            ("captioning", ["train", "--epochs", "many"], "--epochs needs a whole number ≥ 1"),
            ("captioning", ["sample"], "`captioning sample` needs --checkpoint PATH"),
            ("captioning", ["bench", "--batch", "0"], "--batch needs a whole number ≥ 1"),
            ("captioning", ["bench", "--bacth=2"], "did you mean --batch?"),
            (
                "captioning", ["trian"],
                "unknown command \"trian\" for `captioning`; did you mean train?"
            ),
            ("captioning", ["train", "--update-rule", "sgdm"], "--update-rule needs"),
            ("grader", ["--output", "--force"], "--output needs a value, got the option --force"),
            ("grader", ["--impl", "mine"], "\"mine\""),
            ("grader", ["--timeout=-1"], "--timeout needs a positive number"),
            (
                "grader", ["fixtures", "generate", "--seed", "1"],
                "`grader fixtures generate` needs --into DIR"
            ),
            (
                "grader", ["fixtures", "generate", "--into", "x", "--seed", "1", "--cases", "0"],
                "--cases needs a whole number from 1 to 100"
            ),
            ("grader", ["--force", "--force"], "--force is given twice"),
        ]
        for (program, arguments, problem) in cases {
            let run = try run(program, arguments, in: folder)
            XCTAssertEqual(run.status, 2, "\(program) \(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("\(program): "), run.stderr)
            XCTAssertTrue(run.stderr.contains(problem), "\(program) \(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("--help`)"), run.stderr)
            XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
            XCTAssertEqual(run.stdout, "", "\(program) \(arguments)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testHelpExitsZeroOnEveryCommand() throws {
        let folder = try temporaryFolder()
        let cases: [(String, [String], String)] = [
            ("grader", ["--help"], "grader: checks your image-captioning layers"),
            (
                "grader", ["fixtures", "generate", "-h"],
                "grader fixtures generate --seed S --into DIR"
            ),
            ("grader", ["release", "--help"], "grader release student [options] DIR"),
            ("grader", ["batch", "--help"], "grader batch --output FILE [options] SUBMISSIONS"),
            ("captioning", [], "captioning: trains, samples"),
            ("captioning", ["help"], "captioning: trains, samples"),
            ("captioning", ["train", "--help"], "--output DIR"),
            ("captioning", ["bench", "-h"], "--repetitions)"),
            ("captioning", ["draw", "--help"], "captioning draw --output FILE [options] CAPTION"),
        ]
        for (program, arguments, text) in cases {
            let run = try run(program, arguments, in: folder)
            XCTAssertEqual(run.status, 0, "\(program) \(arguments): \(run.stderr)")
            XCTAssertTrue(run.stdout.contains(text), "\(program) \(arguments): \(run.stdout)")
            XCTAssertEqual(run.stderr, "")
        }
    }
}
