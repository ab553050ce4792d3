import CKernels

// Packing for the blocked matrix product: op(A) and op(B) are copied, a block at a time,
// into the order the register-tile kernel reads them, so its loads are contiguous and
// sequential whatever the transposes. A transpose is handled here, while copying; it is
// never materialised as a whole matrix.

/// Copies rows `rows` × columns `depth` of op(A) (m×k) into micro-panels of `mr` rows:
/// panel q holds, for each p, the `mr` values op(A)[q·mr + r, p] side by side.
/// Rows past the end are zero-filled so edge panels run the same kernel.
@_specialize(where S == Float)
@_specialize(where S == Double)
func packA<S: BinaryFloatingPoint & SIMDScalar>(
    _ a: UnsafePointer<S>, m: Int, k: Int, transposed: Bool,
    rows: Range<Int>, depth: Range<Int>, mr: Int, into dst: UnsafeMutablePointer<S>
) {
    let kc = depth.count
    var panel = dst
    var i0 = rows.lowerBound
    if transposed {
        // op(A)[i, p] = a[p·m + i]: row p of `a` feeds every panel. The full panels are
        // filled 16 values of p at a time: walking one panel over all of `depth` read a
        // line per p from rows m apart, which a power-of-two m maps onto the same few L1
        // sets (perf: that copy was 3 % of a training step).
        let fullPanels = rows.count / mr
        for chunk in stride(from: 0, to: kc, by: 16) {
            // The chunk's 16 rows stay in L1 while every panel takes its 16 · mr values,
            // which are contiguous (panels are mr · kc apart: one panel at a time keeps
            // the stores off the same sets too).
            for q in 0..<fullPanels {
                for pp in chunk..<min(chunk + 16, kc) {
                    let src = a + (depth.lowerBound + pp) * m + i0 + q * mr
                    copyVectors(from: src, to: dst + q * mr * kc + pp * mr, count: mr)
                }
            }
        }
        panel += fullPanels * mr * kc
        i0 += fullPanels * mr
    }
    while i0 < rows.upperBound {
        let height = min(mr, rows.upperBound - i0)
        if transposed {
            // op(A)[i, p] = a[p·m + i]: each p contributes `height` contiguous values.
            for (pp, p) in depth.enumerated() {
                let src = a + p * m + i0
                let out = panel + pp * mr
                if height == mr {
                    copyVectors(from: src, to: out, count: mr)
                    continue
                }
                for r in 0..<height { out[r] = src[r] }
                for r in height..<mr { out[r] = 0 }
            }
        } else if height == 8 && mr == 8 && transposesInRegisters(S.self) {
            transposeEightRows(a + i0 * k + depth.lowerBound, k, count: kc, into: panel, 8)
        } else if height == 8 && mr == 8 {
            // op(A)[i, p] = a[i·k + p]: the panel's eight rows side by side, one 8-wide
            // store per p instead of eight scattered ones (as in packB's transposed case).
            let src = a + i0 * k + depth.lowerBound
            for pp in 0..<kc {
                let column = SIMD8<S>(
                    src[pp], src[k + pp], src[2 * k + pp], src[3 * k + pp],
                    src[4 * k + pp], src[5 * k + pp], src[6 * k + pp],
                    src[7 * k + pp])
                UnsafeMutableRawPointer(panel + pp * mr).storeBytes(of: column, as: SIMD8<S>.self)
            }
        } else {
            // op(A)[i, p] = a[i·k + p]: walk each source row contiguously.
            for r in 0..<height {
                let src = a + (i0 + r) * k + depth.lowerBound
                for pp in 0..<kc { panel[pp * mr + r] = src[pp] }
            }
            if height < mr {
                for pp in 0..<kc { for r in height..<mr { panel[pp * mr + r] = 0 } }
            }
        }
        panel += mr * kc
        i0 += mr
    }
}

/// Whether `transposeEightRows` serves this element type here: Float, on a CPU the C
/// tiles run on (they all have AVX2).
@inline(__always)
private func transposesInRegisters<S>(_: S.Type) -> Bool {
    S.self == Float.self && FloatGEMMKernel.selected != .swift
}

/// dst[p · `ldd` + r] = src[r · `lds` + p] for r < 8, p < `count`: eight rows side by side,
/// as 8×8 blocks transposed in registers (`rnn_pack_rows8_avx2`). Only where
/// `transposesInRegisters(S.self)`.
@inline(__always)
private func transposeEightRows<S>(
    _ src: UnsafePointer<S>, _ lds: Int, count: Int, into dst: UnsafeMutablePointer<S>,
    _ ldd: Int
) {
    rnn_pack_rows8_avx2(
        UnsafeRawPointer(src).assumingMemoryBound(to: Float.self), lds, count,
        UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Float.self), ldd)
}

/// Copies rows `depth` × columns `columns` of op(B) (k×n) into micro-panels `nr` wide:
/// panel q holds, for each p, op(B)[p, q·nr ..< q·nr + nr] contiguously. Columns past the
/// end are zero-filled.
@_specialize(where S == Float)
@_specialize(where S == Double)
func packB<S: BinaryFloatingPoint & SIMDScalar>(
    _ b: UnsafePointer<S>, k: Int, n: Int, transposed: Bool,
    depth: Range<Int>, columns: Range<Int>, nr: Int, into dst: UnsafeMutablePointer<S>
) {
    let kc = depth.count
    var panel = dst
    var j0 = columns.lowerBound
    if !transposed {
        // The full panels first, eight rows of B at a time across all of them: panel by
        // panel, every row was a read at a stride of n (one page or more apart for n ≥
        // 1024): 13 % of dWx = xᵀ · da at N = 100 went to packing its 1600×2048 da (perf).
        let fullPanels = columns.count / nr
        for p0 in stride(from: depth.lowerBound, to: depth.upperBound, by: 8) {
            let rows = p0..<min(p0 + 8, depth.upperBound)
            for q in 0..<fullPanels {
                let target = dst + q * nr * kc
                let column = columns.lowerBound + q * nr
                for p in rows {
                    copyVectors(
                        from: b + p * n + column, to: target + (p - depth.lowerBound) * nr,
                        count: nr)
                }
            }
        }
        panel += fullPanels * nr * kc
        j0 += fullPanels * nr
    }
    while j0 < columns.upperBound {
        let width = min(nr, columns.upperBound - j0)
        if transposed {
            // op(B)[p, j] = b[j·k + p]: read each source row (one column of op(B)) contiguously.
            // Eight source rows at a time, so each store writes 8 side-by-side values
            // instead of one (the one-by-one version packed a 512×2048 Whᵀ in 0.42 ms,
            // 4.5× the time of the untransposed copy).
            var jj = 0
            // A 512×2048 Whᵀ in 0.09 ms with the transposes, 0.22 with the gathers below
            // (one thread).
            while jj + 8 <= width && transposesInRegisters(S.self) {
                transposeEightRows(
                    b + (j0 + jj) * k + depth.lowerBound, k, count: kc, into: panel + jj, nr)
                jj += 8
            }
            while jj + 8 <= width {
                let src = b + (j0 + jj) * k + depth.lowerBound
                for pp in 0..<kc {
                    let column = SIMD8<S>(
                        src[pp], src[k + pp], src[2 * k + pp],
                        src[3 * k + pp], src[4 * k + pp], src[5 * k + pp],
                        src[6 * k + pp], src[7 * k + pp])
                    UnsafeMutableRawPointer(panel + pp * nr + jj)
                        .storeBytes(of: column, as: SIMD8<S>.self)
                }
                jj += 8
            }
            for jj in jj..<width {
                let src = b + (j0 + jj) * k + depth.lowerBound
                for pp in 0..<kc { panel[pp * nr + jj] = src[pp] }
            }
            if width < nr {
                for pp in 0..<kc { for jj in width..<nr { panel[pp * nr + jj] = 0 } }
            }
        } else {
            for (pp, p) in depth.enumerated() {
                let src = b + p * n + j0
                let out = panel + pp * nr
                if width == nr {
                    copyVectors(from: src, to: out, count: nr)
                    continue
                }
                for jj in 0..<width { out[jj] = src[jj] }
                for jj in width..<nr { out[jj] = 0 }
            }
        }
        panel += nr * kc
        j0 += nr
    }
}

/// Copies `count` values (a multiple of 8) as 8-wide vectors. The element loop it replaces
/// compiled to a `memmove` call per panel row of 32 or 8 values: 5 % of the samples of
/// an rnn training step (perf).
@inline(__always)
private func copyVectors<S: BinaryFloatingPoint & SIMDScalar>(
    from source: UnsafePointer<S>, to target: UnsafeMutablePointer<S>, count: Int
) {
    for offset in stride(from: 0, to: count, by: 8) {
        let v = UnsafeRawPointer(source + offset).loadUnaligned(as: SIMD8<S>.self)
        UnsafeMutableRawPointer(target + offset).storeBytes(of: v, as: SIMD8<S>.self)
    }
}
