import CKernels

/// Up to this many rows of A, `floatMatrixProduct` computes A · Bᵀ with
/// `skinnyProductTransposedB` instead of packing the operands.
let skinnyRowLimit = 32

/// The k values a block's dot products cover before moving to the next block of rows:
/// 6 rows of B (24 KB) stay in L1 while every 4-row block of A passes by; over the whole
/// k at once (48 KB at k = 2048) they filled L1. 25×2048·(512×2048)ᵀ, one thread:
/// 0.349 ms unchunked, 0.294–0.299 at 1024, 0.311–0.318 at 512, 0.333–0.350 at 256 (the
/// accumulators saved and restored between chunks cost more the shorter the chunk).
private let skinnyChunk = 1024

/// C (m×n) = A (m×k) · Bᵀ for a few rows of A, with B (n×k) read in place.
///
/// The recurrent backward pass multiplies a thin (N×4H) gradient by Whᵀ at every time
/// step. Packing Bᵀ for the blocked kernel then costs as much as the product itself
/// (perf, LSTM overfit run at N = 25: `packB` 31 % of the time, the kernel 31 %), because
/// the panels are re-built for only N rows. Here both operands are read along their
/// contiguous rows: every C element is a dot product, computed for a 4×6 block of C at a
/// time in 24 SIMD16 accumulators (10 loads per 24 fused multiply-adds; the loads come
/// mostly from L2, which limits the speed: a 4×4 block, 8 loads per 16, ran at 130
/// GFLOP/s on one core at 25×2048·(512×2048)ᵀ, this one at 146; 158 since each sum is
/// finished by a tree of shuffled additions, and 25×512·(512×512)ᵀ went from 131 to
/// 172). The last 1–3 rows of A
/// run as 1×6 blocks (the rows 1–3 of the kernel compiled out); an edge block of fewer
/// columns has its missing columns point at the last valid one and stores only the valid
/// part.
/// Each element is summed in one fixed order, so the result does not depend on threads,
/// nor on `kernel`: the C blocks (Sources/CKernels) compute the same sums.
func skinnyProductTransposedB(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, columns: Range<Int>, kernel: FloatGEMMKernel
) {
    // The 24 vector accumulators of every 4-row block, kept between chunks of k; each
    // continues the same sums, so the result equals that of one pass over the whole k.
    let rowBlocks = (m + 3) / 4
    let partials = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: rowBlocks * 24)
    defer { partials.deallocate() }
    let vectorEnd = k / 16 * 16
    var j = columns.lowerBound
    while j < columns.upperBound {
        let jb = min(6, columns.upperBound - j)
        var start = 0
        repeat {
            let end = min(start + skinnyChunk, vectorEnd)
            for block in 0..<rowBlocks {
                let i = block * 4
                // The last 1–3 rows one at a time: the 4-row block would compute (and
                // drop) the missing rows, a tenth of the work at m = 25.
                let rows = m - i < 4 ? i..<m : i..<(i + 1)
                for r in rows {
                    let (x, y, z) = (a + r * k, b + j * k, c + r * n + j)
                    let saved = partials + block * 24 + (r - i) * 6
                    switch (kernel, m - i < 4) {
                    case (.swift, false):
                        dotBlock4x6(
                            x, y, z, k: k, ldc: n, columns: jb, depth: start..<end,
                            partials: saved)
                    case (.swift, true):
                        dotRow1x6(
                            x, y, z, k: k, columns: jb, depth: start..<end, partials: saved)
                    case (.avx512, let last):
                        rnn_sgemm_dot_block_avx512(
                            x, y, z, k, n, last ? 1 : 4, Int32(jb), start, end, saved)
                    case (.avx2, let last):
                        rnn_sgemm_dot_block_avx2(
                            x, y, z, k, n, last ? 1 : 4, Int32(jb), start, end, saved)
                    }
                }
            }
            start = end
        } while start < vectorEnd
        j += 6
    }
}

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// Four rows of A against up to six of B (`dotBlock`).
private func dotBlock4x6(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, k: Int, ldc: Int, columns: Int,
    depth: Range<Int>, partials: UnsafeMutablePointer<SIMD16<Float>>
) {
    dotBlock(
        a, b, c, k: k, ldc: ldc, rows: 4, columns: columns, depth: depth,
        partials: partials)
}

/// One row of A against up to six of B (`dotBlock` with the other rows compiled out).
private func dotRow1x6(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, k: Int, columns: Int,
    depth: Range<Int>, partials: UnsafeMutablePointer<SIMD16<Float>>
) {
    dotBlock(
        a, b, c, k: k, ldc: 0, rows: 1, columns: columns, depth: depth,
        partials: partials)
}

/// Values `depth` (a multiple of 16 wide) of rows a0…a3 of A against rows b0…b5 of B
/// (both `k` apart), continuing the accumulators saved in `partials` unless `depth`
/// starts at 0. After the last vector of k, the sums (plus the last k mod 16 products)
/// go into C's block of `rows` (4, or 1 with rows 1–3 skipped) × `columns` (at most 6);
/// otherwise the accumulators are saved. A missing column reads the last valid one again
/// and is not stored. Each element is summed the same way whatever `rows` is.
@inline(__always)
private func dotBlock(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, k: Int, ldc: Int,
    rows: Int, columns: Int, depth: Range<Int>,
    partials: UnsafeMutablePointer<SIMD16<Float>>
) {
    let all = rows == 4
    let a0 = a, a1 = a + min(1, rows - 1) * k, a2 = a + min(2, rows - 1) * k,
        a3 = a + min(3, rows - 1) * k
    let b0 = b, b1 = b + min(1, columns - 1) * k, b2 = b + min(2, columns - 1) * k,
        b3 = b + min(3, columns - 1) * k, b4 = b + min(4, columns - 1) * k,
        b5 = b + min(5, columns - 1) * k
    let resumes = depth.lowerBound > 0
    @inline(__always) func start(_ index: Int) -> SIMD16<Float> {
        resumes && (all || index < 6) ? partials[index] : SIMD16<Float>()
    }
    var c00 = start(0), c01 = start(1), c02 = start(2), c03 = start(3), c04 = start(4),
        c05 = start(5)
    var c10 = start(6), c11 = start(7), c12 = start(8), c13 = start(9), c14 = start(10),
        c15 = start(11)
    var c20 = start(12), c21 = start(13), c22 = start(14), c23 = start(15), c24 = start(16),
        c25 = start(17)
    var c30 = start(18), c31 = start(19), c32 = start(20), c33 = start(21), c34 = start(22),
        c35 = start(23)
    var p = depth.lowerBound
    while p < depth.upperBound {
        let x0 = load(a0 + p)
        let (x1, x2, x3) = all ? (load(a1 + p), load(a2 + p), load(a3 + p)) : (x0, x0, x0)
        // Each row of B meets the rows of A before the next is loaded: 24 accumulators,
        // 4 vectors of A and 1 of B fit in the 32 vector registers.
        @inline(__always) func column(
            _ y: SIMD16<Float>, _ r0: inout SIMD16<Float>,
            _ r1: inout SIMD16<Float>, _ r2: inout SIMD16<Float>,
            _ r3: inout SIMD16<Float>
        ) {
            r0 = r0.addingProduct(x0, y)
            guard all else { return }
            r1 = r1.addingProduct(x1, y)
            r2 = r2.addingProduct(x2, y)
            r3 = r3.addingProduct(x3, y)
        }
        column(load(b0 + p), &c00, &c10, &c20, &c30)
        column(load(b1 + p), &c01, &c11, &c21, &c31)
        column(load(b2 + p), &c02, &c12, &c22, &c32)
        column(load(b3 + p), &c03, &c13, &c23, &c33)
        column(load(b4 + p), &c04, &c14, &c24, &c34)
        column(load(b5 + p), &c05, &c15, &c25, &c35)
        p += 16
    }
    guard p == k / 16 * 16 else {
        (partials[0], partials[1], partials[2], partials[3], partials[4], partials[5]) =
            (c00, c01, c02, c03, c04, c05)
        guard all else { return }
        (partials[6], partials[7], partials[8], partials[9], partials[10], partials[11]) =
            (c10, c11, c12, c13, c14, c15)
        (partials[12], partials[13], partials[14], partials[15], partials[16], partials[17]) =
            (c20, c21, c22, c23, c24, c25)
        (partials[18], partials[19], partials[20], partials[21], partials[22], partials[23]) =
            (c30, c31, c32, c33, c34, c35)
        return
    }
    let tail = p
    // The horizontal sum, then the last k mod 16 products, then the store if in range.
    @inline(__always)
    func finish(
        _ acc: SIMD16<Float>, _ r: Int, _ s: Int, _ x: UnsafePointer<Float>,
        _ y: UnsafePointer<Float>
    ) {
        guard r < rows, s < columns else { return }
        // The lanes in a fixed tree (i with i + 8, then + 4, + 2, + 1), as the C blocks add
        // them: three shuffled additions instead of 16 dependent ones (`sum()`), which took
        // a tenth of the product's time at k = 512.
        let eight = acc.lowHalf + acc.highHalf
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        var total = two[0] + two[1]
        for q in tail..<k { total = total.addingProduct(x[q], y[q]) }
        c[r * ldc + s] = total
    }
    finish(c00, 0, 0, a0, b0)
    finish(c01, 0, 1, a0, b1)
    finish(c02, 0, 2, a0, b2)
    finish(c03, 0, 3, a0, b3)
    finish(c04, 0, 4, a0, b4)
    finish(c05, 0, 5, a0, b5)
    finish(c10, 1, 0, a1, b0)
    finish(c11, 1, 1, a1, b1)
    finish(c12, 1, 2, a1, b2)
    finish(c13, 1, 3, a1, b3)
    finish(c14, 1, 4, a1, b4)
    finish(c15, 1, 5, a1, b5)
    finish(c20, 2, 0, a2, b0)
    finish(c21, 2, 1, a2, b1)
    finish(c22, 2, 2, a2, b2)
    finish(c23, 2, 3, a2, b3)
    finish(c24, 2, 4, a2, b4)
    finish(c25, 2, 5, a2, b5)
    finish(c30, 3, 0, a3, b0)
    finish(c31, 3, 1, a3, b1)
    finish(c32, 3, 2, a3, b2)
    finish(c33, 3, 3, a3, b3)
    finish(c34, 3, 4, a3, b4)
    finish(c35, 3, 5, a3, b5)
}
