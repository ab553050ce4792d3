import CKernels

/// Up to this many rows of op(A) (with B neither transposed nor packed), the AVX-512
/// Float product computes C 16 columns at a time with `rnn_sgemm_strip_avx512`, one
/// accumulator register per row, reading B where it lies.
///
/// Why: code that runs one time step at a time (the learner's, and the Solutions') calls
/// `prevH.matmul(Wh)` at every step with N = 25 rows, and the blocked product packs all of
/// Wh for those 25 rows each time: `packB` was 8 % of the grader's overfit runs (perf).
/// A strip of 16 columns meets all the rows at once, so each value of B is loaded once,
/// straight from B. The limit is the C kernel's (one zmm register per row).
let stripRowLimit = Int(RNN_STRIP_ROWS)

/// C (m×n) = op(A) · B, columns `columns` (whole 16-column strips but the last), for at
/// most `stripRowLimit` rows: `aColumns` holds op(A) by columns (p-major, `m` values per
/// p); B is k×n, row-major, read in place. Needs the AVX-512 kernel.
func stripProduct(
    _ aColumns: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, columns: Range<Int>
) {
    var j = columns.lowerBound
    while j < columns.upperBound {
        let width = min(16, columns.upperBound - j)
        rnn_sgemm_strip_avx512(m, width, k, aColumns, m, b + j, n, c + j, n, 0)
        j += 16
    }
}

/// op(A) (m×k) by columns, as `stripProduct` reads it: Aᵀ is already so stored; A is
/// copied as one A panel of all its m rows (`packA` with `mr` = m: m·k values, a few rows,
/// so a small copy).
func columnsOfLeftOperand(
    _ a: UnsafePointer<Float>, m: Int, k: Int, transposed: Bool,
    _ body: (UnsafePointer<Float>) -> Void
) {
    if transposed {
        body(a)
        return
    }
    let columns = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
    defer { columns.deallocate() }
    packA(a, m: m, k: k, transposed: false, rows: 0..<m, depth: 0..<k, mr: m, into: columns)
    body(columns)
}
