// Generated register-tile kernels (see FloatGEMM.swift for the blocking around them).

/// The 8×32 register tile of C += Ã·B̃ (or C = Ã·B̃ when `accumulate` is false, so C
/// need not be zeroed or read first) for Float: 16 `SIMD16<Float>` accumulators
/// live in registers for the whole k loop (AVX-512 has 32 vector registers).
///
/// On x86-64 the product runs the C copies of this tile (Sources/CKernels: AVX-512, or
/// AVX2 in passes that fit 16 registers), chosen at run time (GEMMKernelChoice.swift),
/// since a default build is compiled for Haswell; this one serves other CPUs and
/// `RNNCAPTIONING_KERNEL=swift`, and is what the C tiles must equal bit for bit.
@inline(__always)
func floatMicroKernel(
    _ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool
) {
    @inline(__always) func start(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
        accumulate ? UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
    }
    var c00 = start(c + 0 * ldc + 0)
    var c01 = start(c + 0 * ldc + 16)
    var c10 = start(c + 1 * ldc + 0)
    var c11 = start(c + 1 * ldc + 16)
    var c20 = start(c + 2 * ldc + 0)
    var c21 = start(c + 2 * ldc + 16)
    var c30 = start(c + 3 * ldc + 0)
    var c31 = start(c + 3 * ldc + 16)
    var c40 = start(c + 4 * ldc + 0)
    var c41 = start(c + 4 * ldc + 16)
    var c50 = start(c + 5 * ldc + 0)
    var c51 = start(c + 5 * ldc + 16)
    var c60 = start(c + 6 * ldc + 0)
    var c61 = start(c + 6 * ldc + 16)
    var c70 = start(c + 7 * ldc + 0)
    var c71 = start(c + 7 * ldc + 16)
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = UnsafeRawPointer(pb + 0).loadUnaligned(as: SIMD16<Float>.self)
        let b1 = UnsafeRawPointer(pb + 16).loadUnaligned(as: SIMD16<Float>.self)
        let a0 = SIMD16<Float>(repeating: pa[0])
        c00 = c00.addingProduct(a0, b0)
        c01 = c01.addingProduct(a0, b1)
        let a1 = SIMD16<Float>(repeating: pa[1])
        c10 = c10.addingProduct(a1, b0)
        c11 = c11.addingProduct(a1, b1)
        let a2 = SIMD16<Float>(repeating: pa[2])
        c20 = c20.addingProduct(a2, b0)
        c21 = c21.addingProduct(a2, b1)
        let a3 = SIMD16<Float>(repeating: pa[3])
        c30 = c30.addingProduct(a3, b0)
        c31 = c31.addingProduct(a3, b1)
        let a4 = SIMD16<Float>(repeating: pa[4])
        c40 = c40.addingProduct(a4, b0)
        c41 = c41.addingProduct(a4, b1)
        let a5 = SIMD16<Float>(repeating: pa[5])
        c50 = c50.addingProduct(a5, b0)
        c51 = c51.addingProduct(a5, b1)
        let a6 = SIMD16<Float>(repeating: pa[6])
        c60 = c60.addingProduct(a6, b0)
        c61 = c61.addingProduct(a6, b1)
        let a7 = SIMD16<Float>(repeating: pa[7])
        c70 = c70.addingProduct(a7, b0)
        c71 = c71.addingProduct(a7, b1)
        pa += 8
        pb += 32
    }
    UnsafeMutableRawPointer(c + 0 * ldc + 0).storeBytes(of: c00, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 0 * ldc + 16).storeBytes(of: c01, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 1 * ldc + 0).storeBytes(of: c10, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 1 * ldc + 16).storeBytes(of: c11, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 2 * ldc + 0).storeBytes(of: c20, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 2 * ldc + 16).storeBytes(of: c21, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 3 * ldc + 0).storeBytes(of: c30, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 3 * ldc + 16).storeBytes(of: c31, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 4 * ldc + 0).storeBytes(of: c40, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 4 * ldc + 16).storeBytes(of: c41, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 5 * ldc + 0).storeBytes(of: c50, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 5 * ldc + 16).storeBytes(of: c51, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 6 * ldc + 0).storeBytes(of: c60, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 6 * ldc + 16).storeBytes(of: c61, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 7 * ldc + 0).storeBytes(of: c70, as: SIMD16<Float>.self)
    UnsafeMutableRawPointer(c + 7 * ldc + 16).storeBytes(of: c71, as: SIMD16<Float>.self)
}

/// No fused multiply-add here on purpose: `acc + a * b` rounds the product like the
/// plain i-k-j loop, so Double products are bit-identical to it (fixtures, gradient checks).
/// The 8×16 register tile of C += Ã·B̃ (C = Ã·B̃ when `accumulate` is false) for Double: 16 `SIMD8<Double>` accumulators
/// live in registers for the whole k loop (AVX-512 has 32 vector registers).
@inline(__always)
func doubleMicroKernel(
    _ kc: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ accumulate: Bool
) {
    @inline(__always) func start(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
        accumulate ? UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
    }
    var c00 = start(c + 0 * ldc + 0)
    var c01 = start(c + 0 * ldc + 8)
    var c10 = start(c + 1 * ldc + 0)
    var c11 = start(c + 1 * ldc + 8)
    var c20 = start(c + 2 * ldc + 0)
    var c21 = start(c + 2 * ldc + 8)
    var c30 = start(c + 3 * ldc + 0)
    var c31 = start(c + 3 * ldc + 8)
    var c40 = start(c + 4 * ldc + 0)
    var c41 = start(c + 4 * ldc + 8)
    var c50 = start(c + 5 * ldc + 0)
    var c51 = start(c + 5 * ldc + 8)
    var c60 = start(c + 6 * ldc + 0)
    var c61 = start(c + 6 * ldc + 8)
    var c70 = start(c + 7 * ldc + 0)
    var c71 = start(c + 7 * ldc + 8)
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = UnsafeRawPointer(pb + 0).loadUnaligned(as: SIMD8<Double>.self)
        let b1 = UnsafeRawPointer(pb + 8).loadUnaligned(as: SIMD8<Double>.self)
        let a0 = SIMD8<Double>(repeating: pa[0])
        c00 = c00 + a0 * b0
        c01 = c01 + a0 * b1
        let a1 = SIMD8<Double>(repeating: pa[1])
        c10 = c10 + a1 * b0
        c11 = c11 + a1 * b1
        let a2 = SIMD8<Double>(repeating: pa[2])
        c20 = c20 + a2 * b0
        c21 = c21 + a2 * b1
        let a3 = SIMD8<Double>(repeating: pa[3])
        c30 = c30 + a3 * b0
        c31 = c31 + a3 * b1
        let a4 = SIMD8<Double>(repeating: pa[4])
        c40 = c40 + a4 * b0
        c41 = c41 + a4 * b1
        let a5 = SIMD8<Double>(repeating: pa[5])
        c50 = c50 + a5 * b0
        c51 = c51 + a5 * b1
        let a6 = SIMD8<Double>(repeating: pa[6])
        c60 = c60 + a6 * b0
        c61 = c61 + a6 * b1
        let a7 = SIMD8<Double>(repeating: pa[7])
        c70 = c70 + a7 * b0
        c71 = c71 + a7 * b1
        pa += 8
        pb += 16
    }
    UnsafeMutableRawPointer(c + 0 * ldc + 0).storeBytes(of: c00, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 0 * ldc + 8).storeBytes(of: c01, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 1 * ldc + 0).storeBytes(of: c10, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 1 * ldc + 8).storeBytes(of: c11, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 2 * ldc + 0).storeBytes(of: c20, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 2 * ldc + 8).storeBytes(of: c21, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 3 * ldc + 0).storeBytes(of: c30, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 3 * ldc + 8).storeBytes(of: c31, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 4 * ldc + 0).storeBytes(of: c40, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 4 * ldc + 8).storeBytes(of: c41, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 5 * ldc + 0).storeBytes(of: c50, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 5 * ldc + 8).storeBytes(of: c51, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 6 * ldc + 0).storeBytes(of: c60, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 6 * ldc + 8).storeBytes(of: c61, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 7 * ldc + 0).storeBytes(of: c70, as: SIMD8<Double>.self)
    UnsafeMutableRawPointer(c + 7 * ldc + 8).storeBytes(of: c71, as: SIMD8<Double>.self)
}
