import Foundation
import Grading
import XCTest

/// Running the built `grader` executable as a child process, as learners and instructors
/// do; shared by the process-level test cases.
extension XCTestCase {
    struct GraderRun {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The grader's pid: as root, its learners' user id is derived from it.
        let pid: Int32
    }

    /// The grader built next to this test bundle.
    static var grader: URL? {
        let bundle = Bundle.main.bundleURL
        let testBinary = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        let candidates = [
            bundle.deletingLastPathComponent(), bundle,
            testBinary.deletingLastPathComponent(),
            Bundle(for: GraderProcessTests.self).bundleURL.deletingLastPathComponent(),
        ]
        .map { $0.appendingPathComponent("grader") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func graderURL() throws -> URL {
        guard let url = Self.grader else {
            XCTFail(
                "the grader executable was not found next to the test bundle "
                    + "(\(Bundle.main.bundleURL.path)); build it first: swift build")
            throw XCTSkip("no grader executable")
        }
        return url
    }

    /// Runs the grader with `arguments`, its output going to files (no pipe can fill up),
    /// with `environment` added to this process's.
    func grade(_ arguments: [String], environment: [String: String] = [:]) throws -> GraderRun {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("grader-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (out, err) = (
            directory.appendingPathComponent("out"), directory.appendingPathComponent("err")
        )
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = try graderURL()
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment
                .merging(environment) { _, added in added }
        }
        try process.run()
        process.waitUntilExit()
        return GraderRun(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
            pid: process.processIdentifier)
    }

    /// The time limit a check was stopped at, from its message ("did not finish within
    /// 1.5e+00 s"); nil for a check that was not stopped for time. What a test can assert
    /// instead of a duration.
    func timeLimit(in message: String) -> Double? {
        let marker = "did not finish within "
        guard let start = message.range(of: marker)?.upperBound,
            let end = message[start...].range(of: " s")?.lowerBound
        else { return nil }
        return Double(message[start..<end])
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("grader-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The learner processes of `run`'s grader and anything they started (none, once the
    /// run is over). As root, they are the processes of that grader's learner id, so a
    /// grader running beside the tests is not counted; otherwise, every process of a
    /// learner program.
    func learnerProcesses(of run: GraderRun) -> [String] {
        let learnerID = LearnerSetup.learnerID(graderPID: run.pid)
        return processes { line, uid in
            geteuid() == 0
                ? uid == learnerID
                : line.contains("learner-process") || line.contains("instructor-process")
        }
    }

    /// The processes for which `match(command line, uid)` holds.
    func processes(where match: (String, UInt32) -> Bool) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return nil
            }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let uid =
                status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?
                .split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first
                .flatMap { UInt32($0) } ?? .max
            return match(line, uid) ? "\(pid): \(line)" : nil
        }
    }

    func json(_ text: String, _ context: String) -> [String: Any]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let dictionary = object as? [String: Any]
        else {
            XCTFail("\(context): not valid JSON:\n\(text.prefix(2000))")
            return nil
        }
        return dictionary
    }
}
