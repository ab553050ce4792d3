// swift-tools-version:6.0
// RNNCaptioning: the CS231n "Image Captioning with RNNs" assignment as a Swift kit.
// Packages: none. Only the Swift toolchain (Foundation, Dispatch, XCTest).
// Tools-version 6.0 on purpose (Xcode 16 builds it); 6.2 would allow `unsafeFlags` in a
// dependency but needs Xcode 26: README, "Platforms and CPU level".
import PackageDescription

/// The numeric modules are optimised in every build configuration, debug included,
/// because learners run `swift run grader` and `swift test` (debug builds) many times
/// an hour. `-O` (not `-Ounchecked`) keeps Swift's bounds and overflow checks, so a
/// learner's out-of-range index still traps with a message the grader can report.
/// `-fno-math-errno` applies to the C shim behind `Float.squareRoot()`: with errno, every
/// square root (even in `SIMD16<Float>`) is a scalar `sqrtss` plus a branch to `sqrtf`
/// for negative inputs; without it one `vsqrtps` serves 16 lanes. Swift never reads
/// errno, and a negative input gives NaN either way.
/// `-swiftmergefunc-threshold` out of reach turns off Swift's LLVM pass that merges
/// near-identical functions: it merged the Float and Double specialisations of a function
/// into one that takes the type as an argument, which then looked up generic metadata on
/// every call (perf of the numeric gradients of small Double models, in a debug build:
/// `_swift_getGenericMetadata` and its caches 14 %, 3 % after; with `forEachHalf` in
/// Sources/Tensor/ThreadPool.swift, the loss of a small lstm model 190 → 176 µs).
///
/// The CPU level (x86-64; arm64 has fused multiply-add in its base instruction set and
/// needs no flag). By default a portable one, Haswell's instruction set: the x86-64-v3
/// level (AVX2, FMA, BMI; every x86-64 server CPU since 2013-2015; this toolchain does not
/// take the level's own name), so a build copied to another host (the autograder image,
/// built once and run on many hosts) runs there. The plain x86-64 baseline has no FMA:
/// every multiply-add becomes a call, and the overfit checks took over ten times as long.
/// `RNNCAPTIONING_NATIVE=1` compiles for the building machine instead (`-target-cpu
/// native`: AVX-512 where it has it) for a learner's own builds; the numbers are in
/// docs/PERFORMANCE.md. The CPUFeatures C target is compiled for the same level, so the
/// executables can say "built for another CPU" instead of crashing with SIGILL.
let nativeCPU = Context.environment["RNNCAPTIONING_NATIVE"] == "1"
#if arch(x86_64)
let cpuFlags = ["-target-cpu", nativeCPU ? "native" : "haswell"]
let cCPUFlags = [nativeCPU ? "-march=native" : "-march=haswell"]
#else
let cpuFlags: [String] = []
let cCPUFlags: [String] = []
#endif
let optimised: [SwiftSetting] = [
    .unsafeFlags(
        ["-O", "-Xllvm", "-swiftmergefunc-threshold=1000000000", "-Xcc", "-fno-math-errno"]
            + cpuFlags)
]
/// The C target that reports which CPU level the build assumed (see `cpuFlags`).
let cpuLevel: [CSetting] =
    [.unsafeFlags(cCPUFlags)]
    + (nativeCPU ? [.define("RNNCAPTIONING_NATIVE_BUILD")] : [])
/// Every supported system: macOS 13 and later, and Linux (which has no floor here). The
/// thread pool's atomics come from the CAtomics shim, not the Synchronization module
/// (macOS 15).
let supportedPlatforms: [SupportedPlatform] = [.macOS(.v13)]

let package = Package(
    name: "RNNCaptioning",
    platforms: supportedPlatforms,
    products: [
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Given", targets: ["Given"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Grading", targets: ["Grading"]),
        .library(name: "Showcase", targets: ["Showcase"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Vision", targets: ["Vision"]),
        .executable(name: "grader", targets: ["grader"]),
        .executable(name: "learner-process", targets: ["learner-process"]),
        .executable(name: "instructor-process", targets: ["instructor-process"]),
        .executable(name: "captioning", targets: ["captioning"]),
    ],
    targets: [
        // ── The given half: what learners may import ─────────────────────────────────
        // The thread pool's C11 atomics and spin-wait hint; which CPU a build assumed, and
        // the check the executables run first (compiled for any CPU: no `optimised`).
        .target(name: "CAtomics"),
        .target(name: "CPUFeatures", cSettings: cpuLevel),
        .target(name: "CPUCheck", dependencies: ["CPUFeatures"]),
        // The Float matrix product's register tiles for AVX-512 and AVX2, each function
        // compiled for its level by a `target` attribute (no global CPU flag: nothing else
        // may use those instructions) and called only where the CPU has them
        // (Sources/Tensor/GEMMKernelChoice.swift). -O3 in debug builds too, as `optimised`.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "Tensor", dependencies: ["CAtomics", "CKernels", "CPUFeatures"],
            swiftSettings: optimised),
        // The original's given code: affine and temporal layers, the softmax loss, the
        // initial parameters, the protocols the grader calls, NotImplemented.
        .target(name: "Given", dependencies: ["Tensor"], swiftSettings: optimised),
        .target(name: "Training", dependencies: ["Tensor", "Given"], swiftSettings: optimised),
        .target(name: "Exercises", dependencies: ["Tensor", "Given"], path: "Exercises"),
        // Serves one implementation's functions to the grader over a pipe.
        .target(
            name: "LearnerProcess", dependencies: ["Tensor", "Given", "Training"],
            swiftSettings: optimised),
        // The process that runs a learner's code: Exercises and the given half, no answers.
        .executableTarget(
            name: "learner-process",
            dependencies: ["LearnerProcess", "Exercises", "CPUCheck"]),

        // ── The answers: instructor builds only ─────────────────────────────────────────
        .target(name: "Reference", dependencies: ["Tensor", "Given"], swiftSettings: optimised),
        .target(
            name: "Solutions", dependencies: ["Tensor", "Given"], path: "Solutions",
            swiftSettings: optimised),
        .target(
            name: "Mistakes", dependencies: ["Tensor", "Given", "Solutions"],
            swiftSettings: optimised),
        // The process that runs the instructor's implementations (solutions, reference, the
        // mistake catalogue) for `grader --impl …`.
        // Submissions that attack the grader instead of doing the work (the hostile suite).
        .target(name: "Hostile", dependencies: ["Tensor", "Given"]),
        .executableTarget(
            name: "instructor-process",
            dependencies: [
                "LearnerProcess", "Reference", "Solutions", "Mistakes",
                "Hostile", "CPUCheck",
            ]),

        // ── The grader: the one process that decides a grade ────────────────────────────
        .target(
            name: "Grading",
            dependencies: [
                "Tensor", "Given", "Training", "LearnerProcess",
                "CPUCheck",
            ],
            exclude: ["Fixtures/Data", "Fixtures/README.md", "Stubs"], swiftSettings: optimised),
        // What only an instructor's grader has, because it needs the answers: fixtures
        // generated from Reference, the overfit checks' trusted loss, course releases.
        .target(
            name: "Instructor",
            dependencies: [
                "Grading", "Reference", "Tensor", "Given",
                "LearnerProcess", "Showcase", "Imaging",
            ],
            swiftSettings: optimised),
        // Both programs' command lines: the declarations, the parser, the generated help.
        .target(name: "CommandLineOptions"),
        // A student kit's grader is the same program without Instructor, Mistakes and
        // Hostile (`#if canImport`).
        .executableTarget(
            name: "grader",
            dependencies: [
                "Grading", "Tensor", "Instructor", "Mistakes", "Hostile",
                "CommandLineOptions", "CPUCheck",
            ]),

        // ── Training, sampling and showing (not part of grading) ────────────────────────
        // Pixels: RGB images, rendered Shapes scenes, PNG files (writer, reader, inflate),
        // and the checksums ZIP, PNG and checkpoints share.
        .target(name: "Imaging", dependencies: ["Tensor", "Training"], swiftSettings: optimised),
        .target(
            name: "Benchmarks",
            dependencies: ["Tensor", "Given", "Reference", "Showcase", "CommandLineOptions"],
            swiftSettings: optimised),
        // A small CNN image encoder from pixels: conv2d (im2col), ReLU, max pooling.
        .target(
            name: "Vision", dependencies: ["Tensor", "Given", "Training", "Imaging"],
            swiftSettings: optimised),
        .target(
            name: "Showcase",
            dependencies: ["Tensor", "Given", "Reference", "Training", "Imaging", "Vision"],
            swiftSettings: optimised),
        .executableTarget(
            name: "captioning",
            dependencies: [
                "Showcase", "Training", "Given", "Reference", "Tensor",
                "Exercises", "Solutions", "Benchmarks", "CommandLineOptions", "Imaging",
                "Vision", "CPUCheck",
            ]),
        // Runs untrusted bytes through each reader (npy, npz, checkpoint, fixture and
        // vocabulary JSON, PNG): a libFuzzer target when built by Fuzz/run, a replay tool
        // for the corpora otherwise (Fuzz/README.md).
        .executableTarget(
            name: "fuzz-readers",
            dependencies: ["Showcase", "Grading", "CommandLineOptions", "Imaging"]),
        // Runs single test cases in a child process (the shape-error scenarios).
        .target(name: "ScenarioSupport", path: "Tests/ScenarioSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "ScenarioSupport"]),
        .testTarget(
            name: "ReferenceTests",
            dependencies: ["Reference", "Given", "Tensor", "ScenarioSupport"],
            resources: [.copy("notebook_checks.json")]),
        .testTarget(
            name: "TrainingTests",
            dependencies: ["Training", "Given", "Reference", "Tensor", "ScenarioSupport"]),
        .testTarget(
            name: "ShowcaseTests",
            dependencies: ["Showcase", "Training", "Given", "Reference", "Tensor"],
            resources: [.copy("Resources")]),
        .testTarget(
            name: "ImagingTests", dependencies: ["Imaging", "Training", "Tensor"],
            resources: [.copy("Resources")]),
        .testTarget(
            name: "VisionTests",
            dependencies: ["Vision", "Imaging", "Showcase", "Given", "Tensor", "Training"]),
        .testTarget(
            name: "CommandLineOptionsTests",
            dependencies: ["CommandLineOptions", "Benchmarks"]),
        .testTarget(
            name: "GradingTests",
            dependencies: [
                "Grading", "Instructor", "Showcase", "Given", "Reference", "Solutions",
                "Exercises", "Mistakes", "Hostile", "Tensor", "LearnerProcess",
                "CPUCheck", "CPUFeatures",
            ]),
    ]
)
