import Foundation
import LearnerProcess

/// How to start the learner process of a check: which program, for which implementation,
/// confined how.
public struct LearnerLaunch: Sendable {
    /// `learner-process` (Exercises) or `instructor-process` (solutions, reference, mistakes).
    public var executable: URL
    /// `exercises`, `solutions`, `reference`, `mistake:ID`, …
    public var implementation: String
    /// Folders whose frames locate a crash for the learner (`Exercises`).
    public var codeFolders: [String]
    /// When the grader runs as root: the unprivileged user and group the learner runs as.
    public var user: (uid: UInt32, gid: UInt32)?
    /// Folders the learner must not see (the kit, fixtures, the report's folder).
    public var hiddenPaths: [String]
    /// The learner's data size limit.
    public var memoryBytes = 8 << 30
    /// Matrix-product threads in the learner process (1 when checks run side by side).
    public var threads: Int?
    /// The learner processes running now, shared by the checks of one grading run.
    public let registry: LivePids

    public init(
        executable: URL, implementation: String, codeFolders: [String],
        user: (uid: UInt32, gid: UInt32)? = nil, hiddenPaths: [String] = [],
        registry: LivePids = LivePids()
    ) {
        self.registry = registry
        (self.executable, self.implementation, self.codeFolders, self.user, self.hiddenPaths) =
            (executable, implementation, codeFolders, user, hiddenPaths)
    }

    /// The environment a learner process gets: nothing of the grader's (no paths, no
    /// settings it could learn from), only what the Swift runtime and our kernels read.
    func environment(scratch: String) -> [String] {
        var values = [
            "PATH=/usr/bin:/bin", "HOME=\(scratch)", "TMPDIR=\(scratch)", "LANG=C.UTF-8",
        ]
        if SanitizerRuntime.linked == .thread {
            // Swift's crash handler starts its backtracer with clone() from the signal
            // handler, which ThreadSanitizer's interceptor cannot handle (an internal
            // check fails and the process exits 66): a trap is then reported by its
            // signal alone, without the learner's file and line.
            values.append("SWIFT_BACKTRACE=enable=no")
        } else {
            // A plain-text crash report, quickly, without waiting for a debugger.
            values.append("SWIFT_BACKTRACE=enable=yes,interactive=no,color=no,limit=32,top=4")
        }
        if let threads { values.append("RNNCAPTIONING_THREADS=\(threads)") }
        // A matrix-product kernel forced for the grader (tests, benchmarks) holds in the
        // learner's process too; every kernel gives the same bits
        // (Sources/Tensor/GEMMKernelChoice.swift), so grades never depend on it.
        if let kernel = ProcessInfo.processInfo.environment["RNNCAPTIONING_KERNEL"] {
            values.append("RNNCAPTIONING_KERNEL=\(kernel)")
        }
        // In a sanitized build (scripts/sanitize) the sanitizer runtime reads its settings
        // too: the learner process gets the same as the grader, so that a finding there
        // stops it (and fails the check) as it would stop the grader.
        if SanitizerRuntime.linked != nil {
            let inherited = ProcessInfo.processInfo.environment
            for name in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"] {
                if let value = inherited[name] { values.append("\(name)=\(value)") }
            }
        }
        return values
    }
}
