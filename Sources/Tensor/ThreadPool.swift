import Dispatch
import Foundation
import Synchronization

/// A pointer that may cross to the pool's worker thread.
///
/// Only used while the posting thread waits for the worker, so the memory outlives the
/// work and the two threads write disjoint parts of it.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// A read-only pointer that may cross to the pool's worker thread (see `SharedPointer`).
struct SharedReadPointer<T>: @unchecked Sendable {
    let base: UnsafePointer<T>
}

/// A two-way fork/join for the matrix products: the calling thread runs part 0 and one
/// long-lived worker runs part 1.
///
/// Why not `DispatchQueue.concurrentPerform`: one fork/join cost 35–46 µs in this VM,
/// more than a whole 100×128×128 product; posting to a spinning worker through an
/// `Atomic` costs 0.3–2 µs (shared/PERFORMANCE.md). The worker spins only for a short
/// while after each job (`spinLimit`), then sleeps on a semaphore, so an idle process
/// does not keep a core busy.
///
/// If the pool is already running a job (another thread is multiplying, or a product
/// is nested inside a job) `run` returns false and the caller does the work alone.
final class ForkJoinPool: Sendable {
    /// The pool of the matrix products; `nil` on a single-core machine or when the
    /// environment variable `RNNCAPTIONING_THREADS` is `1`.
    static let shared: ForkJoinPool? = {
        let requested = ProcessInfo.processInfo.environment["RNNCAPTIONING_THREADS"]
            .flatMap { Int($0) }
        let threads = requested ?? ProcessInfo.processInfo.activeProcessorCount
        return threads >= 2 ? ForkJoinPool() : nil
    }()

    /// Busy-wait iterations before the worker goes to sleep (tens of µs; not tuned): meant
    /// to cover the gap between the products of consecutive recurrent time steps.
    private static let spinLimit = 200_000

    private let busy = Atomic<Bool>(false)
    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)
    private let job = Mutex<(@Sendable () -> Void)?>(nil)

    private init() {
        let thread = Thread { [self] in self.workerLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs `part(0)` on the calling thread and `part(1)` on the worker, and returns when
    /// both are done. Returns false, running nothing, if the pool is in use.
    func run(_ part: @escaping @Sendable (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        job.withLock { $0 = { part(1) } }
        let generation = posted.add(1, ordering: .sequentiallyConsistent).newValue
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.signal() }
        part(0)
        while finished.load(ordering: .acquiring) != generation { spinPause() }
        job.withLock { $0 = nil }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func workerLoop() {
        var seen = 0
        while true {
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < Self.spinLimit { spinPause(); continue }
                // Announce the sleep, then re-check: a job posted in between either sees
                // the flag (and signals) or is seen here.
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if posted.load(ordering: .sequentiallyConsistent) != seen {
                    // If the poster already took the flag it also signalled: consume that.
                    if !sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                        wakeUp.wait()
                    }
                    break
                }
                wakeUp.wait()
                spins = 0
            }
            seen = posted.load(ordering: .acquiring)
            runPostedJob()
            finished.store(seen, ordering: .releasing)
        }
    }
}

extension ForkJoinPool {
    /// Runs the posted job. A function of its own so that the worker's reference to the
    /// job is released before the poster is told the job is done: `inHalves` passes a
    /// non-escaping closure (through `withoutActuallyEscaping`), which traps if it is
    /// still referenced when `run` returns.
    @inline(never)
    private func runPostedJob() {
        let work = job.withLock { $0 }
        work?()
    }
}

/// A short pause in a spin loop; a plain load loop is fine on x86 and keeps this portable.
@inline(__always)
private func spinPause() {
    #if arch(x86_64) || arch(arm64)
    for _ in 0..<4 { _ = 0 }
    #endif
}

/// Runs `body` on the two halves of `0 ..< count` and returns both results: at once, on
/// the calling thread and the matrix products' worker, when `count` is at least
/// `minimumCount` and the pool is free; otherwise one after the other on this thread.
///
/// The halves are the same either way, so a value combined from the two results (a sum
/// of two partial sums) never depends on timing or on the thread count. For memory-bound
/// passes over large tensors (bias additions, column sums, the softmax loss), where one
/// core cannot use the machine's memory bandwidth.
public func inHalves<R>(
    of count: Int, parallelFrom minimumCount: Int, _ body: (Range<Int>) -> R
) -> (R, R) {
    let middle = count / 2
    let halves = [0..<middle, middle..<count]
    if count >= minimumCount, let pool = ForkJoinPool.shared {
        let results = UnsafeMutablePointer<R?>.allocate(capacity: 2)
        results.initialize(repeating: nil, count: 2)
        defer {
            results.deinitialize(count: 2)
            results.deallocate()
        }
        let shared = SharedPointer(base: results)
        let ran = withoutActuallyEscaping(body) { body in
            let part = UncheckedSendable(value: body)
            return pool.run { index in shared.base[index] = part.value(halves[index]) }
        }
        if ran, let first = results[0], let second = results[1] { return (first, second) }
    }
    return (body(halves[0]), body(halves[1]))
}

/// A value that may cross to the pool's worker thread while the posting thread waits
/// for it (see `SharedPointer`).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
}
