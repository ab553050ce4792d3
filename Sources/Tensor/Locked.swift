import Foundation

/// A value that several threads share, read and changed only under its lock.
///
/// The one lock wrapper of the package (the grader's result slots, a learner session's
/// state, the live pids, …): `NSLock` rather than `Synchronization.Mutex`, which needs
/// macOS 15.
package final class Locked<Value> {
    private let lock = NSLock()
    private var value: Value

    /// A lock guarding `value`.
    package init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock, and returns what it returns.
    /// `body` must not call `withLock` on the same instance (the lock is not recursive).
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

// Every access to the value holds the lock; a value that is not itself Sendable could
// still escape `withLock` and be shared unguarded, hence the condition.
extension Locked: @unchecked Sendable where Value: Sendable {}
