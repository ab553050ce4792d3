import CKernels
import CPUFeatures
import Foundation

/// The register tiles the Float matrix product can run, and the one this process runs.
///
/// The default build is compiled for Haswell's instruction set so that it runs on any
/// x86-64 CPU since 2013 (Package.swift). The Swift tile (`floatMicroKernel`, 16
/// `SIMD16<Float>` accumulators) was written for AVX-512's 32 registers; compiled for
/// Haswell it needs 32 of the 16 ymm registers and spills. So, like OpenBLAS, the product
/// picks its tile when the process starts: the AVX-512 or AVX2 tiles of the CKernels C
/// target (compiled for their level function by function, reached only through this
/// check), or the Swift one elsewhere (arm64, or an x86-64 CPU without AVX2 and FMA, which
/// a default build does not run on anyway). Every choice gives the same results bit for
/// bit (docs/PERFORMANCE.md, "Run-time kernel choice").
///
/// `RNNCAPTIONING_KERNEL=swift|avx2|avx512` forces one (tests and benchmarks); a value
/// that is not a kernel, or one the CPU cannot run, is reported on standard error and
/// replaced by the best the CPU runs.
package enum FloatGEMMKernel: String, CaseIterable, Sendable {
    /// The Swift tiles (GEMMKernels.swift, GEMMRowKernels.swift, SkinnyGEMM.swift).
    case swift
    /// The C tiles for AVX2 and FMA (CKernels, 256-bit registers).
    case avx2
    /// The C tiles for AVX-512 (CKernels, 512-bit registers).
    case avx512

    /// The environment variable that forces a kernel.
    package static let environmentVariable = "RNNCAPTIONING_KERNEL"

    /// The kernel of every Float product in this process: chosen at the first product,
    /// once, from the CPU and `RNNCAPTIONING_KERNEL`.
    package static let selected: FloatGEMMKernel = {
        let choice = choose(
            forced: ProcessInfo.processInfo.environment[environmentVariable],
            supported: supportedKernels)
        if let warning = choice.warning {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        return choice.kernel
    }()

    /// The kernels this CPU and its operating system can run, best last (always `swift`).
    package static let supportedKernels: [FloatGEMMKernel] = allCases.filter {
        $0.missingFeatures(present: rnn_cpu_features_present()).isEmpty
            && ($0 == .swift || rnn_ckernels_available() != 0)
    }

    /// The CPU features (CPUFeatures' bit numbers) a kernel needs.
    private var requiredFeatureBits: [Int32] {
        switch self {
        case .swift: []
        case .avx2: [7, 8]  // AVX2, FMA
        case .avx512: [8, 14, 18]  // FMA, AVX512F, AVX512VL
        }
    }

    /// The names of the features a kernel needs that `present` (CPUFeatures' bits) lacks.
    func missingFeatures(present: UInt64) -> [String] {
        requiredFeatureBits.filter { present & (1 << UInt64($0)) == 0 }.map { bit in
            rnn_cpu_feature_name(bit).map { String(cString: $0) } ?? "feature \(bit)"
        }
    }

    /// The kernel to run when `forced` (the environment variable's value, if set) asks for
    /// one, given the `supported` kernels (best last), and a warning when the request
    /// cannot be met. An empty value or `auto` asks for the best.
    static func choose(
        forced: String?, supported: [FloatGEMMKernel]
    ) -> (kernel: FloatGEMMKernel, warning: String?) {
        let best = supported.last ?? .swift
        guard let forced, !forced.isEmpty, forced != "auto" else { return (best, nil) }
        guard let requested = FloatGEMMKernel(rawValue: forced) else {
            let names = (allCases.map(\.rawValue) + ["auto"]).joined(separator: ", ")
            return (
                best,
                "\(environmentVariable)=\(forced) is not a matrix-product kernel (one of "
                    + "\(names)); using \(best.rawValue)"
            )
        }
        guard supported.contains(requested) else {
            let missing = requested.missingFeatures(present: rnn_cpu_features_present())
            let reason =
                missing.isEmpty
                ? "this build has no \(requested.rawValue) kernel (not x86-64)"
                : "this CPU (or its operating system) lacks "
                    + missing.joined(separator: ", ")
            return (
                best,
                "\(environmentVariable)=\(forced): \(reason); using \(best.rawValue)"
            )
        }
        return (requested, nil)
    }
}
