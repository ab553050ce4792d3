import Foundation
import LearnerProcess
import Tensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One learner process, serving one check: started in a process group of its own with a
/// private scratch folder, fed requests on one pipe, read replies on another, and killed
/// (with everything it started) when the check ends or its time is up.
public final class LearnerSession: LearnerEndpoint, @unchecked Sendable {
    /// How much a check may print before it fails: debugging prints in a loop over a batch
    /// quickly exceed it, a few diagnostic lines never do.
    public static let outputLimit = 1_000_000
    /// The largest reply accepted (the trained parameters of an overfit run are ~15 MB).
    static let replyLimit = 256 << 20

    private let launch: LearnerLaunch
    private let deadline: Date
    private let timeout: Double
    private let pid: pid_t
    private let requestFD: Int32
    private let replyFD: Int32
    private let scratch: URL
    private let output = BoundedBuffer()
    private let outputDone = DispatchSemaphore(value: 0)
    /// What the output reader and the checking thread share.
    private struct State {
        var stopReading = false
        var outputClosed = false
        var exitStatus: Int32?
        var ended: LearnerProcessEnded?
    }
    private let state = Locked(State())
    /// Hidden paths the learner process reported it could not hide.
    public private(set) var unhiddenPaths: [String] = []

    /// Starts the process; it confines itself before it runs any learner code.
    public init(_ launch: LearnerLaunch, timeout: Double) throws {
        self.launch = launch
        self.timeout = timeout
        deadline = Date().addingTimeInterval(timeout)
        scratch = try Self.makeScratch(for: launch.user)
        let (request, reply, out) = (try Self.pipe(), try Self.pipe(), try Self.pipe())
        do {
            pid = try Self.spawn(
                launch, scratch: scratch.path, request: request.read,
                reply: reply.write, output: out.write)
        } catch {
            [request.read, request.write, reply.read, reply.write, out.read, out.write].forEach {
                close($0)
            }
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
        [request.read, reply.write, out.write].forEach { close($0) }
        (requestFD, replyFD) = (request.write, reply.read)
        let outputFD = out.read
        DispatchQueue.global().async { [self] in
            drain(outputFD)
            close(outputFD)
            outputDone.signal()
        }
        let confinement = Confinement(
            user: launch.user, scratch: scratch.path,
            hiddenPaths: launch.hiddenPaths,
            memoryBytes: launch.memoryBytes)
        let ready = try exchange(confinement.encoded())
        var reader = WireReader(ready)
        unhiddenPaths = (try? reader.readStrings()) ?? []
    }

    public func reply(to request: LearnerRequest) throws -> LearnerReply {
        let bytes = try exchange(request.encoded())
        do {
            return try LearnerReply(decoding: bytes)
        } catch {
            throw end(
                "sent a reply the grader cannot read (\(error)); only the learner's own "
                    + "code could have written it")
        }
    }

    /// Sends a frame and waits for the answer, within the check's deadline.
    private func exchange(_ payload: [UInt8]) throws -> [UInt8] {
        if let ended = state.withLock({ $0.ended }) { throw ended }
        guard Framing.write(payload, to: requestFD) else { throw end(nil) }
        guard let header = read(4) else { throw end(nil) }
        let length = Framing.length(ofHeader: header)
        guard length <= Self.replyLimit else {
            throw end(
                "sent a reply of \(length / 1_000_000) MB (the limit is "
                    + "\(Self.replyLimit / 1_000_000) MB)")
        }
        guard let body = read(length) else { throw end(nil) }
        return body
    }

    /// Reads exactly `count` bytes of the reply pipe, or nil when the process died, closed
    /// the pipe or ran out of time.
    private func read(_ count: Int) -> [UInt8]? {
        Framing.readExactly(count, from: replyFD) { waitForReply() }
    }

    /// Waits until the reply pipe has data; false when the deadline passed or the process is
    /// gone (a descendant may still hold the pipe open, so its end may never come).
    private func waitForReply() -> Bool {
        while Date() < deadline {
            var poller = pollfd(fd: replyFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 { return true }
            if ready == 0 {
                if reapIfExited() { return false }
            } else if errno != EINTR {
                return false
            }
        }
        return false
    }

    /// True when the process has exited (its status is kept).
    private func reapIfExited() -> Bool {
        state.withLock { state in
            if state.exitStatus != nil { return true }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                state.exitStatus = status
                return true
            }
            return false
        }
    }

    /// Ends the session after an abnormal event and says why, from what the process did.
    private func end(_ reason: String?) -> LearnerProcessEnded {
        let timedOut = Date() >= deadline && !reapIfExited()
        terminate()
        // The crash report is the last thing the process wrote: read it all first.
        waitForOutput()
        let ended: LearnerProcessEnded
        if timedOut {
            ended = LearnerProcessEnded(
                message:
                    "did not finish within \(plainSeconds(timeout)) (stopped): an endless loop, "
                    + "or far too slow",
                hint: "Check that every loop ends (for t in 0..<T) and that nothing recomputes the "
                    + "whole sequence at every step.", location: nil)
        } else if let reason {
            ended = LearnerProcessEnded(message: reason, hint: nil, location: nil)
        } else {
            ended = crash()
        }
        state.withLock { $0.ended = ended }
        return ended
    }

    /// What the process's exit status and output say about how it ended.
    private func crash() -> LearnerProcessEnded {
        let status = state.withLock { $0.exitStatus } ?? 0
        let report = CrashReport(standardError: output.text, codeFolders: launch.codeFolders)
        let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let signal = signalled ? status & 0x7f : 0
        if let message = report.anotherCPUMessage(
            exitStatus: signalled ? nil : (status >> 8) & 0xff)
        {
            return LearnerProcessEnded(message: message, hint: nil, location: nil)
        }
        let what: String
        switch signal {
        case SIGILL, SIGTRAP: what = "crashed (a Swift runtime trap)"
        case SIGSEGV, SIGBUS: what = "crashed with a memory fault (often endless recursion)"
        case SIGKILL: what = "was killed (out of memory?)"
        case SIGABRT: what = "aborted"
        case 0: what = "exited with status \((status >> 8) & 0xff) before it answered"
        default: what = "was stopped by signal \(signal)"
        }
        var message = what
        // The runtime's message is the learner's text (fatalError("…")): kept short.
        if let text = report.message { message += ": \(text.prefix(500))" }
        if signal == SIGILL || signal == SIGTRAP, !(report.message ?? "").contains("Fatal error") {
            // Optimised code traps without the runtime's message.
            message +=
                " (no message: typically an index out of range, a force-unwrapped nil or "
                + "an integer overflow)"
        }
        let memory = output.text.contains("memory") || signal == SIGKILL
        return LearnerProcessEnded(
            message: message,
            hint: memory
                ? "Something allocates without bound: look for a growing array in a loop."
                : nil,
            location: report.location)
    }

    /// Kills the process group, waits for the process, and kills anything it left behind.
    private func terminate() {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        state.withLock { state in
            if state.exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, 0) == pid { state.exitStatus = status }
            }
        }
        launch.registry.whileNoneStarts { live in
            ProcessReaper.killStrayChildren(except: live.subtracting([pid]))
        }
    }

    /// Ends the session (the process and every descendant are gone when it returns);
    /// returns how many bytes the learner printed.
    @discardableResult
    public func finish() -> Int {
        close(requestFD)
        // A process that is well gets EOF and exits at once; anything else is killed.
        let grace = Date().addingTimeInterval(0.2)
        while !reapIfExited(), Date() < grace { usleep(1000) }
        terminate()
        launch.registry.remove(pid)
        waitForOutput()
        state.withLock { $0.stopReading = true }
        close(replyFD)
        try? FileManager.default.removeItem(at: scratch)
        return output.totalBytes
    }

    /// Waits (up to 2 s) until everything the process group wrote has been read: once it
    /// is dead, its output pipe reaches its end.
    private func waitForOutput() {
        if state.withLock({ $0.outputClosed }) { return }
        if outputDone.wait(timeout: .now() + 2) == .success {
            state.withLock { $0.outputClosed = true }
        }
    }

    private func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !state.withLock({ $0.stopReading }) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready <= 0 { continue }
            let got = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { return }
            output.append(Data(chunk[0..<got]))
        }
    }

    // MARK: Starting

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        #if os(Linux)
        // pipe2 sets close-on-exec atomically: a pipe of one check never leaks into the
        // learner process of another started meanwhile. (Glibc's header hides it from Swift.)
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        guard let symbol = dlsym(nil, "pipe2"),
            unsafeBitCast(symbol, to: Pipe2.self)(&fds, Int32(O_CLOEXEC)) == 0
        else {
            throw SpawnFailure("pipe: \(errno)")
        }
        #else
        guard Darwin.pipe(&fds) == 0 else { throw SpawnFailure("pipe: \(errno)") }
        fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        #endif
        return (fds[0], fds[1])
    }

    private static func makeScratch(for user: (uid: UInt32, gid: UInt32)?) throws -> URL {
        var template = Array(
            LearnerTemporaryFolder.url
                .appendingPathComponent("rnncaptioning-learner-XXXXXX").path.utf8CString)
        guard
            let made = template.withUnsafeMutableBufferPointer({ buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }
            })
        else {
            throw SpawnFailure("cannot make a scratch folder in \(LearnerTemporaryFolder.url.path)")
        }
        let path = String(cString: made)
        if let user {
            guard chown(path, user.uid, user.gid) == 0, chmod(path, 0o700) == 0 else {
                throw SpawnFailure("cannot give the scratch folder to user \(user.uid)")
            }
        }
        return URL(fileURLWithPath: path)
    }

    private static func spawn(
        _ launch: LearnerLaunch, scratch: String, request: Int32,
        reply: Int32, output: Int32
    ) throws -> pid_t {
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawn_file_actions_adddup2(&actions, request, Framing.requestDescriptor)
        posix_spawn_file_actions_adddup2(&actions, reply, Framing.replyDescriptor)
        // A process group of its own (killed whole), default signal handling, nothing blocked.
        var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)

        let arguments = [launch.executable.path, "--impl", launch.implementation]
        let environment = launch.environment(scratch: scratch)
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = launch.registry.register {
            posix_spawn(&pid, launch.executable.path, &actions, &attributes, &argv, &envp)
        } pid: {
            pid
        }
        guard status == 0 else {
            throw SpawnFailure(
                "cannot start \(launch.executable.path): "
                    + String(cString: strerror(status)))
        }
        return pid
    }
}

/// The learner process could not be started (not the learner's fault).
struct SpawnFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// The pids of the learner processes now running, so that cleaning up after one check
/// never kills the process of another.
public final class LivePids: Sendable {
    private let pids = Locked<Set<pid_t>>([])

    public init() {}

    /// Runs `spawn` and records the pid it made, under the lock, so that no cleanup sees
    /// the new process before it is known.
    public func register(_ spawn: () -> Int32, pid: () -> pid_t) -> Int32 {
        pids.withLock { pids in
            let status = spawn()
            if status == 0 { pids.insert(pid()) }
            return status
        }
    }

    /// Stops counting `pid` as live (it has been waited for).
    public func remove(_ pid: pid_t) { pids.withLock { _ = $0.remove(pid) } }

    /// Runs `body` with the live pids while no child process can be started.
    func whileNoneStarts(_ body: (Set<pid_t>) -> Void) { pids.withLock { body($0) } }

    /// Runs `body` while no child can be started: a file it has open for writing is then
    /// never inherited by a child, which would make the file unexecutable ("text file busy")
    /// until that child execs.
    package func exclusively<R>(_ body: () throws -> R) rethrows -> R {
        try pids.withLock { _ in try body() }
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    read(fd, p, n)
}
