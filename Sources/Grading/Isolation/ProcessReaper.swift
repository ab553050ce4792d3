import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes sure no learner process outlives its check. Each learner runs in a process group
/// of its own, killed whole; on Linux the grader is also a child subreaper, so a process
/// that left its group (setsid, double fork) is re-parented to the grader when its parent
/// dies, and found and killed here.
public enum ProcessReaper {
    /// Linux: orphaned descendants become the grader's children instead of init's, and
    /// other processes of the same user cannot read the grader's /proc entries (its
    /// environment, open files) or attach to it.
    public static func prepareGrader() {
        signal(SIGPIPE, SIG_IGN)
        #if os(Linux)
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(nil, "prctl") else { return }
        let prctl = unsafeBitCast(symbol, to: Prctl.self)
        _ = prctl(36, 1, 0, 0, 0)  // PR_SET_CHILD_SUBREAPER
        _ = prctl(4, 0, 0, 0, 0)  // PR_SET_DUMPABLE 0
        #endif
    }

    /// Kills every child of the grader that is not one of `live` (the learner processes of
    /// checks still running), and waits for it; repeats until none is left, since killing
    /// one may re-parent its own children to us.
    static func killStrayChildren(except live: Set<pid_t>) {
        #if os(Linux)
        let me = getpid()
        for _ in 0..<50 {
            let strays = processes { $0.parent == me && !live.contains($0.pid) }
            if strays.isEmpty { return }
            for pid in strays {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
        #endif
    }

    /// As root: kills every process of the learners' user id (they can only be learner
    /// processes: the id belongs to no account) that does not descend from one of `live`.
    static func killProcesses(ofUser uid: uid_t, except live: Set<pid_t>) {
        #if os(Linux)
        for _ in 0..<50 {
            let table = processTable()
            func descendsFromLive(_ pid: pid_t) -> Bool {
                var current = pid
                for _ in 0..<64 {
                    if live.contains(current) { return true }
                    guard let parent = table[current]?.parent, parent > 1 else { return false }
                    current = parent
                }
                return false
            }
            let found = table.filter { $0.value.uid == uid && !descendsFromLive($0.key) }.map(\.key)
            if found.isEmpty { return }
            found.forEach { kill($0, SIGKILL) }
            killStrayChildren(except: live)
            usleep(2000)
        }
        #endif
    }

    #if os(Linux)
    /// The pids of the processes in /proc for which `match` holds.
    private static func processes(
        where match: ((pid: pid_t, parent: pid_t, uid: uid_t)) -> Bool
    )
        -> [pid_t]
    {
        processTable().filter { match(($0.key, $0.value.parent, $0.value.uid)) }.map(\.key)
    }

    /// Every process's parent and real user id, from /proc.
    private static func processTable() -> [pid_t: (parent: pid_t, uid: uid_t)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var table: [pid_t: (parent: pid_t, uid: uid_t)] = [:]
        for name in entries {
            guard let pid = pid_t(name),
                let status = try? String(contentsOfFile: "/proc/\(name)/status", encoding: .utf8)
            else { continue }
            var parent: pid_t = -1
            var uid: uid_t = .max
            for line in status.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.first == "PPid:", fields.count > 1 { parent = pid_t(fields[1]) ?? -1 }
                if fields.first == "Uid:", fields.count > 1 { uid = uid_t(fields[1]) ?? .max }
            }
            table[pid] = (parent, uid)
        }
        return table
    }
    #endif
}
