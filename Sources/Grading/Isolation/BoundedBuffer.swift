import Foundation
import Tensor

/// Collects a child's output, keeping only its first and last bytes, so a learner's
/// endless printing cannot exhaust the grader's memory.
final class BoundedBuffer: Sendable {
    private struct Kept {
        var head = Data()
        var tail = Data()
        var dropped = 0
    }
    private let kept = Locked(Kept())
    private let limit: Int

    init(limit: Int = 32 * 1024) { self.limit = limit }

    func append(_ chunk: Data) {
        kept.withLock { kept in
            if kept.head.count < limit {
                let room = limit - kept.head.count
                kept.head.append(chunk.prefix(room))
                if chunk.count <= room { return }
                kept.tail.append(chunk.dropFirst(room))
            } else {
                kept.tail.append(chunk)
            }
            if kept.tail.count > limit {
                kept.dropped += kept.tail.count - limit
                kept.tail = Data(kept.tail.suffix(limit))
            }
        }
    }

    /// The kept text, with a marker where bytes were dropped.
    var text: String {
        kept.withLock { kept in
            let middle = kept.dropped > 0 ? "\n[… \(kept.dropped) bytes not kept …]\n" : ""
            return String(decoding: kept.head, as: UTF8.self) + middle
                + String(decoding: kept.tail, as: UTF8.self)
        }
    }

    /// The total number of bytes seen.
    var totalBytes: Int { kept.withLock { $0.head.count + $0.tail.count + $0.dropped } }
}
