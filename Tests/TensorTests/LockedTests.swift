import Dispatch
import Tensor
import XCTest

final class LockedTests: XCTestCase {
    func testWithLockReturnsTheBodysResultAndKeepsTheChange() {
        let counter = Locked(41)
        let seen = counter.withLock { value -> Int in
            value += 1
            return value
        }
        XCTAssertEqual(seen, 42)
        XCTAssertEqual(counter.withLock { $0 }, 42)
    }

    func testConcurrentChangesAreNeverLost() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        XCTAssertEqual(counter.withLock { $0 }, 80_000)
    }

    func testAThrowingBodyLeavesTheLockFree() {
        struct Refused: Error {}
        let value = Locked("kept")
        XCTAssertThrowsError(try value.withLock { _ in throw Refused() })
        // A lock left held would deadlock here.
        XCTAssertEqual(value.withLock { $0 }, "kept")
    }
}
