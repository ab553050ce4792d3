/// C (m×n) = A (m×k) · Bᵀ for a few rows of A, with B (n×k) read in place.
///
/// The recurrent backward pass multiplies a thin (N×4H) gradient by Whᵀ at every time
/// step. Packing Bᵀ for the blocked kernel then costs as much as the product itself
/// (perf, LSTM overfit run at N = 25: `packB` 31 % of the time, the kernel 31 %), because
/// the panels are re-built for only N rows. Here both operands are read along their
/// contiguous rows: every C element is a dot product, computed for a 4×6 block of C at a
/// time in 24 SIMD16 accumulators (10 loads per 24 fused multiply-adds; the loads come
/// mostly from L2, which limits the speed: a 4×4 block, 8 loads per 16, ran at 130
/// GFLOP/s on one core at 25×2048·(512×2048)ᵀ, this one at 146). Edge blocks (fewer rows
/// or columns left) run the same kernel with the missing rows pointing at the last valid
/// one, and store only the valid part: the single-row dot product it replaced ran at a
/// quarter of the speed (one accumulator, two loads per multiply-add).
/// Each element is summed in one fixed order, so the result does not depend on threads.
let skinnyRowLimit = 32

func skinnyProductTransposedB(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, columns: Range<Int>
) {
    var j = columns.lowerBound
    while j < columns.upperBound {
        let jb = min(6, columns.upperBound - j)
        var i = 0
        while i < m {
            dotBlock4x6(a + i * k, b + j * k, c + i * n + j, k: k, ldc: n,
                        rows: min(4, m - i), columns: jb)
            i += 4
        }
        j += 6
    }
}

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// The first k values of rows a0…a3 of A against rows b0…b5 of B (both `k` apart) into
/// C's block of `rows` × `columns` (at most 4 × 6). A missing row or column reads the
/// last valid one again and is not stored.
private func dotBlock4x6(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                         _ c: UnsafeMutablePointer<Float>, k: Int, ldc: Int,
                         rows: Int, columns: Int) {
    let a0 = a, a1 = a + min(1, rows - 1) * k, a2 = a + min(2, rows - 1) * k,
        a3 = a + min(3, rows - 1) * k
    let b0 = b, b1 = b + min(1, columns - 1) * k, b2 = b + min(2, columns - 1) * k,
        b3 = b + min(3, columns - 1) * k, b4 = b + min(4, columns - 1) * k,
        b5 = b + min(5, columns - 1) * k
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c02 = SIMD16<Float>(), c03 = SIMD16<Float>(), c04 = SIMD16<Float>(), c05 = SIMD16<Float>()
    var c10 = SIMD16<Float>(), c11 = SIMD16<Float>(), c12 = SIMD16<Float>(), c13 = SIMD16<Float>(), c14 = SIMD16<Float>(), c15 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c22 = SIMD16<Float>(), c23 = SIMD16<Float>(), c24 = SIMD16<Float>(), c25 = SIMD16<Float>()
    var c30 = SIMD16<Float>(), c31 = SIMD16<Float>(), c32 = SIMD16<Float>(), c33 = SIMD16<Float>(), c34 = SIMD16<Float>(), c35 = SIMD16<Float>()
    var p = 0
    while p + 16 <= k {
        let x0 = load(a0 + p), x1 = load(a1 + p), x2 = load(a2 + p), x3 = load(a3 + p)
        let y0 = load(b0 + p)
        c00 = c00.addingProduct(x0, y0); c10 = c10.addingProduct(x1, y0)
        c20 = c20.addingProduct(x2, y0); c30 = c30.addingProduct(x3, y0)
        let y1 = load(b1 + p)
        c01 = c01.addingProduct(x0, y1); c11 = c11.addingProduct(x1, y1)
        c21 = c21.addingProduct(x2, y1); c31 = c31.addingProduct(x3, y1)
        let y2 = load(b2 + p)
        c02 = c02.addingProduct(x0, y2); c12 = c12.addingProduct(x1, y2)
        c22 = c22.addingProduct(x2, y2); c32 = c32.addingProduct(x3, y2)
        let y3 = load(b3 + p)
        c03 = c03.addingProduct(x0, y3); c13 = c13.addingProduct(x1, y3)
        c23 = c23.addingProduct(x2, y3); c33 = c33.addingProduct(x3, y3)
        let y4 = load(b4 + p)
        c04 = c04.addingProduct(x0, y4); c14 = c14.addingProduct(x1, y4)
        c24 = c24.addingProduct(x2, y4); c34 = c34.addingProduct(x3, y4)
        let y5 = load(b5 + p)
        c05 = c05.addingProduct(x0, y5); c15 = c15.addingProduct(x1, y5)
        c25 = c25.addingProduct(x2, y5); c35 = c35.addingProduct(x3, y5)
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
    finish(c00, 0, 0, a0, b0); finish(c01, 0, 1, a0, b1); finish(c02, 0, 2, a0, b2)
    finish(c03, 0, 3, a0, b3); finish(c04, 0, 4, a0, b4); finish(c05, 0, 5, a0, b5)
    finish(c10, 1, 0, a1, b0); finish(c11, 1, 1, a1, b1); finish(c12, 1, 2, a1, b2)
    finish(c13, 1, 3, a1, b3); finish(c14, 1, 4, a1, b4); finish(c15, 1, 5, a1, b5)
    finish(c20, 2, 0, a2, b0); finish(c21, 2, 1, a2, b1); finish(c22, 2, 2, a2, b2)
    finish(c23, 2, 3, a2, b3); finish(c24, 2, 4, a2, b4); finish(c25, 2, 5, a2, b5)
    finish(c30, 3, 0, a3, b0); finish(c31, 3, 1, a3, b1); finish(c32, 3, 2, a3, b2)
    finish(c33, 3, 3, a3, b3); finish(c34, 3, 4, a3, b4); finish(c35, 3, 5, a3, b5)
}
