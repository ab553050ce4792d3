import Foundation
import Grading

/// `swift run grader` builds the grader alone, not the learner programs beside it: the
/// grader brings them up to date itself, so a learner's edit is always what gets graded.
enum LearnerBuild {
    /// Rebuilds `program` when a source it may depend on is newer than the binary, with
    /// the compiler's messages going to standard error. Returns false when it does not
    /// compile.
    static func bringUpToDate(_ program: String, graderExecutable: URL) -> Bool {
        let binary = graderExecutable.deletingLastPathComponent().appendingPathComponent(program)
        let root = KitLayout.root
        let manifest = root.appendingPathComponent("Package.swift")
        // A grader copied away from its sources (or shipped without them) uses what it has.
        guard FileManager.default.fileExists(atPath: manifest.path) else { return true }
        let built = modified(binary) ?? .distantPast
        let folders = sources(of: program).map { root.appendingPathComponent($0) }
        let newest = ([manifest] + folders.flatMap(swiftFiles)).compactMap(modified).max()
        guard let newest, newest > built else { return true }
        // Under `swift test` or a second `swift build`, SwiftPM holds the build folder's
        // lock: a nested build would wait for it forever, so the last build is graded.
        let buildFolder = Self.buildFolder(of: graderExecutable)
        // SwiftPM locks a file named after the build folder in the temporary folder.
        let lockName =
            buildFolder.standardizedFileURL.path.replacingOccurrences(of: "/", with: "_")
            + ".lock"
        let locks =
            [URL(fileURLWithPath: NSTemporaryDirectory()), URL(fileURLWithPath: "/tmp")]
            .map { $0.appendingPathComponent(lockName) } + [
                buildFolder.appendingPathComponent(".lock")
            ]
        if locks.contains(where: isLocked) {
            FileHandle.standardError.write(
                Data(
                    ("grader: \(program) is older than the sources, "
                        + "but another SwiftPM command is using \(buildFolder.path); grading its last "
                        + "build\n").utf8))
            return true
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["swift", "build", "--package-path", root.path, "--product", program]
        if graderExecutable.path.contains("/release/") { arguments += ["-c", "release"] }
        process.arguments = arguments
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return false }
        // An edit that changes no object file (a comment) relinks nothing: mark the binary
        // current so the next run does not ask again.
        try? FileManager.default.setAttributes(
            [.modificationDate: Date()], ofItemAtPath: binary.path)
        return true
    }

    /// The build folder (`.build`) the grader was built in: .build/<triple>/debug/grader.
    static func buildFolder(of graderExecutable: URL) -> URL {
        graderExecutable.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The folders a program is built from.
    static func sources(of program: String) -> [String] {
        let given = [
            "Exercises", "Sources/Tensor", "Sources/Given", "Sources/Training",
            "Sources/LearnerProcess", "Sources/\(program)",
        ]
        return program == "learner-process"
            ? given
            : given + ["Solutions", "Sources/Reference", "Sources/Mistakes", "Sources/Hostile"]
    }

    /// True when another process holds SwiftPM's lock on the build folder.
    static func isLocked(_ lockFile: URL) -> Bool {
        let fd = open(lockFile.path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }

    private static func modified(_ url: URL) -> Date? {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
    }

    private static func swiftFiles(in folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walker?.allObjects ?? []).compactMap { $0 as? URL }.filter {
            $0.pathExtension == "swift"
        }
    }
}
