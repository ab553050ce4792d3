import CKernels

// The blocked matrix product C (m×n) += op(A) · op(B) for Float and Double, all row-major.
//
// The structure is the usual one of optimised BLAS (Goto/BLIS): for each block of `kc`
// values of the inner dimension, op(B) is packed into `nr`-wide panels and op(A) into
// `mr`-tall panels, and a register-tile kernel (GEMMKernels.swift, or its C copies for
// AVX-512 and AVX2 picked at run time: GEMMKernelChoice.swift) multiplies one A panel
// by one B panel into an mr×nr tile of C held entirely in vector registers. Measured on
// this machine: 204–243 GFLOP/s for Float on one core at 1600×512×1004, 100×512×512,
// 100×512×2048 and 400×256×512 (144 at 25×512×512), against 44–48 for the plain i-k-j
// loop, and 385–417 on two cores (252 at 25×512×512).
//
// Determinism: every element of C is accumulated by one thread, over p = 0, 1, …, k−1 in
// order, whatever the thread count and the edge handling, so results never depend on
// timing. The Double kernel uses separate multiply and add (no FMA), which makes it
// bit-identical to the plain i-k-j loop.

/// Blocking sizes. `kc`·nr·4 bytes (the B panel the kernel re-reads for every A panel)
/// stays in L1; an mc×kc block of A stays in L2.
private let blockK = 256
private let blockM = 192
private let blockN = 2048

/// Below this many multiply-adds (m·n·k, about 20³) the plain loop is used: packing and
/// the kernel's fixed cost are not worth it for such tiny products. (Chosen, not tuned;
/// both paths are correct for every size.) Package-visible because the two paths round
/// differently: code that relies on a row of a product not depending on the other rows
/// must keep its products above it (Sources/Reference/DecodingWeights.swift).
package let smallProductLimit = 8 * 1024

/// From this many multiply-adds the product is split across the pool's two threads.
/// Measured: 25×512×512 (6.5 M) goes from 144 to 252 GFLOP/s with the split, so the
/// threshold sits below it; 100×128×128 (1.6 M) stays on one thread. Not tuned further.
private let parallelThreshold = 2 * 1024 * 1024

/// Floats in the register tile: 8 rows × 32 columns (two `SIMD16<Float>` per row).
private let floatMR = 8, floatNR = 32
/// Doubles in the register tile: 8 rows × 16 columns (two `SIMD8<Double>` per row).
private let doubleMR = 8, doubleNR = 16

/// The ways `floatMatrixProduct` computes a product. They round differently, so code that
/// must give a product's bits another way asks `floatProductPath` which one it takes.
enum FloatProductPath {
    /// Below `smallProductLimit` multiply-adds: the plain loop.
    case tiny
    /// A few rows times B in place (StripGEMM.swift).
    case strip
    /// A few rows times Bᵀ as dot products (SkinnyGEMM.swift).
    case skinny
    /// Packed panels and the register tiles (`blockedProduct`).
    case blocked
}

/// The path `floatMatrixProduct` takes for these sizes and operands.
func floatProductPath(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, bIsPacked: Bool,
    readsPanels: Bool, kernel: FloatGEMMKernel
) -> FloatProductPath {
    if m * n * k < smallProductLimit { return .tiny }
    if !transposeB && !bIsPacked && kernel == .avx512 && m <= stripRowLimit { return .strip }
    if !transposeA && transposeB && m <= skinnyRowLimit && !(readsPanels && bIsPacked) {
        return .skinny
    }
    return .blocked
}

/// C (m×n) = op(A) · op(B) for Float, with the packed SIMD16 kernel. `packedB`, if given,
/// is all of op(B) already packed by `packWholeB` with `floatNR` (see `PackedMatrix`);
/// a product of a few rows with Bᵀ reads it only with `readsPanels`, else B in place.
/// `kernel` is the process's choice (GEMMKernelChoice.swift) unless a test asks for
/// another; it must be one of `FloatGEMMKernel.supportedKernels`.
func floatMatrixProduct(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool,
    packedB: [Float]? = nil, readsPanels: Bool = false, kernel: FloatGEMMKernel = .selected
) -> [Float] {
    let path = floatProductPath(
        m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
        bIsPacked: packedB != nil, readsPanels: readsPanels, kernel: kernel)
    guard path != .tiny else {
        // Tiny: the plain loop onto zeros. Empty (a size 0): just the zeros.
        var c = [Float](repeating: 0, count: m * n)
        if m * n * k > 0 {
            plainProduct(
                a, b, &c, m: m, n: n, k: k, transposeA: transposeA,
                transposeB: transposeB)
        }
        return c
    }
    // Not zero-filled: both paths below write every element of C before reading it (the
    // first k block overwrites), which saves a pass over C (perf: memset 1.8 % of the LSTM
    // overfit run, plus the kernel's loads of the zeros).
    var c = [Float](unsafeUninitializedCapacity: m * n) { _, count in count = m * n }
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { source in
            (packedB ?? b).withUnsafeBufferPointer { panels in
                c.withUnsafeMutableBufferPointer { c in
                    guard let aBase = a.baseAddress, let cBase = c.baseAddress,
                        let sourceBase = source.baseAddress, let panelsBase = panels.baseAddress
                    else { return }  // not reached: the product is not empty
                    let pa = SharedReadPointer(base: aBase)
                    let pc = SharedPointer(base: cBase)
                    if path == .strip {
                        // A few rows times B in place (StripGEMM.swift): B is not packed.
                        let pb = SharedReadPointer(base: sourceBase)
                        columnsOfLeftOperand(aBase, m: m, k: k, transposed: transposeA) {
                            aColumns in
                            let columns = SharedReadPointer(base: aColumns)
                            runSplit(m: 1, n: n, k: m * k, mr: 1, nr: 16) { _, range in
                                stripProduct(
                                    columns.base, pb.base, pc.base, m: m, n: n, k: k,
                                    columns: range)
                            }
                        }
                        return
                    }
                    if path == .skinny {
                        // A few rows: dot products straight from B beat packing Bᵀ for
                        // them, so `packedB` is not used unless `readsPanels` (see
                        // `PackedMatrix(transposingForPanels:)`). Split along n only; the
                        // whole of A is a few rows.
                        let pb = SharedReadPointer(base: sourceBase)
                        runSplit(m: 1, n: n, k: m * k, mr: 1, nr: 4) { _, columns in
                            skinnyProductTransposedB(
                                pa.base, pb.base, pc.base, m: m, n: n,
                                k: k, columns: columns, kernel: kernel)
                        }
                        return
                    }
                    runBlockedFloatProduct(
                        pa, SharedReadPointer(base: panelsBase), pc, lowerRows: nil,
                        m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                        bIsPacked: packedB != nil, kernel: kernel)
                }
            }
        }
    }
    return c
}

/// The blocked path of `floatMatrixProduct` on one thread or two: C's rows from
/// `lowerRows.from` on go to `lowerRows.target` (row `from` is its first), if given.
private func runBlockedFloatProduct(
    _ pa: SharedReadPointer<Float>, _ pb: SharedReadPointer<Float>, _ pc: SharedPointer<Float>,
    lowerRows: (from: Int, target: SharedPointer<Float>)?,
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, bIsPacked: Bool,
    kernel: FloatGEMMKernel
) {
    runSplit(m: m, n: n, k: k, mr: floatMR, nr: floatNR) { rows, columns in
        @inline(__always)
        func run(
            _ tile: (
                Int, UnsafePointer<Float>, UnsafePointer<Float>,
                UnsafeMutablePointer<Float>, Int, Bool
            ) -> Void,
            _ rowsTile:
                @escaping (
                    Int, Int, UnsafePointer<Float>, UnsafePointer<Float>,
                    UnsafeMutablePointer<Float>, Int, Bool
                ) -> Void,
            _ edgeTile: (
                (
                    Int, Int, Int, UnsafePointer<Float>, UnsafePointer<Float>,
                    UnsafeMutablePointer<Float>, Int, Bool
                ) -> Void
            )? = nil
        ) {
            blockedProduct(
                pa.base, pb.base, pc.base, lowerRows: lowerRows.map { ($0.from, $0.target.base) },
                m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                rows: rows, columns: columns, mr: floatMR, nr: floatNR,
                bIsPacked: bIsPacked, overwritesFirst: true,
                kernel: tile, rowsKernel: rowsTile, edgeKernel: edgeTile)
        }
        // The C tiles take the same panels and give the same bits
        // (Sources/CKernels/include/CKernels.h).
        switch kernel {
        case .avx512:
            run(
                { rnn_sgemm_tile_avx512($0, $1, $2, $3, $4, $5 ? 1 : 0) },
                { rnn_sgemm_rows_avx512($0, $1, $2, $3, $4, $5, $6 ? 1 : 0) },
                {
                    rnn_sgemm_edge_avx512(
                        $0, $1, $2, $3, $4, $5, $6, $7 ? 1 : 0)
                })
        case .avx2:
            run(
                { rnn_sgemm_tile_avx2($0, $1, $2, $3, $4, $5 ? 1 : 0) },
                { rnn_sgemm_rows_avx2($0, $1, $2, $3, $4, $5, $6 ? 1 : 0) })
        case .swift:
            run(floatMicroKernel, floatRowsKernel)
        }
    }
}

/// Whether `floatTransposedProductSplittingRows` gives, for Aᵀ · B split at row `split`,
/// each part's own product bit for bit: `split` is a multiple of the tile's rows (no tile
/// straddles the two arrays) and both parts' own products take the blocked path.
func transposedProductSplitsExactly(
    m: Int, n: Int, k: Int, split: Int, kernel: FloatGEMMKernel = .selected
) -> Bool {
    split > 0 && split < m && split % floatMR == 0
        && [split, m - split].allSatisfy {
            floatProductPath(
                m: $0, n: n, k: k, transposeA: true, transposeB: false, bIsPacked: false,
                readsPanels: false, kernel: kernel) == .blocked
        }
}

/// Aᵀ · B (A k×m, B k×n, both row-major) with C's rows `0 ..< split` and `split ..< m` in
/// two arrays: the products of two left operands side by side in A with the same B, which
/// packs B once for both. Each row is what `floatMatrixProduct` gives for its own part
/// of A, bit for bit; the caller checks `transposedProductSplitsExactly`.
func floatTransposedProductSplittingRows(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, split: Int,
    kernel: FloatGEMMKernel = .selected
) -> ([Float], [Float]) {
    precondition(
        transposedProductSplitsExactly(m: m, n: n, k: k, split: split, kernel: kernel),
        "floatTransposedProductSplittingRows: \(m)×\(n)×\(k) split at \(split)")
    var upper = [Float](unsafeUninitializedCapacity: split * n) { _, count in count = split * n }
    var lower = [Float](unsafeUninitializedCapacity: (m - split) * n) { _, count in
        count = (m - split) * n
    }
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            upper.withUnsafeMutableBufferPointer { upper in
                lower.withUnsafeMutableBufferPointer { lower in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress,
                        let upperBase = upper.baseAddress, let lowerBase = lower.baseAddress
                    else { return }  // not reached: both parts are non-empty
                    runBlockedFloatProduct(
                        SharedReadPointer(base: aBase), SharedReadPointer(base: bBase),
                        SharedPointer(base: upperBase),
                        lowerRows: (split, SharedPointer(base: lowerBase)),
                        m: m, n: n, k: k, transposeA: true, transposeB: false,
                        bIsPacked: false, kernel: kernel)
                }
            }
        }
    }
    return (upper, lower)
}

/// C (m×n) = op(A) · op(B) for Double, with the packed SIMD8 kernel (no FMA, so the
/// result equals the plain i-k-j loop's bit for bit). `packedB` as for Float, with
/// `doubleNR`.
func doubleMatrixProduct(
    _ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool,
    packedB: [Double]? = nil
) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    guard m > 0, n > 0, k > 0 else { return c }
    if m * n * k < smallProductLimit {
        plainProduct(a, b, &c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        return c
    }
    a.withUnsafeBufferPointer { a in
        (packedB ?? b).withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                guard let aBase = a.baseAddress, let bBase = b.baseAddress,
                    let cBase = c.baseAddress
                else { return }  // not reached: not empty
                let pa = SharedReadPointer(base: aBase)
                let pb = SharedReadPointer(base: bBase)
                let pc = SharedPointer(base: cBase)
                let isPacked = packedB != nil
                runSplit(m: m, n: n, k: k, mr: doubleMR, nr: doubleNR) { rows, columns in
                    blockedProduct(
                        pa.base, pb.base, pc.base, m: m, n: n, k: k,
                        transposeA: transposeA, transposeB: transposeB,
                        rows: rows, columns: columns, mr: doubleMR, nr: doubleNR,
                        bIsPacked: isPacked, overwritesFirst: false,
                        kernel: doubleMicroKernel, rowsKernel: nil)
                }
            }
        }
    }
    return c
}

/// Runs `body` over the whole of C, or over two halves on two threads for a large product.
/// Each thread packs its own panels, so the threads share nothing but the read-only
/// inputs; a split along n has both threads pack all of A, a split along m all of B. So
/// the split is along the longer of m and n (whole panels), which packs the smaller
/// operand twice. Measured against always splitting along n: 1600×2048·(256×2048)ᵀ 4.34 →
/// 3.85 ms, 1600×512·512×1004 3.47 → 3.35 ms; the recurrent products (m = 100 < n)
/// are unchanged.
@inline(__always)
private func runSplit(
    m: Int, n: Int, k: Int, mr: Int, nr: Int,
    _ body: @escaping @Sendable (Range<Int>, Range<Int>) -> Void
) {
    if m * n * k >= parallelThreshold, let pool = ForkJoinPool.shared {
        let halves: [(Range<Int>, Range<Int>)]
        if n >= 2 * nr && (n >= m || m < 2 * mr) {
            let cut = (n / nr + 1) / 2 * nr
            halves = [(0..<m, 0..<cut), (0..<m, cut..<n)]
        } else if m >= 2 * mr {
            let cut = (m / mr + 1) / 2 * mr
            halves = [(0..<cut, 0..<n), (cut..<m, 0..<n)]
        } else {
            halves = []
        }
        if !halves.isEmpty, pool.run({ part in body(halves[part].0, halves[part].1) }) {
            return
        }
    }
    body(0..<m, 0..<n)
}

/// The cache-blocked loop nest over the tile `rows` × `columns` of C.
///
/// With `bIsPacked`, `b` is all of op(B) packed by `packWholeB` (same `nr`, same k
/// blocks), and the blocks are read from it instead of being packed here.
///
/// With `lowerRows`, C's rows from `lowerRows.from` on are written to `lowerRows.target`
/// (`from` a multiple of `mr`, so no tile straddles the two).
///
/// With `overwritesFirst`, the first k block stores op(A)·op(B) into C without reading
/// it, so C may start uninitialised. Double keeps accumulating onto zeros: 0 + x differs
/// from x in the sign of a zero, and Double must stay bit-identical to the plain loop.
///
/// `rowsKernel(height, kc, aPanel, bPanel, tile, ldc, accumulate)`, if given, computes a
/// full-width tile with fewer than `mr` rows directly, instead of the full kernel into
/// the scratch tile (`floatRowsKernel`); `edgeKernel(height, width, …)`, if given, any
/// narrower tile (the AVX-512 tile with masked loads and stores of C: the scratch tile's
/// element-by-element copies were 6 % of greedy sampling at V = 1004, perf).
@inline(__always)
private func blockedProduct<S: BinaryFloatingPoint & SIMDScalar>(
    _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
    lowerRows: (from: Int, target: UnsafeMutablePointer<S>)? = nil,
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool,
    rows: Range<Int>, columns: Range<Int>, mr: Int, nr: Int, bIsPacked: Bool,
    overwritesFirst: Bool,
    kernel: (Int, UnsafePointer<S>, UnsafePointer<S>, UnsafeMutablePointer<S>, Int, Bool) -> Void,
    rowsKernel: (
        (
            Int, Int, UnsafePointer<S>, UnsafePointer<S>, UnsafeMutablePointer<S>, Int,
            Bool
        ) -> Void
    )?,
    edgeKernel: (
        (
            Int, Int, Int, UnsafePointer<S>, UnsafePointer<S>, UnsafeMutablePointer<S>,
            Int, Bool
        ) -> Void
    )? = nil
) {
    let kcMax = min(k, blockK)
    let mcMax = min(rows.count, blockM)
    let ncMax = min(columns.count, blockN)
    let aPanelsMax = (mcMax + mr - 1) / mr
    let bPanelsMax = (ncMax + nr - 1) / nr
    // 64-byte alignment: every packed panel row starts on a cache line.
    let packedA = UnsafeMutableRawPointer.allocate(
        byteCount: aPanelsMax * mr * kcMax * MemoryLayout<S>.stride, alignment: 64
    )
    .bindMemory(to: S.self, capacity: aPanelsMax * mr * kcMax)
    let packedB = UnsafeMutableRawPointer.allocate(
        byteCount: bIsPacked ? 0 : bPanelsMax * nr * kcMax * MemoryLayout<S>.stride,
        alignment: 64
    )
    .bindMemory(to: S.self, capacity: bIsPacked ? 0 : bPanelsMax * nr * kcMax)
    // An edge tile is computed in this scratch tile, then the valid part copied out.
    let edge = UnsafeMutablePointer<S>.allocate(capacity: mr * nr)
    defer {
        packedA.deallocate()
        packedB.deallocate()
        edge.deallocate()
    }

    // One A panel times one B panel into the mr×nr tile of C at (row, column).
    @inline(__always)
    func multiply(
        _ aPanel: UnsafePointer<S>, _ bPanel: UnsafePointer<S>, kc: Int,
        row: Int, column: Int, height: Int, width: Int, accumulate: Bool
    ) {
        let tile: UnsafeMutablePointer<S>
        if let lowerRows, row >= lowerRows.from {
            tile = lowerRows.target + (row - lowerRows.from) * n + column
        } else {
            tile = c + row * n + column
        }
        if height == mr && width == nr {
            kernel(kc, aPanel, bPanel, tile, n, accumulate)
            return
        }
        if width == nr, let rowsKernel {
            rowsKernel(height, kc, aPanel, bPanel, tile, n, accumulate)
            return
        }
        if let edgeKernel {
            edgeKernel(height, width, kc, aPanel, bPanel, tile, n, accumulate)
            return
        }
        if accumulate {
            for r in 0..<mr {
                for j in 0..<nr { edge[r * nr + j] = r < height && j < width ? tile[r * n + j] : 0 }
            }
        }
        kernel(kc, aPanel, bPanel, edge, nr, accumulate)
        for r in 0..<height {
            for j in 0..<width { tile[r * n + j] = edge[r * nr + j] }
        }
    }

    var jc = columns.lowerBound
    while jc < columns.upperBound {
        let nc = min(ncMax, columns.upperBound - jc)
        var pc = 0
        while pc < k {
            let kc = min(kcMax, k - pc)
            let depth = pc..<(pc + kc)
            let accumulate = pc > 0 || !overwritesFirst
            let bBlock: UnsafePointer<S>
            if bIsPacked {
                // `jc` is a multiple of nr: the splits and blockN are whole panels.
                bBlock =
                    b + packedBlockOffset(depthStart: pc, n: n, nr: nr)
                    + (jc / nr) * nr * kc
            } else {
                packB(
                    b, k: k, n: n, transposed: transposeB, depth: depth,
                    columns: jc..<(jc + nc), nr: nr, into: packedB)
                bBlock = UnsafePointer(packedB)
            }
            for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: mcMax) {
                let mc = min(mcMax, rows.upperBound - ic)
                packA(
                    a, m: m, k: k, transposed: transposeA, rows: ic..<(ic + mc), depth: depth,
                    mr: mr, into: packedA)
                for jr in stride(from: 0, to: nc, by: nr) {
                    for ir in stride(from: 0, to: mc, by: mr) {
                        multiply(
                            packedA + (ir / mr) * mr * kc, bBlock + (jr / nr) * nr * kc,
                            kc: kc, row: ic + ir, column: jc + jr,
                            height: min(mr, mc - ir), width: min(nr, nc - jr),
                            accumulate: accumulate)
                    }
                }
            }
            pc += kc
        }
        jc += nc
    }
}

/// The plain i-k-j loop, for tiny products and element types without a kernel.
/// Transposed operands are read in place (strided); at these sizes that is cheaper than
/// packing.
@_specialize(where S == Float)
@_specialize(where S == Double)
func plainProduct<S: TensorScalar>(
    _ a: [S], _ b: [S], _ c: inout [S], m: Int, n: Int, k: Int,
    transposeA: Bool, transposeB: Bool
) {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                guard let ap = a.baseAddress, let bp = b.baseAddress, let cp = c.baseAddress
                else { return }  // an empty operand: nothing to add
                for i in 0..<m {
                    let row = cp + i * n
                    for p in 0..<k {
                        let scale = transposeA ? ap[p * m + i] : ap[i * k + p]
                        if transposeB {
                            for j in 0..<n { row[j] += scale * bp[j * k + p] }
                        } else {
                            let bRow = bp + p * n
                            for j in 0..<n { row[j] += scale * bRow[j] }
                        }
                    }
                }
            }
        }
    }
}

/// Where the k block starting at `depthStart` begins in a matrix packed by `packWholeB`:
/// every earlier block is `blockK` deep and holds all the padded columns.
@inline(__always)
func packedBlockOffset(depthStart: Int, n: Int, nr: Int) -> Int {
    depthStart * ((n + nr - 1) / nr * nr)
}

/// All of op(B) (k×n) packed once, block by block in the order `blockedProduct` reads
/// it: for each k block of `blockK`, the `nr`-wide panels of every column. A matrix used
/// as the right operand of many products (the recurrent weight, at every time step)
/// is packed once instead of once per product.
@_specialize(where S == Float)
@_specialize(where S == Double)
func packWholeB<S: BinaryFloatingPoint & SIMDScalar>(
    _ b: [S], k: Int, n: Int, transposed: Bool,
    nr: Int
) -> [S] {
    let paddedN = (n + nr - 1) / nr * nr
    return b.withUnsafeBufferPointer { b in
        [S](unsafeUninitializedCapacity: k * paddedN) { out, initialized in
            if let source = b.baseAddress, let target = out.baseAddress {
                // Each thread packs half of the panels (a 512×2048 Wh is a 4 MB copy, once
                // per sequence: 3 % of an lstm training step at N = 25 on one thread).
                let panels = (n + nr - 1) / nr
                forEachHalf(of: panels, parallelFrom: k * n >= 1 << 16 ? 2 : Int.max) { part in
                    guard !part.isEmpty else { return }
                    let columns = (part.lowerBound * nr)..<Swift.min(n, part.upperBound * nr)
                    for pc in stride(from: 0, to: k, by: blockK) {
                        let kc = min(blockK, k - pc)
                        packB(
                            source, k: k, n: n, transposed: transposed, depth: pc..<(pc + kc),
                            columns: columns, nr: nr,
                            into: target + packedBlockOffset(depthStart: pc, n: n, nr: nr)
                                + part.lowerBound * nr * kc)
                    }
                }
            }
            initialized = k * paddedN
        }
    }
}

/// `packWholeB` with the kernel's panel width for Float or Double; nil for other element
/// types, which have no kernel and are never packed.
func packedRightOperand<S: TensorScalar>(_ b: [S], k: Int, n: Int, transposed: Bool) -> [S]? {
    if S.self == Float.self {
        return unsafeBitCast(
            packWholeB(
                unsafeBitCast(b, to: [Float].self), k: k, n: n,
                transposed: transposed, nr: floatNR), to: [S].self)
    }
    if S.self == Double.self {
        return unsafeBitCast(
            packWholeB(
                unsafeBitCast(b, to: [Double].self), k: k, n: n,
                transposed: transposed, nr: doubleNR), to: [S].self)
    }
    return nil
}
