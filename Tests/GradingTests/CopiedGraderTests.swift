import Foundation
import Grading
import XCTest

/// A grader copied away from its sources grades correctly: the autograder image and
/// release binaries are built once and run elsewhere, where the build machine's source
/// tree (which `#filePath` names) does not exist.
final class CopiedGraderTests: XCTestCase {
    /// Copies the built grader and the programs it launches into a temporary folder and
    /// runs it there, from another working directory, in a mount namespace where the kit's
    /// folder is an empty tmpfs: nothing it reads can come from the sources. Before the
    /// fixtures were compiled in, every check failed here ("the built-in fixture folder
    /// does not exist").
    func testACopiedGraderPassesSolutionsWithoutTheSourceTree() throws {
        let built = try graderURL().deletingLastPathComponent()
        let folder = try temporaryFolder()
        let (bin, work) = (
            folder.appendingPathComponent("bin"), folder.appendingPathComponent("work")
        )
        for url in [bin, work] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        // The grader finds the programs that run implementations beside itself
        // (LearnerSetup.launch).
        for program in [
            "grader", LearnerSetup.program(for: "solutions"),
            LearnerSetup.program(for: "exercises"),
        ] {
            try FileManager.default.copyItem(
                at: built.appendingPathComponent(program),
                to: bin.appendingPathComponent(program))
        }
        let kit = KitLayout.root.standardizedFileURL.path
        XCTAssertFalse(
            folder.standardizedFileURL.path.hasPrefix(kit + "/"),
            "the temporary folder must lie outside the kit that is hidden")
        let unsharedNamespace = 97
        let script =
            "mount -t tmpfs none \"$0\" || exit \(unsharedNamespace); "
            + "test ! -e \"$0/Package.swift\" || exit \(unsharedNamespace); "
            + "exec \"$1\" --impl solutions --format json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        // As root a mount namespace is enough; otherwise a user namespace maps us to root in it.
        process.arguments =
            (geteuid() == 0 ? [] : ["--user", "--map-root-user"])
            + [
                "--mount", "--propagation", "private", "/bin/sh", "-c", script, kit,
                bin.appendingPathComponent("grader").path,
            ]
        process.currentDirectoryURL = work
        let (out, err) = (
            folder.appendingPathComponent("out"), folder.appendingPathComponent("err")
        )
        for url in [out, err] {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else {
            throw XCTSkip("no /usr/bin/unshare to hide the kit's folder with")
        }
        try process.run()
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        if process.terminationStatus == Int32(unsharedNamespace) {
            throw XCTSkip("cannot hide the kit's folder here (no mount namespace): \(stderr)")
        }
        XCTAssertEqual(process.terminationStatus, 0, stdout + stderr)
        guard let report = json(stdout, "the copied grader's report"),
            let checks = report["checks"] as? [[String: Any]]
        else {
            return XCTFail("no checks in the report:\n\(stdout.prefix(2000))\n\(stderr)")
        }
        XCTAssertEqual(checks.count, CheckCatalog.all.count, stdout)
        let failed = checks.filter { ($0["status"] as? String) != "PASS" }
        XCTAssertTrue(failed.isEmpty, "checks that did not pass:\n\(failed)")
    }
}
