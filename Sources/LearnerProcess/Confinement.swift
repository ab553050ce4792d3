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
    /// private mount namespace (Linux, as root), where everything but the scratch folder is
    /// read-only too. Unix permissions are the second line.
    public var hiddenPaths: [String]
    /// The data size limit in bytes, so runaway allocation fails fast (counted on top of a
    /// sanitizer's shadow memory in a sanitized build: `dataAlreadyMapped()`).
    public var memoryBytes: Int

    public init(
        user: (uid: UInt32, gid: UInt32)?, scratch: String, hiddenPaths: [String],
        memoryBytes: Int
    ) {
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
                getuid() == user.uid, geteuid() == user.uid, setuid(0) != 0
            else {
                throw WireError("could not become the unprivileged user \(user.uid)")
            }
            limit(processCountResource, 256)
            // Changing user made the process non-dumpable, which also keeps Swift's crash
            // reporter (a child of the crashing process) from reading it: the learner would
            // lose the file and line of a crash. It is the learner's own process again.
            setDumpable()
        }
        limit(coreFileResource, 0)
        limit(
            dataResource,
            Self.dataAlreadyMapped().addingReportingOverflow(memoryBytes)
                .partialValue)
        limit(fileSizeResource, 256 << 20)
        guard chdir(scratch) == 0 else { throw WireError("cannot enter \(scratch)") }
        return unhidden
    }

    /// What the data limit must leave room for before any learner code runs. Nothing in a
    /// normal build. With AddressSanitizer or ThreadSanitizer linked in, the runtime has
    /// reserved terabytes of shadow memory at start: never touched, but counted by
    /// RLIMIT_DATA as private writable mappings, so a limit from zero would leave the
    /// process unable to allocate anything. Counted from what is mapped now instead, the
    /// limit still stops runaway allocation in a sanitized build.
    static func dataAlreadyMapped() -> Int {
        SanitizerRuntime.linked == nil ? 0 : mappedDataBytes()
    }

    /// The private writable memory mapped now (what RLIMIT_DATA counts), from the VmData
    /// line of /proc/self/status; 0 where there is no /proc (macOS ignores the limit for
    /// mapped memory anyway).
    static func mappedDataBytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            // "VmData:\t   12345 kB"
            let fields = String(cString: line).split(whereSeparator: { " \t\n".contains($0) })
            if fields.count >= 2, fields[0] == "VmData:", let kilobytes = Int(fields[1]) {
                return kilobytes * 1024
            }
        }
        return 0
    }

    private func setDumpable() {
        #if os(Linux)
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(nil, "prctl") else { return }
        _ = unsafeBitCast(symbol, to: Prctl.self)(4, 1, 0, 0, 0)  // PR_SET_DUMPABLE 1
        #endif
    }

    private func limit(_ resource: Int32, _ value: Int) {
        var l = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        #if os(Linux)
        _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &l)
        #else
        _ = setrlimit(resource, &l)
        #endif
    }

    /// In a mount namespace of this process alone: puts an empty read-only file system over
    /// each hidden path and makes every other file system read-only, except the scratch
    /// folder (and /proc, /sys, /dev, which the runtime needs). Returns what it could not
    /// hide or protect: there, Unix permissions are the only line.
    private func hide(_ paths: [String]) -> [String] {
        #if os(Linux)
        typealias Unshare = @convention(c) (Int32) -> Int32
        typealias Mount =
            @convention(c) (
                UnsafePointer<CChar>?, UnsafePointer<CChar>,
                UnsafePointer<CChar>?, UInt, UnsafeRawPointer?
            ) -> Int32
        guard let u = dlsym(nil, "unshare"), let m = dlsym(nil, "mount") else {
            return paths + ["/ (read-only)"]
        }
        let unshare = unsafeBitCast(u, to: Unshare.self)
        let mount = unsafeBitCast(m, to: Mount.self)
        let (readOnly, remount, bind, recursive, privateMount): (UInt, UInt, UInt, UInt, UInt) =
            (1, 32, 4096, 16_384, 1 << 18)
        let (noSetuid, noDevices, noExec): (UInt, UInt, UInt) = (2, 4, 8)
        guard unshare(0x0002_0000) == 0,  // CLONE_NEWNS
            mount(nil, "/", nil, recursive | privateMount, nil) == 0
        else {
            return paths + ["/ (read-only)"]
        }
        var failed = paths.filter {
            mount(
                "none", $0, "tmpfs", readOnly | noSetuid | noDevices | noExec,
                "size=4k,mode=000") != 0
        }
        // The scratch folder becomes a mount of its own, so it stays writable below.
        guard mount(scratch, scratch, nil, bind | recursive, nil) == 0 else {
            return failed + ["/ (read-only)"]
        }
        let kept = ["/proc", "/sys", "/dev", "/dev/pts", "/dev/mqueue"]
        for point in Self.mountPoints()
        where point != scratch && !paths.contains(point)
            && !kept.contains(point) && !point.hasPrefix("/proc/") && !point.hasPrefix("/sys/")
        {
            if mount(nil, point, nil, remount | bind | readOnly | noSetuid | noDevices, nil) != 0 {
                failed.append("\(point) (read-only)")
            }
        }
        return failed
        #else
        return paths
        #endif
    }

    /// The mount points of this process's namespace, from /proc/self/mountinfo.
    private static func mountPoints() -> [String] {
        guard let file = fopen("/proc/self/mountinfo", "r") else { return [] }
        defer { fclose(file) }
        var points: [String] = []
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while getline(&line, &capacity, file) > 0, let line {
            let fields = String(cString: line).split(separator: " ")
            // Field 5 is the mount point, with spaces and the like escaped as octal.
            if fields.count > 4, !fields[4].contains("\\") { points.append(String(fields[4])) }
        }
        free(line)
        return points
    }
}

#if os(Linux)
// glibc declares RLIMIT_NPROC as a macro Swift cannot import.
private let processCountResource: Int32 = 6
private let coreFileResource = Int32(RLIMIT_CORE.rawValue)
private let dataResource = Int32(RLIMIT_DATA.rawValue)
private let fileSizeResource = Int32(RLIMIT_FSIZE.rawValue)
#else
private let processCountResource = RLIMIT_NPROC
private let coreFileResource = RLIMIT_CORE
// macOS ignores RLIMIT_DATA for mmap'd memory; the limit is best effort there.
private let dataResource = RLIMIT_DATA
private let fileSizeResource = RLIMIT_FSIZE
#endif
