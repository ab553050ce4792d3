import Foundation
import LearnerProcess
import Tensor

/// Runs checks, each against a learner process of its own, two at a time (one per core),
/// within per-check time limits and an overall budget. The learner processes compute;
/// every verdict is made here.
public struct CheckRunner: Sendable {
    public let launch: LearnerLaunch
    public let fixtures: FixtureStore
    /// A time limit that replaces every check's default, if set.
    public let timeoutOverride: Double?
    /// Time limits by check name (the course's), used when there is no override.
    public let timeouts: [String: Double]
    /// The whole run's time limit in seconds: a check that would start after it is NOT RUN,
    /// and a running check gets at most what is left.
    public let budget: Double
    /// The trusted overfit loss (nil in a student kit).
    public let referenceLoss: (any ReferenceLoss)?
    /// What learner processes reported they could not hide or make read-only.
    public let gaps = ConfinementGaps()

    /// The whole run's default time limit, in seconds: ten minutes in a plain build, longer
    /// in a sanitized one (`SanitizerRuntime.timeLimitFactor`).
    public static var defaultBudget: Double { 600 * SanitizerRuntime.timeLimitFactor }

    /// How many checks run side by side (default: one per core).
    public let width: Int?

    public init(
        launch: LearnerLaunch, fixtures: FixtureStore, timeoutOverride: Double?,
        timeouts: [String: Double] = [:], budget: Double,
        referenceLoss: (any ReferenceLoss)?, width: Int? = nil
    ) {
        (self.launch, self.fixtures, self.timeoutOverride, self.timeouts, self.budget) =
            (launch, fixtures, timeoutOverride, timeouts, budget)
        (self.referenceLoss, self.width) = (referenceLoss, width)
    }

    /// Runs the checks; results come back in catalogue order. When it returns, no learner
    /// process (nor anything one started) is left.
    public func run(_ checks: [Check]) -> [CheckResult] {
        let end = Date().addingTimeInterval(budget)
        let results = ResultSlots<CheckResult>(count: checks.count)
        let width = max(
            1,
            min(
                checks.count,
                self.width ?? ProcessInfo.processInfo.activeProcessorCount))
        // The slow checks (the overfit runs) start first, so the quick ones fill the other
        // core meanwhile.
        let order = checks.indices.sorted { checks[$0].relativeCost > checks[$1].relativeCost }
        let next = WorkCounter()
        var launch = self.launch
        // With one learner per core, a second matrix-product thread per learner would only
        // make them contend.
        if width > 1 { launch.threads = 1 }
        let perCheck = launch
        DispatchQueue.concurrentPerform(iterations: width) { _ in
            while let position = next.take(below: checks.count) {
                let index = order[position]
                results.set(index, run(checks[index], launch: perCheck, until: end))
            }
        }
        // Whatever a learner left behind; the processes of other work still running in
        // this grader (a batch's other submission) are spared.
        launch.registry.whileNoneStarts { live in
            ProcessReaper.killStrayChildren(except: live)
            if let user = launch.user {
                ProcessReaper.killProcesses(ofUser: user.uid, except: live)
            }
        }
        return results.values
    }

    /// A check's time limit before the budget bounds it: `--timeout`, else the course's,
    /// else the check's own default. That default was set for a plain build, so a
    /// sanitizer's slowdown stretches it (scripts/sanitize); limits someone gave stand as
    /// given.
    func timeLimit(of check: Check) -> Double {
        timeoutOverride ?? timeouts[check.name]
            ?? check.defaultTimeout * SanitizerRuntime.timeLimitFactor
    }

    /// Runs one check against a fresh learner process.
    func run(_ check: Check, launch: LearnerLaunch, until end: Date) -> CheckResult {
        let remaining = end.timeIntervalSinceNow
        guard remaining > 0.5 else {
            return CheckResult(
                name: check.name, originalName: check.originalName, status: .notRun,
                message: "not run: the grading budget was used up (--budget)")
        }
        let timeout = min(timeLimit(of: check), remaining)
        let start = Date()
        var result: CheckResult
        let printed: Int
        do {
            let session = try LearnerSession(launch, timeout: timeout)
            result = check.run(
                in: CheckContext(
                    learner: session, fixtures: fixtures,
                    referenceLoss: referenceLoss))
            printed = session.finish()
            gaps.add(session.unhiddenPaths)
        } catch let ended as LearnerProcessEnded {
            result = CheckResult(
                name: check.name, originalName: check.originalName, status: .fail,
                message: ended.message, hint: ended.hint, location: ended.location)
            printed = 0
        } catch {
            result = CheckResult(
                name: check.name, originalName: check.originalName, status: .fail,
                message: "could not start the learner process: \(error)")
            printed = 0
        }
        // Megabytes of output make the report unreadable and slow a check down by orders
        // of magnitude: treated as a failure.
        if printed > LearnerSession.outputLimit, result.status != .todo {
            result.status = .fail
            result.message =
                "printed \(printed / 1000) kB (the limit is "
                + "\(LearnerSession.outputLimit / 1000) kB)"
            result.hint = "Remove the debugging print() calls from the loops."
            result.location = nil
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }
}

/// The paths learner processes could not hide (no mount namespaces in a container, say):
/// the grader warns about them, since only Unix permissions then keep them private.
public final class ConfinementGaps: Sendable {
    private let paths = Locked<Set<String>>([])

    func add(_ more: [String]) { paths.withLock { $0.formUnion(more) } }

    /// The paths, sorted.
    public var all: [String] { paths.withLock { $0.sorted() } }
}

/// Results filled in by worker threads, one slot each (checks here, submissions in a
/// batch), read in slot order.
package final class ResultSlots<Value: Sendable>: Sendable {
    private struct Slots {
        var values: [Value?]
        var filled = 0
    }
    private let slots: Locked<Slots>

    package init(count: Int) { slots = Locked(Slots(values: Array(repeating: nil, count: count))) }

    /// Fills slot `index`; returns how many slots are filled now.
    @discardableResult
    package func set(_ index: Int, _ value: Value) -> Int {
        slots.withLock { slots in
            if slots.values[index] == nil { slots.filled += 1 }
            slots.values[index] = value
            return slots.filled
        }
    }

    /// The filled slots' values, in slot order.
    package var values: [Value] { slots.withLock { $0.values.compactMap { $0 } } }
}

/// Hands out indices 0, 1, 2, … to worker threads (checks here, submissions in a batch).
package final class WorkCounter: Sendable {
    private let next = Locked(0)

    package init() {}

    /// The next index, or nil once `limit` have been handed out.
    package func take(below limit: Int) -> Int? {
        next.withLock { value in
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
