import XCTest

@testable import Tensor

/// The C register tiles the Float product picks at run time (GEMMKernelChoice.swift) must
/// give the Swift tiles' results bit for bit, on every path: full and edge tiles, the
/// rows kernel, the strip product of a few rows, the skinny A·Bᵀ product with and without
/// a tail of k, packed B, one thread and two. And a forced kernel that cannot run must
/// fall back with a clear message.
final class GEMMKernelChoiceTests: XCTestCase {
    /// (m, n, k): edge tiles in both directions, 1–7 leftover rows, several k blocks,
    /// skinny products (m ≤ 32) over several chunks of k and with k below one vector, and
    /// products split over two threads along n and along m.
    private let sizes: [(Int, Int, Int)] = [
        (8, 32, 40), (9, 33, 40), (15, 31, 300), (25, 512, 40), (31, 47, 300),
        (3, 70, 520), (21, 600, 9), (25, 40, 2100), (32, 130, 257), (33, 100, 64),
        (100, 64, 513), (200, 130, 257), (130, 2, 600), (64, 2100, 20), (20, 700, 301),
        // The strip path (A·B with at most 28 rows, StripGEMM.swift): every row count's
        // own kernel, a strip narrower than 16, one strip, two threads.
        (1, 17, 33), (28, 5, 700), (27, 2100, 513), (2, 16, 1), (12, 48, 70), (26, 31, 1000),
    ]

    /// Fails naming the first element whose bits differ, and how many do.
    private func assertSameBits(
        _ c: [Float], _ expected: [Float], _ context: String, line: UInt = #line
    ) {
        XCTAssertEqual(c.count, expected.count, context, line: line)
        let differing = c.indices.filter {
            $0 >= expected.count || c[$0].bitPattern != expected[$0].bitPattern
        }
        if let first = differing.first {
            XCTFail(
                "\(context): \(differing.count) of \(c.count) elements differ, first [\(first)] "
                    + "\(c[first]) instead of \(expected[first])", line: line)
        }
    }

    func testEverySupportedKernelGivesTheSwiftKernelsBits() throws {
        let kernels = FloatGEMMKernel.supportedKernels.filter { $0 != .swift }
        try XCTSkipIf(kernels.isEmpty, "this CPU runs only the Swift kernel")
        var generator = SeededGenerator(seed: 21)
        for (m, n, k) in sizes {
            let a = Tensor<Float>.randomNormal(shape: [m * k], using: &generator).scalars
            let b = Tensor<Float>.randomNormal(shape: [k * n], using: &generator).scalars
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let packed = packedRightOperand(b, k: k, n: n, transposed: transposeB)
                    for packedB in [nil, packed] {
                        let expected = floatMatrixProduct(
                            a, b, m: m, n: n, k: k, transposeA: transposeA,
                            transposeB: transposeB, packedB: packedB, kernel: .swift)
                        for kernel in kernels {
                            let c = floatMatrixProduct(
                                a, b, m: m, n: n, k: k, transposeA: transposeA,
                                transposeB: transposeB, packedB: packedB, kernel: kernel)
                            assertSameBits(
                                c, expected,
                                "\(kernel) \(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB) "
                                    + "packed \(packedB != nil)")
                        }
                    }
                }
            }
        }
    }

    /// Accumulating onto C (the second k block onwards) and zero products: a -0 must stay
    /// what the Swift kernel makes of it.
    func testSignedZerosMatchTheSwiftKernel() throws {
        let kernels = FloatGEMMKernel.supportedKernels.filter { $0 != .swift }
        try XCTSkipIf(kernels.isEmpty, "this CPU runs only the Swift kernel")
        for (m, n, k) in [(16, 64, 600), (25, 40, 40)] {
            let a = (0..<(m * k)).map { $0 % 3 == 0 ? Float(-0.0) : Float(0) }
            let b = (0..<(k * n)).map { $0 % 5 == 0 ? Float(1) : Float(-1) }
            for transposeB in [false, true] {
                let expected = floatMatrixProduct(
                    a, b, m: m, n: n, k: k, transposeA: false, transposeB: transposeB,
                    kernel: .swift)
                for kernel in kernels {
                    let c = floatMatrixProduct(
                        a, b, m: m, n: n, k: k, transposeA: false, transposeB: transposeB,
                        kernel: kernel)
                    assertSameBits(c, expected, "\(kernel) \(m)×\(n)×\(k)")
                }
            }
        }
    }

    func testTheSelectedKernelIsTheBestSupportedUnlessForced() {
        XCTAssertEqual(FloatGEMMKernel.supportedKernels.first, .swift)
        let forced = ProcessInfo.processInfo.environment[FloatGEMMKernel.environmentVariable]
        if forced == nil {
            XCTAssertEqual(FloatGEMMKernel.selected, FloatGEMMKernel.supportedKernels.last)
        }
        XCTAssertTrue(FloatGEMMKernel.supportedKernels.contains(FloatGEMMKernel.selected))
    }

    func testAForcedKernelIsTakenWhenSupported() {
        let all = FloatGEMMKernel.allCases
        for kernel in all {
            let choice = FloatGEMMKernel.choose(forced: kernel.rawValue, supported: all)
            XCTAssertEqual(choice.kernel, kernel)
            XCTAssertNil(choice.warning)
        }
        for unset in [nil, "", "auto"] {
            let choice = FloatGEMMKernel.choose(forced: unset, supported: [.swift, .avx2])
            XCTAssertEqual(choice.kernel, .avx2)
            XCTAssertNil(choice.warning)
        }
    }

    func testAnUnknownKernelFallsBackWithAMessage() {
        let choice = FloatGEMMKernel.choose(forced: "avx1024", supported: [.swift, .avx2])
        XCTAssertEqual(choice.kernel, .avx2)
        XCTAssertEqual(
            choice.warning,
            "RNNCAPTIONING_KERNEL=avx1024 is not a matrix-product kernel (one of swift, avx2, "
                + "avx512, auto); using avx2")
    }

    func testAnUnsupportedKernelFallsBackNamingWhatIsMissing() throws {
        let choice = FloatGEMMKernel.choose(forced: "avx512", supported: [.swift])
        XCTAssertEqual(choice.kernel, .swift)
        let warning = try XCTUnwrap(choice.warning)
        XCTAssertTrue(warning.hasPrefix("RNNCAPTIONING_KERNEL=avx512: "), warning)
        XCTAssertTrue(warning.hasSuffix("; using swift"), warning)
        XCTAssertEqual(
            FloatGEMMKernel.avx512.missingFeatures(present: 0), ["FMA", "AVX512F", "AVX512VL"])
        XCTAssertEqual(FloatGEMMKernel.avx2.missingFeatures(present: 1 << 7), ["FMA"])
        XCTAssertEqual(FloatGEMMKernel.swift.missingFeatures(present: 0), [])
    }
}
