import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs each check in a child process (the grader itself, with the hidden `__run-check`
/// command), so that a trap, an endless loop or runaway memory in learner code fails
/// that check alone, with what happened and where.
public struct IsolatedRunner: Sendable {
    /// The grader executable to start.
    public let executable: URL
    /// Arguments every child gets: the implementation and fixture folder.
    public let sharedArguments: [String]
    /// A time limit that replaces every check's default, if set.
    public let timeoutOverride: Double?
    /// How much a check may print before it fails: debugging prints in a loop over a
    /// batch quickly exceed it, a few diagnostic lines never do.
    public static let outputLimit = 1_000_000

    /// Folders whose frames locate a crash for the learner (`Exercises`, `Solutions`).
    public let codeFolders: [String]

    public init(executable: URL, sharedArguments: [String], timeoutOverride: Double?,
                codeFolders: [String]) {
        (self.executable, self.sharedArguments, self.timeoutOverride, self.codeFolders) =
            (executable, sharedArguments, timeoutOverride, codeFolders)
    }

    /// Runs the checks, two at a time (one per core), in their catalogue order.
    public func run(_ checks: [Check], progress: @Sendable (CheckResult) -> Void = { _ in })
        -> [CheckResult] {
        let results = ResultSlots(count: checks.count)
        let width = max(1, min(checks.count, ProcessInfo.processInfo.activeProcessorCount))
        // The slow checks (the overfit runs) start first, so the quick ones fill the other
        // core meanwhile; results are still reported in catalogue order.
        let order = checks.indices.sorted { checks[$0].relativeCost > checks[$1].relativeCost }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: width) { _ in
            while let position = next.take(below: checks.count) {
                let index = order[position]
                let result = run(checks[index], threads: width > 1 ? 1 : nil)
                results.set(index, result)
                progress(result)
            }
        }
        return results.values
    }

    /// Runs one check in a child process and interprets how it ended. `threads` pins the
    /// child's matrix-product threads: with one child per core, a second thread per child
    /// would only make them contend.
    public func run(_ check: Check, threads: Int? = nil) -> CheckResult {
        let timeout = timeoutOverride ?? check.defaultTimeout
        let resultFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("grader-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: resultFile) }

        let process = Process()
        process.executableURL = executable
        process.arguments = ["__run-check", check.name, "--result-file", resultFile.path]
            + sharedArguments
        var environment = ProcessInfo.processInfo.environment
        // A plain-text crash report, quickly, without waiting for a debugger.
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,limit=32,top=4"
        if let threads { environment["RNNCAPTIONING_THREADS"] = "\(threads)" }
        process.environment = environment
        let (stdout, stderr) = (BoundedBuffer(limit: 4096), BoundedBuffer())
        let (outPipe, errPipe) = (Pipe(), Pipe())
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        let drained = DispatchGroup()
        for (pipe, buffer) in [(outPipe, stdout), (errPipe, stderr)] {
            drained.enter()
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                }
                drained.leave()
            }
        }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        do {
            try process.run()
        } catch {
            return CheckResult(name: check.name, originalName: check.originalName, status: .fail,
                               message: "could not start the check process: \(error)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        // Close our ends so the readers finish even if a grandchild kept the pipes open.
        _ = drained.wait(timeout: .now() + 2)
        let seconds = Date().timeIntervalSince(start)

        var result: CheckResult
        if timedOut {
            result = CheckResult(
                name: check.name, originalName: check.originalName, status: .fail,
                message: "did not finish within \(format(timeout)) s (stopped): an endless loop, "
                    + "or far too slow",
                hint: "Check that every loop ends (for t in 0..<T) and that nothing recomputes "
                    + "the whole sequence at every step.")
        } else if let data = try? Data(contentsOf: resultFile),
                  let decoded = try? resultDecoder().decode(CheckResult.self, from: data) {
            result = decoded
        } else {
            result = crashResult(check, process: process, stderr: stderr.text)
        }
        // Megabytes of output make the grader's report unreadable and slow a check down
        // by orders of magnitude: treated as a failure, like the issue asks.
        if stdout.totalBytes > IsolatedRunner.outputLimit, result.status != .todo {
            result.status = .fail
            result.message = "printed \(stdout.totalBytes / 1000) kB to standard output (the "
                + "limit is \(IsolatedRunner.outputLimit / 1000) kB)"
            result.hint = "Remove the debugging print() calls from the loops."
        }
        result.seconds = seconds
        return result
    }

    /// Reads what `encodedJSON` wrote, including the "nan" and "inf" a learner's NaN leaves
    /// in a measurement.
    private func resultDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    private func crashResult(_ check: Check, process: Process, stderr: String) -> CheckResult {
        let report = CrashReport(standardError: stderr, codeFolders: codeFolders)
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : 0
        let what: String
        switch signal {
        case SIGILL, SIGTRAP:
            what = "crashed (a Swift runtime trap)"
        case SIGSEGV, SIGBUS:
            what = "crashed with a memory fault (often endless recursion)"
        case SIGKILL:
            what = "was killed (out of memory?)"
        case SIGABRT:
            what = "aborted"
        case 0:
            what = "exited with status \(process.terminationStatus) without a result"
        default:
            what = "was stopped by signal \(signal)"
        }
        var message = what
        if let text = report.message { message += ": \(text)" }
        if signal == SIGILL || signal == SIGTRAP, !(report.message ?? "").contains("Fatal error") {
            // Optimised code traps without the runtime's message.
            message += " (no message: typically an index out of range, a force-unwrapped nil "
                + "or an integer overflow)"
        }
        let memory = stderr.contains("memory") || signal == SIGKILL
        return CheckResult(
            name: check.name, originalName: check.originalName, status: .fail, message: message,
            // The location itself is reported on its own line, so it is not repeated here.
            hint: memory ? "Something allocates without bound: look for a growing array in a loop."
                : nil,
            location: report.location)
    }
}

/// Thread-safe result slots for the concurrent run.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CheckResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: CheckResult) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [CheckResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

/// Hands out indices 0, 1, 2, … to the worker threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Limits the memory of the current process (a check's child) to `bytes` of data, so
/// unbounded allocation fails fast instead of swapping the learner's laptop.
public func limitMemory(toBytes bytes: Int) {
    #if os(Linux)
    var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
    _ = setrlimit(Int32(RLIMIT_DATA.rawValue), &limit)
    #endif
}
