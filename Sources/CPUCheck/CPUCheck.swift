import CPUFeatures

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells "this program was built for another CPU" apart from a crash.
///
/// On x86-64 an instruction the CPU lacks and a Swift runtime trap (`ud2`) both end the
/// process with SIGILL, so the signal alone cannot say whose fault it is. The numeric
/// modules are compiled for one CPU level (Package.swift: Haswell's by default, the
/// building machine's with `RNNCAPTIONING_NATIVE=1`); the executables call
/// `exitIfBuiltForAnotherCPU` first, before any of that code runs, and a learner process
/// that exits this way is reported by the grader as a build problem, never as the
/// learner's crash.
///
/// This module is compiled without the CPU level (no `optimised` settings), so it runs on
/// any x86-64 CPU; so does its C half (CPUFeatures.c).
public enum CPUCheck {
    /// The exit status of a program that found it was built for another CPU: distinct
    /// from the grader's 0, 1 and 2 and from the learner process's 2 and 3.
    public static let exitStatus: Int32 = 86

    /// The words that start the line such a program writes on standard error.
    public static let marker = "built for another CPU"

    /// The names of the features in `assumed` that `present` lacks, in a fixed order.
    public static func missingFeatures(assumed: UInt64, present: UInt64) -> [String] {
        featureNames(assumed & ~present)
    }

    /// The names of the features in `set` ("AVX2"), in bit order.
    public static func featureNames(_ set: UInt64) -> [String] {
        (0..<Int(RNN_CPU_FEATURE_COUNT)).compactMap { bit in
            guard set & (1 << UInt64(bit)) != 0, let name = rnn_cpu_feature_name(Int32(bit))
            else { return nil }
            return String(cString: name)
        }
    }

    /// The features this build assumed that the running CPU lacks (empty when it may run).
    public static func missingOnThisMachine() -> [String] {
        missingFeatures(assumed: rnn_cpu_features_assumed(), present: rnn_cpu_features_present())
    }

    /// The one line a program built for another CPU prints: what it needs, what this
    /// machine lacks, and how to rebuild.
    public static func explanation(program: String, missing: [String], native: Bool) -> String {
        let level =
            native
            ? "the CPU of the machine that built it (RNNCAPTIONING_NATIVE=1)"
            : "the portable x86-64-v3 level (AVX2, FMA)"
        return "\(program): this \(program) was \(marker): it was compiled for \(level); this "
            + "machine lacks \(missing.joined(separator: ", ")). Rebuild it here for this "
            + "machine's own CPU: RNNCAPTIONING_NATIVE=1 swift build"
    }

    /// Exits with `exitStatus` and the explanation on standard error when the build needs
    /// a feature the running CPU lacks; returns otherwise.
    public static func exitIfBuiltForAnotherCPU(program: String) {
        let missing = missingOnThisMachine()
        guard !missing.isEmpty else { return }
        let line =
            explanation(
                program: program, missing: missing,
                native: rnn_cpu_build_is_native() != 0) + "\n"
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(exitStatus)
    }
}
