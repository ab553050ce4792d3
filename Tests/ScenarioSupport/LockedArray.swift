import Foundation

/// An array that several threads append to, guarded by a lock: the tests that run work
/// on several threads at once collect the results in one. (Not the Synchronization
/// module's `Mutex`, which needs macOS 15.)
public final class LockedArray<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    /// An empty array.
    public init() {}

    /// Appends `element`; safe from any thread.
    public func append(_ element: Element) {
        lock.withLock { elements.append(element) }
    }

    /// The elements appended so far, in the order the appends ran.
    public var all: [Element] { lock.withLock { elements } }
}
