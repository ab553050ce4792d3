import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to its end, its output into a file. posix_spawn and waitpid, not
/// Foundation's Process: a batch builds from worker threads, where Process's wait can
/// return before the child has run (it relies on a run loop those threads lack).
package enum Command {
    /// The exit status of `arguments` (found on PATH), with standard output and error
    /// written to `log`; standard input is /dev/null. The child is in `registry` while it
    /// runs, so the grader's clean-up after a check never takes it for a stray.
    package static func run(_ arguments: [String], log: URL, registry: LivePids) throws -> Int32 {
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        #if canImport(Darwin)
        let environment = _NSGetEnviron().pointee  // Darwin's headers do not declare `environ`
        #else
        let environment = environ
        #endif
        var pid: pid_t = 0
        let status = registry.register {
            posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environment)
        } pid: {
            pid
        }
        guard status == 0 else {
            throw ReleaseError("cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) == -1 && errno == EINTR {}
        registry.remove(pid)
        // Exited normally: its status; killed by a signal: 128 + the signal, as shells say.
        return (exit & 0x7f) == 0 ? (exit >> 8) & 0xff : 128 + (exit & 0x7f)
    }
}
