// The skinny product's dot-product block for AVX2 + FMA: the same 16-lane sums as
// Sources/Tensor/SkinnyGEMM.swift's `dotBlock` (each lane the same chain of fused
// multiply-adds), each kept as two 8-lane halves, a few rows and columns at a time so the
// accumulators fit in the 16 ymm registers.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Only the intrinsics below may fuse a product into a sum (see FloatTileAVX512.c).
#pragma clang fp contract(off)

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

// As SkinnyDotAVX512.c's `finish`: the lanes in the same tree (lane i with i + 8, then
// i + 4, i + 2, i + 1; `low` holds lanes 0 … 7), then the tail.
AVX2 INLINE float finish(__m256 low, __m256 high, const float *x, const float *y, long tail, long k) {
    const __m256 h8 = _mm256_add_ps(low, high);
    const __m128 h4 = _mm_add_ps(_mm256_castps256_ps128(h8), _mm256_extractf128_ps(h8, 1));
    const __m128 h2 = _mm_add_ps(h4, _mm_movehl_ps(h4, h4));
    float total = _mm_cvtss_f32(_mm_add_ss(h2, _mm_shuffle_ps(h2, h2, 1)));
    for (long q = tail; q < k; ++q) {
        total = _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(x[q]), _mm_set_ss(y[q]), _mm_set_ss(total)));
    }
    return total;
}

// Rows [R0, R0 + ROWS) × columns [S0, S0 + COLS) of the block (constants once inlined);
// x and y are the block's row pointers, `partials` its 24 saved sums (index 6·r + s).
AVX2 INLINE void sub_block(
    const int r0, const int rows, const int s0, const int cols, const float *const *x,
    const float *const *y, float *c, long k, long ldc, int columns, long start, long end,
    float *partials) {
    __m256 acc[2][6][2];
    for (int r = 0; r < rows; ++r) {
        for (int s = 0; s < cols; ++s) {
            const float *saved = partials + 16 * (6 * (r0 + r) + s0 + s);
            acc[r][s][0] = start > 0 ? _mm256_loadu_ps(saved) : _mm256_setzero_ps();
            acc[r][s][1] = start > 0 ? _mm256_loadu_ps(saved + 8) : _mm256_setzero_ps();
        }
    }
    for (long p = start; p < end; p += 16) {
        __m256 xv[2][2];
        for (int r = 0; r < rows; ++r) {
            xv[r][0] = _mm256_loadu_ps(x[r0 + r] + p);
            xv[r][1] = _mm256_loadu_ps(x[r0 + r] + p + 8);
        }
        for (int s = 0; s < cols; ++s) {
            for (int h = 0; h < 2; ++h) {
                const __m256 yv = _mm256_loadu_ps(y[s0 + s] + p + 8 * h);
                for (int r = 0; r < rows; ++r) {
                    acc[r][s][h] = _mm256_fmadd_ps(xv[r][h], yv, acc[r][s][h]);
                }
            }
        }
    }
    const long tail = k / 16 * 16;
    if (end != tail) {
        for (int r = 0; r < rows; ++r) {
            for (int s = 0; s < cols; ++s) {
                float *saved = partials + 16 * (6 * (r0 + r) + s0 + s);
                _mm256_storeu_ps(saved, acc[r][s][0]);
                _mm256_storeu_ps(saved + 8, acc[r][s][1]);
            }
        }
        return;
    }
    for (int r = 0; r < rows; ++r) {
        for (int s = 0; s < cols; ++s) {
            if (s0 + s < columns) {
                c[(r0 + r) * ldc + s0 + s] = finish(
                    acc[r][s][0], acc[r][s][1], x[r0 + r], y[s0 + s], tail, k);
            }
        }
    }
}

AVX2 void rnn_sgemm_dot_block_avx2(
    const float *a, const float *b, float *c, long k, long ldc, int rows, int columns,
    long start, long end, void *saved) {
    float *partials = saved;
    const float *x[4], *y[6];
    for (int r = 0; r < 4; ++r) x[r] = a + (r < rows ? r : rows - 1) * k;
    for (int s = 0; s < 6; ++s) y[s] = b + (s < columns ? s : columns - 1) * k;
    if (rows == 4) {
        // 2 rows × 2 columns: 8 accumulators, 4 vectors of A, 2 of B.
        for (int r0 = 0; r0 < 4; r0 += 2) {
            sub_block(r0, 2, 0, 2, x, y, c, k, ldc, columns, start, end, partials);
            if (columns > 2) sub_block(r0, 2, 2, 2, x, y, c, k, ldc, columns, start, end, partials);
            if (columns > 4) sub_block(r0, 2, 4, 2, x, y, c, k, ldc, columns, start, end, partials);
        }
    } else {
        // 1 row × 6 columns: 12 accumulators, 2 vectors of A.
        sub_block(0, 1, 0, 6, x, y, c, k, ldc, columns, start, end, partials);
    }
}

#else

void rnn_sgemm_dot_block_avx2(
    const float *a, const float *b, float *c, long k, long ldc, int rows, int columns,
    long start, long end, void *partials) {}

#endif
