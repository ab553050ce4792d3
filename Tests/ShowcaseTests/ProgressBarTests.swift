import XCTest

@testable import Showcase

final class ProgressBarTests: XCTestCase {
    func testPlainLinesWhenNotATerminal() {
        let lines = Lines()
        let bar = ProgressBar(total: 10, interactive: false, plainEvery: 5) { lines.append($0) }
        for i in 1...10 { bar.update(done: i, loss: Double(20 - i), epoch: i / 5) }
        XCTAssertEqual(lines.items.count, 3)  // 1, 5, 10
        XCTAssertTrue(lines.items.allSatisfy { $0.hasPrefix("iteration ") && $0.hasSuffix("\n") })
        XCTAssertTrue(lines.items[2].contains("10/10") && lines.items[2].contains("loss 10.0000"))
        XCTAssertFalse(lines.items.joined().contains("\r"))
    }

    func testRedrawsInPlaceOnATerminal() {
        let lines = Lines()
        let bar = ProgressBar(total: 3, interactive: true) { lines.append($0) }
        for i in 1...3 { bar.update(done: i, loss: 1, epoch: 0) }
        XCTAssertTrue(lines.items.allSatisfy { $0.hasPrefix("\r[") })
        XCTAssertTrue(
            lines.items.last?.contains("3/3") == true && lines.items.last?.hasSuffix("\n") == true)
        XCTAssertEqual(ProgressBar.clock(3725), "1:02:05")
        XCTAssertEqual(ProgressBar.clock(65), "1:05")
    }
}

/// Collects written text.
final class Lines: @unchecked Sendable {
    var items: [String] = []
    func append(_ text: String) { items.append(text) }
}
