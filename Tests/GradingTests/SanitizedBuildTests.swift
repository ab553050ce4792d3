import Foundation
import XCTest

@testable import Grading
@testable import LearnerProcess

#if canImport(Glibc)
import Glibc
#endif

/// What lets the grader work in a build with AddressSanitizer or ThreadSanitizer
/// (scripts/sanitize): the learner's data limit counted from the memory already mapped
/// (the sanitizer's shadow), and the sanitizer's report read as the crash's message.
final class SanitizedBuildTests: XCTestCase {
    func testTheSanitizersHeadlineIsTheCrashMessage() {
        let standardError = """
            =================================================================
            ==4242==ERROR: AddressSanitizer: out of memory: allocator is trying to allocate 0x40000020 bytes
                #0 0x55d0c0 in malloc
            SUMMARY: AddressSanitizer: out-of-memory
            """
        let report = CrashReport(standardError: standardError, codeFolders: ["Mistakes"])
        XCTAssertEqual(
            report.message,
            "AddressSanitizer: out of memory: allocator is trying to allocate 0x40000020 bytes")
    }

    func testSwiftsOwnMessageStillComesFirst() {
        let standardError = """
            Mistakes/Survival.swift:84: Fatal error: not finished
            ==4242==ERROR: AddressSanitizer: SEGV on unknown address
            """
        let report = CrashReport(standardError: standardError, codeFolders: ["Mistakes"])
        XCTAssertEqual(report.message, "Fatal error: not finished")
    }

    /// The sanitizer's settings reach a learner process in a sanitized build only: a normal
    /// grader gives the learner nothing of its environment.
    func testSanitizerSettingsReachTheLearnerOnlyInASanitizedBuild() {
        let name = "TSAN_OPTIONS"
        let setHere = getenv(name) == nil
        if setHere { setenv(name, "halt_on_error=1", 1) }
        defer { if setHere { unsetenv(name) } }
        let launch = LearnerLaunch(
            executable: URL(fileURLWithPath: "/bin/true"),
            implementation: "solutions", codeFolders: [])
        let environment = launch.environment(scratch: "/nonexistent")
        XCTAssertEqual(
            environment.contains { $0.hasPrefix(name + "=") },
            SanitizerRuntime.linked != nil, "\(environment)")
        // Swift's crash backtracer is on, except where it cannot run.
        XCTAssertEqual(
            environment.contains("SWIFT_BACKTRACE=enable=no"),
            SanitizerRuntime.linked == .thread, "\(environment)")
        XCTAssertEqual(environment.filter { $0.hasPrefix("SWIFT_BACKTRACE=") }.count, 1)
    }

    /// Default time limits stretch by the sanitizer's slowdown (none in a plain build);
    /// limits a user or a course gave stay as given.
    func testDefaultTimeLimitsScaleWithTheSanitizer() {
        let factor = SanitizerRuntime.linked.map(\.slowdown) ?? 1
        XCTAssertEqual(SanitizerRuntime.timeLimitFactor, factor)
        XCTAssertGreaterThan(SanitizerRuntime.thread.slowdown, SanitizerRuntime.address.slowdown)
        XCTAssertGreaterThan(SanitizerRuntime.address.slowdown, 1)
        XCTAssertEqual(CheckRunner.defaultBudget, 600 * factor)
        let check = Check(
            "example", original: "example", fixture: nil, timeout: 20, summary: "example"
        ) { _ in [] }
        func runner(override: Double?, course: [String: Double]) -> CheckRunner {
            CheckRunner(
                launch: LearnerLaunch(
                    executable: URL(fileURLWithPath: "/bin/true"),
                    implementation: "solutions", codeFolders: []),
                fixtures: FixtureStore(candidates: [:]), timeoutOverride: override,
                timeouts: course, budget: 1, referenceLoss: nil)
        }
        XCTAssertEqual(runner(override: nil, course: [:]).timeLimit(of: check), 20 * factor)
        XCTAssertEqual(runner(override: nil, course: ["example": 7]).timeLimit(of: check), 7)
        XCTAssertEqual(runner(override: 3, course: ["example": 7]).timeLimit(of: check), 3)
    }

    #if os(Linux)
    /// The measure the data limit is counted from sees memory as it is mapped.
    func testMappedDataCountsANewPrivateMapping() throws {
        let before = Confinement.mappedDataBytes()
        XCTAssertGreaterThan(before, 0)
        let size = 64 << 20
        let mapping = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        XCTAssertNotEqual(mapping, MAP_FAILED)
        defer { munmap(mapping, size) }
        XCTAssertGreaterThanOrEqual(Confinement.mappedDataBytes() - before, size)
    }
    #endif
}
