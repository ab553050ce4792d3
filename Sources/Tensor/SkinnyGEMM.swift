/// C (m×n) = A (m×k) · Bᵀ for a few rows of A, with B (n×k) read in place.
///
/// The recurrent backward pass multiplies a thin (N×4H) gradient by Whᵀ at every time
/// step. Packing Bᵀ for the blocked kernel then costs as much as the product itself
/// (perf, LSTM overfit run at N = 25: `packB` 31 % of the time, the kernel 31 %), because
/// the panels are re-built for only N rows. Here both operands are read along their
/// contiguous rows: every C element is a dot product, computed for a 4×4 block of C at a
/// time in 16 SIMD16 accumulators (8 loads per 16 fused multiply-adds). Edge blocks (fewer
/// than 4 rows or columns left) run the same kernel with the missing rows pointing at the
/// last valid one, and store only the valid part: the single-row dot product it replaced
/// ran at a quarter of the speed (one accumulator, two loads per multiply-add).
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
            dotBlock4x4(a + i * k, b + j * k, c + i * n + j, k: k, ldc: n,
                        rows: min(4, m - i), columns: jb)
            i += 4
        }
        j += 4
    }
}

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// Rows a0…a3 of A (stride k) against rows b0…b3 of B (stride k) into C's block of
/// `rows` × `columns` (each at most 4).
private func dotBlock4x4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                         _ c: UnsafeMutablePointer<Float>, k: Int, ldc: Int,
                         rows: Int, columns: Int) {
    let ar = (a, a + min(1, rows - 1) * k, a + min(2, rows - 1) * k, a + min(3, rows - 1) * k)
    let br = (b, b + min(1, columns - 1) * k, b + min(2, columns - 1) * k,
              b + min(3, columns - 1) * k)
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c02 = SIMD16<Float>(), c03 = SIMD16<Float>()
    var c10 = SIMD16<Float>(), c11 = SIMD16<Float>(), c12 = SIMD16<Float>(), c13 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c22 = SIMD16<Float>(), c23 = SIMD16<Float>()
    var c30 = SIMD16<Float>(), c31 = SIMD16<Float>(), c32 = SIMD16<Float>(), c33 = SIMD16<Float>()
    var p = 0
    while p + 16 <= k {
        let a0 = load(ar.0 + p), a1 = load(ar.1 + p), a2 = load(ar.2 + p), a3 = load(ar.3 + p)
        let b0 = load(br.0 + p), b1 = load(br.1 + p), b2 = load(br.2 + p), b3 = load(br.3 + p)
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
    let tail = p
    // The horizontal sum, then the last k mod 16 products, then the store if in range.
    @inline(__always)
    func finish(_ acc: SIMD16<Float>, _ r: Int, _ s: Int, _ x: UnsafePointer<Float>,
                _ y: UnsafePointer<Float>) {
        guard r < rows, s < columns else { return }
        var total = acc.sum()
        for q in tail..<k { total = total.addingProduct(x[q], y[q]) }
        c[r * ldc + s] = total
    }
    finish(c00, 0, 0, ar.0, br.0); finish(c01, 0, 1, ar.0, br.1)
    finish(c02, 0, 2, ar.0, br.2); finish(c03, 0, 3, ar.0, br.3)
    finish(c10, 1, 0, ar.1, br.0); finish(c11, 1, 1, ar.1, br.1)
    finish(c12, 1, 2, ar.1, br.2); finish(c13, 1, 3, ar.1, br.3)
    finish(c20, 2, 0, ar.2, br.0); finish(c21, 2, 1, ar.2, br.1)
    finish(c22, 2, 2, ar.2, br.2); finish(c23, 2, 3, ar.2, br.3)
    finish(c30, 3, 0, ar.3, br.0); finish(c31, 3, 1, ar.3, br.1)
    finish(c32, 3, 2, ar.3, br.2); finish(c33, 3, 3, ar.3, br.3)
}
