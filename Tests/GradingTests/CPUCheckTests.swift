import CPUCheck
import CPUFeatures
import Foundation
import XCTest

@testable import Grading

/// A build that needs CPU features the running machine lacks is told apart from a crash:
/// the comparison itself (with simulated CPUs), this build on this machine, and how the
/// grader reports a learner process that found it was built for another CPU.
final class CPUCheckTests: XCTestCase {
    /// Haswell's level (x86-64-v3), the portable default of Package.swift.
    static let portableLevel = [
        "SSE3", "SSSE3", "SSE4.1", "SSE4.2", "POPCNT", "CX16", "AVX",
        "AVX2", "FMA", "F16C", "BMI1", "BMI2", "LZCNT", "MOVBE",
    ]
    /// A 2011 Sandy Bridge: AVX, but no AVX2, FMA, F16C, BMI, LZCNT or MOVBE.
    static let sandyBridge = ["SSE3", "SSSE3", "SSE4.1", "SSE4.2", "POPCNT", "CX16", "AVX"]

    /// The feature set with these names (every name must be known).
    func features(_ names: [String]) -> UInt64 {
        var set: UInt64 = 0
        for bit in 0..<64 {
            let name = CPUCheck.featureNames(1 << UInt64(bit)).first
            if let name, names.contains(name) { set |= 1 << UInt64(bit) }
        }
        XCTAssertEqual(CPUCheck.featureNames(set).count, names.count, "unknown name in \(names)")
        return set
    }

    func testAnOlderCPULacksWhatThePortableLevelAssumes() {
        let missing = CPUCheck.missingFeatures(
            assumed: features(Self.portableLevel),
            present: features(Self.sandyBridge))
        XCTAssertEqual(missing, ["AVX2", "FMA", "F16C", "BMI1", "BMI2", "LZCNT", "MOVBE"])
    }

    func testACPUWithMoreThanTheBuildAssumedLacksNothing() {
        let zen5 = Self.portableLevel + ["AVX512F", "AVX512BW", "AVX512DQ", "AVX512VL", "GFNI"]
        XCTAssertEqual(
            CPUCheck.missingFeatures(
                assumed: features(Self.portableLevel),
                present: features(zen5)), [])
        // A native build on that machine, copied to a Haswell: its AVX-512 is missing.
        XCTAssertEqual(
            CPUCheck.missingFeatures(
                assumed: features(zen5),
                present: features(Self.portableLevel)),
            ["AVX512F", "AVX512BW", "AVX512DQ", "AVX512VL", "GFNI"])
    }

    func testTheExplanationNamesTheProgramWhatIsMissingAndTheRebuild() {
        let line = CPUCheck.explanation(program: "grader", missing: ["AVX2", "FMA"], native: false)
        XCTAssertTrue(line.hasPrefix("grader: this grader was \(CPUCheck.marker)"), line)
        XCTAssertTrue(line.contains("x86-64-v3"), line)
        XCTAssertTrue(line.contains("lacks AVX2, FMA."), line)
        XCTAssertTrue(line.contains("RNNCAPTIONING_NATIVE=1 swift build"), line)
        XCTAssertFalse(line.contains("\n"), "one line")
    }

    // MARK: This build, on this machine

    func testThisBuildRunsOnThisMachine() {
        XCTAssertEqual(CPUCheck.missingOnThisMachine(), [])
        let assumed = rnn_cpu_features_assumed()
        XCTAssertEqual(assumed & ~rnn_cpu_features_present(), 0)
    }

    func testTheDefaultBuildAssumesExactlyThePortableLevel() throws {
        #if arch(x86_64)
        // The C target is compiled with the Swift modules' level: its macros are the proof
        // that a default build uses Haswell's level and not this machine's (AVX-512 here).
        guard rnn_cpu_build_is_native() == 0 else {
            throw XCTSkip("built with RNNCAPTIONING_NATIVE=1")
        }
        XCTAssertEqual(CPUCheck.featureNames(rnn_cpu_features_assumed()), Self.portableLevel)
        #else
        XCTAssertEqual(rnn_cpu_features_assumed(), 0)
        #endif
    }

    // MARK: How the grader reports it

    func testALearnerProcessBuiltForAnotherCPUIsNotReportedAsACrash() {
        let line = CPUCheck.explanation(
            program: "learner-process", missing: ["AVX2"], native: false)
        let report = CrashReport(standardError: "\(line)\n", codeFolders: ["Exercises"])
        let message = report.anotherCPUMessage(exitStatus: CPUCheck.exitStatus)
        XCTAssertEqual(
            message,
            "the grader was built for another CPU (not a problem in your code): "
                + line)
        // Only that exit, with that line, is a build problem.
        XCTAssertNil(report.anotherCPUMessage(exitStatus: 1))
        XCTAssertNil(report.anotherCPUMessage(exitStatus: nil))
        XCTAssertNil(
            CrashReport(
                standardError: "Fatal error: Index out of range\n",
                codeFolders: ["Exercises"]
            )
            .anotherCPUMessage(exitStatus: CPUCheck.exitStatus))
    }

    func testTheSessionSaysBuiltForAnotherCPUWhenTheLearnerProcessExitsSo() throws {
        // A stand-in learner process that does what CPUCheck does on a CPU that lacks AVX2.
        signal(SIGPIPE, SIG_IGN)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cpucheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("learner-process")
        let line = CPUCheck.explanation(
            program: "learner-process", missing: ["AVX2"], native: false)
        let said = folder.appendingPathComponent("line.txt")
        try "\(line)\n".write(to: said, atomically: true, encoding: .utf8)
        try "#!/bin/sh\ncat '\(said.path)' >&2\nexit \(CPUCheck.exitStatus)\n"
            .write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: program.path)
        let launch = LearnerLaunch(
            executable: program, implementation: "exercises",
            codeFolders: ["Exercises"])
        XCTAssertThrowsError(try LearnerSession(launch, timeout: 30)) { error in
            let message = (error as? LearnerProcessEnded)?.message ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("the grader was built for another CPU"), message)
            XCTAssertTrue(message.contains("lacks AVX2"), message)
            XCTAssertFalse(message.contains("trap"), message)
        }
    }
}
