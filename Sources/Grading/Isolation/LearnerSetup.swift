import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses the program that runs an implementation and, when the grader runs as root, the
/// unprivileged user it runs as and the folders hidden from it.
public enum LearnerSetup {
    /// The user ids learner processes get by default as root: 2,000,000,000 plus eight per
    /// grader pid plus the worker. No account has one, so every process with it is a learner
    /// of that grader's worker (and can be killed as one), while two graders on one machine,
    /// or two submissions a batch grades side by side, never share one (a submission could
    /// otherwise kill another's learner processes).
    public static let learnerIDs: ClosedRange<UInt32> = 2_000_000_000...2_033_554_431

    /// The learner id of `worker` (0 ..< 8) of the grader with `graderPID` (pids on Linux
    /// stay below 2^22).
    public static func learnerID(graderPID: Int32, worker: Int = 0) -> UInt32 {
        learnerIDs.lowerBound + (UInt32(truncatingIfNeeded: graderPID) % 4_194_304) * 8
            + UInt32(worker % 8)
    }

    /// The launch for `implementation`, and what to remove after the run.
    ///
    /// - Parameters:
    ///   - graderExecutable: this grader; the learner programs are built beside it.
    ///   - learnerUser: as root, the user to run learner code as (name or id).
    ///   - secrets: further folders the learner must not see (fixtures, the report's folder).
    ///   - builtElsewhere: the learner program, when it is not the one beside the grader
    ///     (a submission built in a work tree of its own).
    ///   - worker: which of a batch's workers runs the checks (its own learner id as root).
    ///   - registry: every child the grader has running (shared by a batch's workers, so
    ///     cleaning up after one never kills another's processes).
    public static func launch(
        implementation: String, folder: String, graderExecutable: URL,
        learnerUser: String?, secrets: [URL],
        builtElsewhere: URL? = nil, worker: Int = 0,
        registry: LivePids = LivePids()
    ) throws
        -> (LearnerLaunch, cleanup: () -> Void)
    {
        let program = Self.program(for: implementation)
        let built =
            builtElsewhere
            ?? graderExecutable.deletingLastPathComponent().appendingPathComponent(program)
        guard FileManager.default.isExecutableFile(atPath: built.path) else {
            throw SpawnFailure(
                "\(built.path) is missing: run `swift build` (it builds every "
                    + "program; `swift run grader` alone may not build \(program))")
        }
        guard geteuid() == 0 else {
            return (
                LearnerLaunch(
                    executable: built, implementation: implementation,
                    codeFolders: [folder], registry: registry), {}
            )
        }
        let user = try resolveUser(learnerUser, worker: worker)
        // The learner's program is copied out of the kit, so that the kit's folder can be
        // hidden from it while the crash reporter can still read the program.
        let binary = try privateFolder(prefix: "rnncaptioning-bin")
        let copy = binary.appendingPathComponent(program)
        try registry.exclusively {
            try FileManager.default.copyItem(at: built, to: copy)
            chmod(copy.path, 0o755)
        }
        let kit = KitLayout.root
        let temporary = LearnerTemporaryFolder.url.path
        // Never hide a folder that holds the learner's own program or scratch folders.
        let hidden = ([kit, graderExecutable.deletingLastPathComponent()] + secrets)
            .map { $0.standardizedFileURL.path }
            .filter { path in !(temporary + "/").hasPrefix(path + "/") && path != "/" }
            .filter { FileManager.default.fileExists(atPath: $0) }
        // A folder inside another hidden one is hidden with it (and no longer reachable).
        let outermost = Set(hidden).filter { path in
            !hidden.contains { $0 != path && path.hasPrefix($0 + "/") }
        }
        var launch = LearnerLaunch(
            executable: copy, implementation: implementation,
            codeFolders: [folder], user: user,
            hiddenPaths: outermost.sorted(), registry: registry)
        launch.memoryBytes = 8 << 30
        return (launch, { try? FileManager.default.removeItem(at: binary) })
    }

    /// The program that runs `implementation`: Exercises run in one that links no answers,
    /// the instructor's implementations in one that does.
    public static func program(for implementation: String) -> String {
        implementation == "exercises" ? "learner-process" : "instructor-process"
    }

    /// The uid and gid for `name`: an account name, a number, or the default unused id.
    static func resolveUser(_ name: String?, worker: Int) throws -> (uid: UInt32, gid: UInt32) {
        guard let name else {
            let id = learnerID(graderPID: getpid(), worker: worker)
            return (id, id)
        }
        if let id = UInt32(name), id != 0 { return (id, id) }
        guard let entry = getpwnam(name), entry.pointee.pw_uid != 0 else {
            throw SpawnFailure("--learner-user \(name): no such unprivileged user")
        }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// A new root-owned folder others may enter and read but not change.
    static func privateFolder(prefix: String) throws -> URL {
        let folder = LearnerTemporaryFolder.url
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o755])
        return folder
    }
}
