// The Float register tile for AVX2 + FMA (16 ymm registers): the same 8×32 tile and the
// same per-element chains as Sources/Tensor/GEMMKernels.swift's `floatMicroKernel`,
// computed in passes small enough to stay in registers. (The Swift kernel compiled for
// Haswell keeps its 16 SIMD16 accumulators in 32 ymm halves, twice the registers there are,
// and spills.)
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Only the intrinsics below may fuse a product into a sum (see FloatTileAVX512.c).
#pragma clang fp contract(off)

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

// Rows [0, ROWS) × vectors [FIRST, FIRST + VECTORS) of 8 columns of the tile (all constants
// once inlined); at most 12 accumulators, the B vectors and one broadcast value of A.
AVX2 INLINE void pass(
    const int rows, const int first, const int vectors, long kc, const float *a,
    const float *b, float *c, long ldc, int accumulate) {
    __m256 acc[6][4];
    for (int r = 0; r < rows; ++r) {
        for (int v = 0; v < vectors; ++v) {
            acc[r][v] = accumulate ? _mm256_loadu_ps(c + r * ldc + 8 * (first + v))
                                   : _mm256_setzero_ps();
        }
    }
    for (long p = 0; p < kc; ++p) {
        __m256 bv[4];
        for (int v = 0; v < vectors; ++v) bv[v] = _mm256_loadu_ps(b + 8 * (first + v));
        for (int r = 0; r < rows; ++r) {
            const __m256 ar = _mm256_broadcast_ss(a + r);
            for (int v = 0; v < vectors; ++v) acc[r][v] = _mm256_fmadd_ps(ar, bv[v], acc[r][v]);
        }
        a += 8;
        b += 32;
    }
    for (int r = 0; r < rows; ++r) {
        for (int v = 0; v < vectors; ++v) {
            _mm256_storeu_ps(c + r * ldc + 8 * (first + v), acc[r][v]);
        }
    }
}

// ROWS (1 … 6) rows of the tile: two passes of 16 columns for 3 or more rows, one pass of
// all 32 otherwise.
AVX2 INLINE void rows_block(
    const int rows, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {
    if (rows > 2) {
        pass(rows, 0, 2, kc, a, b, c, ldc, accumulate);
        pass(rows, 2, 2, kc, a, b, c, ldc, accumulate);
    } else {
        pass(rows, 0, 4, kc, a, b, c, ldc, accumulate);
    }
}

AVX2 void rnn_sgemm_tile_avx2(
    long kc, const float *a, const float *b, float *c, long ldc, int accumulate) {
    rows_block(6, kc, a, b, c, ldc, accumulate);
    rows_block(2, kc, a + 6, b, c + 6 * ldc, ldc, accumulate);
}

AVX2 void rnn_sgemm_rows_avx2(
    long height, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {
    long row = 0;
    while (row < height) {
        float *tile = c + row * ldc;
        // One block of up to 6 rows, its height a constant in each case (the accumulators
        // must be registers).
#define ROWS_CASE(R) \
    case R: rows_block(R, kc, a + row, b, tile, ldc, accumulate); row += R; break;
        switch (height - row) {
            ROWS_CASE(1) ROWS_CASE(2) ROWS_CASE(3) ROWS_CASE(4) ROWS_CASE(5)
            default: rows_block(6, kc, a + row, b, tile, ldc, accumulate); row += 6; break;
        }
#undef ROWS_CASE
    }
}

#else

void rnn_sgemm_tile_avx2(
    long kc, const float *a, const float *b, float *c, long ldc, int accumulate) {}

void rnn_sgemm_rows_avx2(
    long height, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {}

#endif
