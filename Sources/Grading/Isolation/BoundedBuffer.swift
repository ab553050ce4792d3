import Foundation

/// Collects a child's output, keeping only its first and last bytes, so a learner's
/// endless printing cannot exhaust the grader's memory.
final class BoundedBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var head = Data()
    private var tail = Data()
    private var dropped = 0
    private let limit: Int

    init(limit: Int = 32 * 1024) { self.limit = limit }

    func append(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        if head.count < limit {
            let room = limit - head.count
            head.append(chunk.prefix(room))
            if chunk.count <= room { return }
            tail.append(chunk.dropFirst(room))
        } else {
            tail.append(chunk)
        }
        if tail.count > limit {
            dropped += tail.count - limit
            tail = Data(tail.suffix(limit))
        }
    }

    /// The kept text, with a marker where bytes were dropped.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        let middle = dropped > 0 ? "\n[… \(dropped) bytes not kept …]\n" : ""
        return String(decoding: head, as: UTF8.self) + middle + String(decoding: tail, as: UTF8.self)
    }

    /// The total number of bytes seen.
    var totalBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return head.count + tail.count + dropped
    }
}
