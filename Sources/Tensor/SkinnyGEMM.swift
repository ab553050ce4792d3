/// C (m×n) = A (m×k) · Bᵀ for a few rows of A, with B (n×k) read in place.
///
/// The recurrent backward pass multiplies a thin (N×4H) gradient by Whᵀ at every time
/// step. Packing Bᵀ for the blocked kernel then costs as much as the product itself
/// (perf, LSTM overfit run at N = 25: `packB` 31 % of the time, the kernel 31 %), because
/// the panels are re-built for only N rows. Here both operands are read along their
/// contiguous rows: every C element is a dot product, computed for a 4×4 block of C at a
/// time in 16 SIMD16 accumulators (8 loads per 16 fused multiply-adds).
/// Each element is summed in one fixed order, so the result does not depend on threads.
let skinnyRowLimit = 32

func skinnyProductTransposedB(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, columns: Range<Int>
) {
    var j = columns.lowerBound
    while j < columns.upperBound {
        let jb = min(4, columns.upperBound - j)
        var i = 0
        while i < m {
            let ib = min(4, m - i)
            if ib == 4 && jb == 4 {
                dotBlock4x4(a + i * k, b + j * k, c + i * n + j, k: k, ldc: n)
            } else {
                for r in 0..<ib {
                    for s in 0..<jb {
                        c[(i + r) * n + j + s] = dot(a + (i + r) * k, b + (j + s) * k, k)
                    }
                }
            }
            i += 4
        }
        j += 4
    }
}

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

private func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ k: Int) -> Float {
    var acc = SIMD16<Float>()
    var p = 0
    while p + 16 <= k {
        acc = acc.addingProduct(load(x + p), load(y + p))
        p += 16
    }
    var total = acc.sum()
    while p < k {
        total = total.addingProduct(x[p], y[p])
        p += 1
    }
    return total
}

/// Rows a0…a3 of A (stride k) against rows b0…b3 of B (stride k) into C's 4×4 block.
private func dotBlock4x4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                         _ c: UnsafeMutablePointer<Float>, k: Int, ldc: Int) {
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c02 = SIMD16<Float>(), c03 = SIMD16<Float>()
    var c10 = SIMD16<Float>(), c11 = SIMD16<Float>(), c12 = SIMD16<Float>(), c13 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c22 = SIMD16<Float>(), c23 = SIMD16<Float>()
    var c30 = SIMD16<Float>(), c31 = SIMD16<Float>(), c32 = SIMD16<Float>(), c33 = SIMD16<Float>()
    var p = 0
    while p + 16 <= k {
        let a0 = load(a + p), a1 = load(a + k + p), a2 = load(a + 2 * k + p), a3 = load(a + 3 * k + p)
        let b0 = load(b + p), b1 = load(b + k + p), b2 = load(b + 2 * k + p), b3 = load(b + 3 * k + p)
        c00 = c00.addingProduct(a0, b0); c01 = c01.addingProduct(a0, b1)
        c02 = c02.addingProduct(a0, b2); c03 = c03.addingProduct(a0, b3)
        c10 = c10.addingProduct(a1, b0); c11 = c11.addingProduct(a1, b1)
        c12 = c12.addingProduct(a1, b2); c13 = c13.addingProduct(a1, b3)
        c20 = c20.addingProduct(a2, b0); c21 = c21.addingProduct(a2, b1)
        c22 = c22.addingProduct(a2, b2); c23 = c23.addingProduct(a2, b3)
        c30 = c30.addingProduct(a3, b0); c31 = c31.addingProduct(a3, b1)
        c32 = c32.addingProduct(a3, b2); c33 = c33.addingProduct(a3, b3)
        p += 16
    }
    let sums = [[c00, c01, c02, c03], [c10, c11, c12, c13], [c20, c21, c22, c23],
                [c30, c31, c32, c33]]
    for r in 0..<4 {
        for s in 0..<4 {
            var total = sums[r][s].sum()
            for q in p..<k { total = total.addingProduct(a[r * k + q], b[s * k + q]) }
            c[r * ldc + s] = total
        }
    }
}
