#ifndef RNNCAPTIONING_CKERNELS_H
#define RNNCAPTIONING_CKERNELS_H

// The Float matrix product's register tiles written with x86 intrinsics, one set per
// instruction-set level, for the portable build (compiled for Haswell) to run AVX-512 code
// where the CPU has it. Each function is compiled for its own level with a `target`
// attribute, never with a global flag, so nothing else in the package may use those
// instructions; Swift calls a function only after checking the running CPU
// (Sources/Tensor/GEMMKernelChoice.swift). On other architectures every function exists
// but does nothing and `rnn_ckernels_available` returns 0.
//
// Each element of C is the same chain of fused multiply-adds, in the same order, as the
// Swift kernels' (Sources/Tensor/GEMMKernels.swift, GEMMRowKernels.swift,
// SkinnyGEMM.swift), so the results are the same bit for bit whichever kernel runs.
//
// Layouts are those of Sources/Tensor/GEMMPacking.swift: an A panel holds 8 rows side by
// side for each p (8 floats per p), a B panel 32 columns (32 floats per p). The caller
// checks the sizes; these functions read and write exactly what is described.

/// 1 when this build contains the x86-64 kernels (an x86-64 build), else 0.
int rnn_ckernels_available(void);

/// The 8×32 tile C[0..<8][0..<32] (row stride `ldc`) += (or, with `accumulate` 0, =) the
/// A panel (`kc`×8) times the B panel (`kc`×32). Needs AVX512F and FMA.
void rnn_sgemm_tile_avx512(
    long kc, const float *a, const float *b, float *c, long ldc, int accumulate);

/// Rows 0 ..< `height` (1 … 7) of the 8×32 tile, as `rnn_sgemm_tile_avx512` computes them.
/// Needs AVX512F and FMA.
void rnn_sgemm_rows_avx512(
    long height, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate);

/// Rows 0 ..< `height` (1 … 8) and columns 0 ..< `width` (1 … 31) of the tile, as
/// `rnn_sgemm_tile_avx512` computes them, for the last panel of a C whose width is not a
/// multiple of 32 (the B panel is zero-padded to 32 columns; C is read and written only
/// in the valid columns). Needs AVX512F and FMA.
void rnn_sgemm_edge_avx512(
    long height, long width, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate);

/// The skinny product's block (Sources/Tensor/SkinnyGEMM.swift, `dotBlock`): rows a, a + k,
/// a + 2k, a + 3k of A (only the first if `rows` is 1) against rows b … b + 5k of B (the
/// first `columns` of them, 1 … 6), over p in [`start`, `end`) (multiples of 16, `end` at
/// most k rounded down to 16), continuing the 16-lane partial sums in `partials` (24
/// vectors of 16 floats) unless `start` is 0. When `end` is k rounded down to 16, the
/// sums are finished (lanes added in order, then the last k mod 16 products) and stored
/// into C (row stride `ldc`); otherwise saved in `partials`. Needs AVX512F and FMA.
void rnn_sgemm_dot_block_avx512(
    const float *a, const float *b, float *c, long k, long ldc, int rows, int columns,
    long start, long end, void *partials);

/// The most rows `rnn_sgemm_strip_avx512` takes: one accumulator register each.
#define RNN_STRIP_ROWS 28

/// C[0..<rows][0..<width] (row stride `ldc`) += (or, with `accumulate` 0, =) A · B for
/// `rows` (1 … RNN_STRIP_ROWS) rows of A and `width` (1 … 16) columns of B, over p in
/// [0, k): A's values for p at a + p · `lda` (one per row, side by side: Aᵀ as stored, or
/// A packed so), B's row p at b + p · `ldb` (B read in place, never packed). Each element
/// is one chain of fused multiply-adds over p in order, as in the tiles. Needs AVX512F
/// and FMA.
void rnn_sgemm_strip_avx512(
    long rows, long width, long k, const float *a, long lda, const float *b, long ldb,
    float *c, long ldc, int accumulate);

/// 8 rows side by side: dst[p · `ldd` + r] = a[r · `lda` + p] for r < 8, p < `kc` (an A
/// panel with `ldd` 8; 8 columns of a B panel of a transposed B with `ldd` 32). Needs AVX2.
void rnn_pack_rows8_avx2(const float *a, long lda, long kc, float *dst, long ldd);

/// The same 8×32 tile as `rnn_sgemm_tile_avx512` with 256-bit registers: AVX2 has 16 of
/// them, too few for the tile's 32 accumulators, so it is computed in passes over the
/// panels (6 rows × 16 columns, 12 accumulators; then the last 2 rows × 32). Needs AVX2
/// and FMA.
void rnn_sgemm_tile_avx2(
    long kc, const float *a, const float *b, float *c, long ldc, int accumulate);

/// Rows 0 ..< `height` (1 … 7) of the tile, as `rnn_sgemm_tile_avx2` computes them.
/// Needs AVX2 and FMA.
void rnn_sgemm_rows_avx2(
    long height, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate);

/// `rnn_sgemm_dot_block_avx512` with 256-bit registers (each 16-lane sum in two halves).
/// Needs AVX2 and FMA.
void rnn_sgemm_dot_block_avx2(
    const float *a, const float *b, float *c, long k, long ldc, int rows, int columns,
    long start, long end, void *partials);

#endif
