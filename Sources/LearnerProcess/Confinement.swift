#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a learner process does to itself before it runs any learner code: the grader sends
/// it as the first frame. As root (Gradescope), the process hides the grader's files, then
/// becomes an unprivileged user that owns nothing but its scratch folder.
public struct Confinement: Sendable {
    /// The user and group to become, or nil to stay who we are (a learner's own machine).
    public var user: (uid: UInt32, gid: UInt32)?
    /// The private working folder (also HOME and TMPDIR).
    public var scratch: String
    /// Folders the learner's code must not see: each gets an empty read-only mount in a
    /// private mount namespace (Linux, as root). Unix permissions are the second line.
    public var hiddenPaths: [String]
    /// The data size limit in bytes, so runaway allocation fails fast.
    public var memoryBytes: Int

    public init(user: (uid: UInt32, gid: UInt32)?, scratch: String, hiddenPaths: [String],
                memoryBytes: Int) {
        (self.user, self.scratch, self.hiddenPaths, self.memoryBytes) =
            (user, scratch, hiddenPaths, memoryBytes)
    }

    public func encoded() -> [UInt8] {
        var w = WireWriter()
        w.write(user.map { Int($0.uid) } ?? -1)
        w.write(user.map { Int($0.gid) } ?? -1)
        w.write(scratch)
        w.write(hiddenPaths)
        w.write(memoryBytes)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = WireReader(bytes)
        let (uid, gid) = (try r.readInt(), try r.readInt())
        user = uid >= 0 && gid >= 0 ? (UInt32(uid), UInt32(gid)) : nil
        scratch = try r.readString()
        hiddenPaths = try r.readStrings()
        memoryBytes = try r.readInt()
    }

    /// Applies the confinement to this process; returns the hidden paths that could not be
    /// hidden, or throws when the process cannot become the unprivileged user (then no
    /// learner code may run).
    public func apply() throws -> [String] {
        // Descriptors other than the protocol's and the standard ones are closed, so no
        // pipe of another check (or of the grader) is reachable.
        for fd in Int32(Framing.replyDescriptor + 1)..<1024 { close(fd) }
        var unhidden = hiddenPaths
        if let user, geteuid() == 0 {
            unhidden = hide(hiddenPaths)
            guard setgroups(0, nil) == 0, setgid(user.gid) == 0, setuid(user.uid) == 0,
                  getuid() == user.uid, geteuid() == user.uid, setuid(0) != 0 else {
                throw WireError("could not become the unprivileged user \(user.uid)")
            }
            limit(RLIMIT_NPROC_VALUE, 256)
        }
        limit(RLIMIT_CORE_VALUE, 0)
        limit(RLIMIT_DATA_VALUE, memoryBytes)
        limit(RLIMIT_FSIZE_VALUE, 256 << 20)
        guard chdir(scratch) == 0 else { throw WireError("cannot enter \(scratch)") }
        return unhidden
    }

    private func limit(_ resource: Int32, _ value: Int) {
        var l = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        #if os(Linux)
        _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &l)
        #else
        _ = setrlimit(resource, &l)
        #endif
    }

    /// Puts an empty read-only file system over each path in a mount namespace of this
    /// process alone; returns the paths it could not hide.
    private func hide(_ paths: [String]) -> [String] {
        #if os(Linux)
        typealias Unshare = @convention(c) (Int32) -> Int32
        typealias Mount = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>,
                                          UnsafePointer<CChar>?, UInt, UnsafeRawPointer?) -> Int32
        guard !paths.isEmpty, let u = dlsym(nil, "unshare"), let m = dlsym(nil, "mount") else {
            return paths
        }
        let unshare = unsafeBitCast(u, to: Unshare.self)
        let mount = unsafeBitCast(m, to: Mount.self)
        let (newNamespace, recursive, privateMount): (Int32, UInt, UInt) = (0x0002_0000, 16_384, 1 << 18)
        guard unshare(newNamespace) == 0, mount(nil, "/", nil, recursive | privateMount, nil) == 0
        else { return paths }
        // read-only, nosuid, nodev, noexec
        return paths.filter { mount("none", $0, "tmpfs", 1 | 2 | 4 | 8, "size=4k,mode=000") != 0 }
        #else
        return paths
        #endif
    }
}

#if os(Linux)
private let RLIMIT_NPROC_VALUE: Int32 = 6  // glibc declares RLIMIT_NPROC as a macro Swift cannot import
private let RLIMIT_CORE_VALUE = Int32(RLIMIT_CORE.rawValue)
private let RLIMIT_DATA_VALUE = Int32(RLIMIT_DATA.rawValue)
private let RLIMIT_FSIZE_VALUE = Int32(RLIMIT_FSIZE.rawValue)
#else
private let RLIMIT_NPROC_VALUE = RLIMIT_NPROC
private let RLIMIT_CORE_VALUE = RLIMIT_CORE
// macOS ignores RLIMIT_DATA for mmap'd memory; the limit is best effort there.
private let RLIMIT_DATA_VALUE = RLIMIT_DATA
private let RLIMIT_FSIZE_VALUE = RLIMIT_FSIZE
#endif
