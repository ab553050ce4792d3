import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The catalogue of attacks (`grader --impl hostile:ID`).
package enum HostileCatalogue {
    package static let all: [HostileSubmission] = [
        HostileSubmission(
            id: "forge-report",
            description: "finds the report path in the grader's command line and writes a "
                + "full-marks report there, then exits",
            attack: { _ in
                for path in graderPaths() {
                    try? forgedReport.write(toFile: path, atomically: false, encoding: .utf8)
                }
                exit(0)
            }),
        HostileSubmission(
            id: "read-fixtures",
            description: "opens the built-in fixture file and returns its expected next_h",
            attack: { x in try stolenNextH(for: x) }),
        HostileSubmission(
            id: "overwrite-fixture",
            description: "overwrites the built-in rnn_step fixture with made-up outputs",
            attack: { _ in
                try? "{}".write(
                    toFile: fixturePath("rnn_step.json"), atomically: false,
                    encoding: .utf8)
                return nil
            }),
        HostileSubmission(
            id: "rewrite-report-later",
            description: "starts a detached process that rewrites the report after the grader "
                + "exits",
            attack: { _ in
                let targets = graderPaths().map { "'\($0)'" }.joined(separator: " ")
                detach("sleep 3; for f in \(targets); do echo '\(forgedReport)' > \"$f\"; done")
                return nil
            }),
        HostileSubmission(
            id: "kill-grader",
            description: "kills its parent, the grader",
            attack: { _ in
                kill(getppid(), SIGKILL)
                return nil
            }),
        HostileSubmission(
            id: "orphan-sleeper",
            description: "starts `sleep 300` in a new session, holding the output pipe",
            attack: { _ in
                detach("exec sleep 300")
                return nil
            }),
        HostileSubmission(
            id: "stderr-flood",
            description: "writes 50 MB to standard error",
            attack: { _ in
                let block = [UInt8](repeating: 65, count: 1 << 20)
                for _ in 0..<50 { _ = block.withUnsafeBytes { write(2, $0.baseAddress, $0.count) } }
                return nil
            }),
        HostileSubmission(
            id: "write-grader-stdout",
            description: "writes a passing score line into the grader's standard output via "
                + "/proc/<ppid>/fd/1",
            attack: { _ in
                let fd = open("/proc/\(getppid())/fd/1", O_WRONLY)
                if fd >= 0 {
                    let line = Array("26 passed, 0 failed\n".utf8)
                    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    close(fd)
                }
                return nil
            }),
        HostileSubmission(
            id: "read-grader-environment",
            description: "reads the grader's environment and command line from /proc and "
                + "throws them, hoping they reach the report",
            attack: { _ in
                let environ =
                    (try? String(
                        contentsOfFile: "/proc/\(getppid())/environ",
                        encoding: .utf8)) ?? "unreadable"
                throw Leak(text: "ENVIRON=" + environ.replacingOccurrences(of: "\0", with: " "))
            }),
        HostileSubmission(
            id: "set-environment",
            description: "sets RNNCAPTIONING_THREADS and SWIFT_BACKTRACE in its own process",
            attack: { _ in
                setenv("RNNCAPTIONING_THREADS", "64", 1)
                setenv("SWIFT_BACKTRACE", "enable=no", 1)
                return nil
            }),
        HostileSubmission(
            id: "exhaust-descriptors",
            description: "opens files until no descriptor is left",
            attack: { _ in
                while open("/dev/null", O_RDONLY) >= 0 {}
                return nil
            }),
        HostileSubmission(
            id: "wait-for-grader-exit",
            description: "double-forks a process into its own session that waits for the "
                + "grader to exit, then rewrites the report",
            attack: { _ in
                let targets = graderPaths().map { "'\($0)'" }.joined(separator: " ")
                detach(
                    "while kill -0 \(getppid()) 2>/dev/null; do sleep 0.1; done; "
                        + "for f in \(targets); do echo '\(forgedReport)' > \"$f\"; done")
                return nil
            }),
        HostileSubmission(
            id: "write-outside-scratch",
            description: "writes files into the kit, its home and /tmp",
            attack: { _ in
                for path in [
                    fixturePath("../../../../Exercises/planted.swift"), "/tmp/planted-by-learner",
                    "\(NSHomeDirectory())/../planted-by-learner",
                ] {
                    try? "planted".write(toFile: path, atomically: false, encoding: .utf8)
                }
                return nil
            }),
    ]

    /// The submission with this id.
    package static func submission(_ id: String) -> HostileSubmission? { all.first { $0.id == id } }

    /// A Gradescope report giving everything full marks.
    static let forgedReport =
        #"{"score": 26, "tests": [{"name": "all", "score": 26, "max_score": 26}]}"#

    /// Every path after `--output` or `--result-file` in the grader's command line.
    static func graderPaths() -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/\(getppid())/cmdline", encoding: .utf8)
        else { return [] }
        let words = text.split(separator: "\0").map(String.init)
        return zip(words, words.dropFirst()).filter {
            ["--output", "-o", "--result-file"].contains($0.0)
        }
        .map(\.1)
    }

    /// A file of the built-in fixtures, found from this source file's path.
    static func fixturePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Grading/Fixtures/Data/\(name)").standardizedFileURL.path
    }

    /// The expected next_h of the fixture case whose x is `x`, read from the fixture file.
    static func stolenNextH(for x: [Double]) throws -> [Double]? {
        guard let data = FileManager.default.contents(atPath: fixturePath("rnn_step.json")),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = json["cases"] as? [[String: Any]]
        else { return nil }
        func values(_ array: Any?) -> [Double]? {
            ((array as? [String: Any])?["data"] as? [Any])?.compactMap {
                ($0 as? NSNumber)?.doubleValue
            }
        }
        // Foundation's JSON numbers may differ from the fixture's in the last bit.
        func same(_ a: [Double]?) -> Bool {
            guard let a, a.count == x.count else { return false }
            return zip(a, x).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
        }
        let match = cases.first { same(values(($0["inputs"] as? [String: Any])?["x"])) }
        return values((match?["outputs"] as? [String: Any])?["next_h"])
    }

    /// Runs a shell command in a new session, detached from the learner process's group.
    static func detach(_ command: String) {
        var pid: pid_t = 0
        let arguments = [
            "/bin/sh", "-c",
            "setsid sh -c \"\(command.replacingOccurrences(of: "\"", with: "\\\""))\" &",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        #if canImport(Darwin)
        let environment = _NSGetEnviron().pointee  // Darwin's headers do not declare `environ`
        #else
        let environment = environ
        #endif
        posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environment)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// An error whose text is what the attack wants to smuggle into the report.
struct Leak: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}
