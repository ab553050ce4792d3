import CAtomics
import Dispatch
import Foundation

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
/// more than a whole 100×128×128 product; posting to a spinning worker through an atomic
/// word costs 0.3–2 µs (docs/PERFORMANCE.md). The worker spins only for a short while
/// after each job (`spinNanoseconds`), then sleeps on a semaphore, so an idle process
/// does not keep a core busy.
///
/// The atomics are the C11 operations of the package's CAtomics shim (the toolchain's
/// `Synchronization.Atomic` needs macOS 15); the measurements behind the choice are in
/// docs/PERFORMANCE.md.
///
/// If the pool is already running a job (another thread is multiplying, or a product
/// is nested inside a job) `run` returns false and the caller does the work alone.
/// (`@unchecked Sendable`: its words are only touched through atomics, `job` only under
/// `jobLock`.)
final class ForkJoinPool: @unchecked Sendable {
    /// The pool of the matrix products; `nil` on a single-core machine or when the
    /// environment variable `RNNCAPTIONING_THREADS` is `1`.
    static let shared: ForkJoinPool? = {
        let requested = ProcessInfo.processInfo.environment["RNNCAPTIONING_THREADS"]
            .flatMap { Int($0) }
        let threads = requested ?? ProcessInfo.processInfo.activeProcessorCount
        return threads >= 2 ? ForkJoinPool() : nil
    }()

    /// How long the worker busy-waits after a job before it goes to sleep: meant to cover
    /// the gap between the products of consecutive recurrent time steps (tens of µs).
    /// Measured in time, not iterations, because one pause instruction takes from a few
    /// nanoseconds to ~200 ns depending on the CPU and the hypervisor.
    private static let spinNanoseconds: UInt64 = 50_000
    /// Spins between two looks at the clock (a clock read costs about as much as a pause).
    private static let spinsPerClockRead = 16

    /// The pool's atomic words, at fixed addresses for the pool's lifetime (an atomic
    /// must not move), each on a cache line of its own: see `Word`.
    private let words: UnsafeMutableRawPointer
    /// The distance between two words: two 64-byte lines (x86 cores fetch lines in adjacent
    /// pairs), so a word a thread spins on shares its line with no other word and with
    /// nothing else the allocator hands out, whose writes would pull the line away from
    /// the spinning thread. (A precaution: no measurement isolated its effect here.)
    private static let wordStride = 128
    private let wakeUp = DispatchSemaphore(value: 0)
    private let jobLock = NSLock()
    /// The posted job; guarded by `jobLock`.
    private var job: (@Sendable () -> Void)?

    /// The atomic words: 1 while a job runs; the number of jobs posted; the number of the
    /// last job the worker finished; 1 while the worker sleeps (or is about to); the number
    /// of the last job whose part 1 a thread took (the worker, or the poster: `run`).
    private enum Word: Int, CaseIterable {
        case busy, posted, finished, sleeping, claimed
    }

    private init() {
        words = .allocate(
            byteCount: Word.allCases.count * Self.wordStride,
            alignment: Self.wordStride)
        for name in Word.allCases {
            (words + name.rawValue * Self.wordStride).initializeMemory(
                as: Int.self, repeating: 0,
                count: 1)
        }
        let thread = Thread { [self] in self.workerLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        // Never reached (the shared pool lives as long as the process, and its worker
        // holds it), but the words are released with their owner all the same.
        words.deallocate()
    }

    private func word(_ name: Word) -> UnsafeMutablePointer<Int> {
        (words + name.rawValue * Self.wordStride).assumingMemoryBound(to: Int.self)
    }

    /// Runs `part(0)` on the calling thread and `part(1)` on the worker, and returns when
    /// both are done. Returns false, running nothing, if the pool is in use.
    ///
    /// Never inlined: the products call it, and it must not change how they are optimised.
    /// A measurement build whose `run` was inlined there (with an environment lookup in
    /// its loops) made the Float matrix product ~6× slower (docs/PERFORMANCE.md).
    ///
    /// Part 1 goes to whichever thread takes it first: the worker, or this thread once part
    /// 0 is done. So a worker that is not running (its core given to another process, or
    /// asleep) never holds the product up, and the parts are the same either way, so the
    /// results are too. Why: with one busy process beside it on this 2-core machine, the
    /// rnn step at N = 25 went from 5.7 ms to 12–18 ms, slower than on one thread
    /// (10.6 ms), because every product waited for a worker that was not running
    /// (docs/PERFORMANCE.md).
    @inline(never)
    func run(_ part: @escaping @Sendable (Int) -> Void) -> Bool {
        guard rnn_atomic_compare_exchange_acquire(word(.busy), 0, 1) else { return false }
        jobLock.withLock { job = { part(1) } }
        let generation = rnn_atomic_add_sequential(word(.posted), 1)
        if rnn_atomic_exchange_sequential(word(.sleeping), 0) != 0 { wakeUp.signal() }
        part(0)
        // A plain load first: when the worker has taken part 1 (the usual case), a failing
        // compare-exchange would still pull the word's cache line over from its core.
        if rnn_atomic_load_acquire(word(.claimed)) == generation - 1,
            rnn_atomic_compare_exchange_acquire(word(.claimed), generation - 1, generation)
        {
            part(1)
        } else {
            waitForWorker(generation)
        }
        jobLock.withLock { job = nil }
        rnn_atomic_store_release(word(.busy), 0)
        return true
    }

    /// Waits for the worker to finish job `generation`: spinning for `spinNanoseconds`,
    /// then giving the core away between looks, in case the worker is waiting for it.
    /// (Yielding after 5 µs instead made the rnn N25 step 1.3× slower on an idle machine.)
    private func waitForWorker(_ generation: Int) {
        var spins = 0
        let spinEnd = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
        while rnn_atomic_load_acquire(word(.finished)) != generation {
            spins += 1
            if spins % Self.spinsPerClockRead != 0 || DispatchTime.now().uptimeNanoseconds < spinEnd
            {
                rnn_spin_pause()
            } else {
                sched_yield()
            }
        }
    }

    private func workerLoop() {
        var seen = 0
        while true {
            var spins = 0
            var spinEnd = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
            while rnn_atomic_load_acquire(word(.posted)) == seen {
                spins += 1
                if spins % Self.spinsPerClockRead != 0
                    || DispatchTime.now().uptimeNanoseconds < spinEnd
                {
                    rnn_spin_pause()
                    continue
                }
                // Announce the sleep, then re-check: a job posted in between either sees
                // the flag (and signals) or is seen here.
                rnn_atomic_store_sequential(word(.sleeping), 1)
                if rnn_atomic_load_sequential(word(.posted)) != seen {
                    // If the poster already took the flag it also signalled: consume that.
                    if rnn_atomic_exchange_sequential(word(.sleeping), 0) == 0 {
                        wakeUp.wait()
                    }
                    break
                }
                wakeUp.wait()
                spins = 0
                spinEnd = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
            }
            seen = rnn_atomic_load_acquire(word(.posted))
            // The poster may have taken part 1 itself (`run`): then there is nothing to do.
            if rnn_atomic_compare_exchange_acquire(word(.claimed), seen - 1, seen) {
                runPostedJob()
                rnn_atomic_store_release(word(.finished), seen)
            }
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
        let work = jobLock.withLock { job }
        work?()
    }
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
    // A tuple, not an array: small tensors pass here on every operation, and an array
    // was a heap allocation each time.
    let halves = (0..<middle, middle..<count)
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
            return pool.run { index in
                shared.base[index] = part.value(index == 0 ? halves.0 : halves.1)
            }
        }
        if ran, let first = results[0], let second = results[1] { return (first, second) }
    }
    return (body(halves.0), body(halves.1))
}

/// `inHalves` for a pass that returns nothing (it writes its output through pointers):
/// the same halves on the same threads, without a result to carry.
///
/// Why a function of its own: `inHalves` is generic in its result, and the debug builds
/// learners run compile each file apart, so a call from another file cannot be
/// specialised and looked up the metadata of `R?` at run time on every call (perf of the
/// grader's numeric gradients of small Double models: 4 % of their time).
func forEachHalf(
    of count: Int, parallelFrom minimumCount: Int, _ body: (Range<Int>) -> Void
) {
    let middle = count / 2
    let halves = (0..<middle, middle..<count)
    if count >= minimumCount, let pool = ForkJoinPool.shared {
        let ran = withoutActuallyEscaping(body) { body in
            let part = UncheckedSendable(value: body)
            return pool.run { index in part.value(index == 0 ? halves.0 : halves.1) }
        }
        if ran { return }
    }
    body(halves.0)
    body(halves.1)
}

/// A value that may cross to the pool's worker thread while the posting thread waits
/// for it (see `SharedPointer`).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
}
