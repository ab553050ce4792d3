import Foundation
import XCTest

extension XCTestCase {
    /// Skips the calling scenario unless `environmentKey` is `1`, which only the child
    /// process `ChildScenario.run` starts has: in a normal test run a scenario is reported
    /// as skipped, not counted as a pass it never earned.
    public func skipUnlessArmed(by environmentKey: String) throws {
        try XCTSkipUnless(
            ChildScenario.isArmed(by: environmentKey),
            "a scenario: runs only in the child process ChildScenario.run starts "
                + "with \(environmentKey)=1")
    }
}

extension ChildScenario {
    /// True in the child process `run(_:armedBy:timeout:)` starts with `environmentKey`.
    public static func isArmed(by environmentKey: String) -> Bool {
        ProcessInfo.processInfo.environment[environmentKey] == "1"
    }
}
