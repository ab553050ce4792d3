// The skinny product's dot-product block for AVX-512: Sources/Tensor/SkinnyGEMM.swift's
// `dotBlock`, instruction for instruction (24 accumulators, 4 vectors of A, 1 of B: 29 of
// the 32 zmm registers).
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Only the intrinsics below may fuse a product into a sum (see FloatTileAVX512.c).
#pragma clang fp contract(off)

#define AVX512 __attribute__((target("avx512f,avx512vl,fma")))
#define INLINE static inline __attribute__((always_inline))

// One element's finish, as `dotBlock`'s `finish`: the 16 lanes added in the same tree
// (lane i with i + 8, then i + 4, i + 2, i + 1), then the last k mod 16 products, fused,
// in order.
AVX512 INLINE float finish(__m512 acc, const float *x, const float *y, long tail, long k) {
    const __m256 high = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc), 1));
    const __m256 h8 = _mm256_add_ps(_mm512_castps512_ps256(acc), high);
    const __m128 h4 = _mm_add_ps(_mm256_castps256_ps128(h8), _mm256_extractf128_ps(h8, 1));
    const __m128 h2 = _mm_add_ps(h4, _mm_movehl_ps(h4, h4));
    float total = _mm_cvtss_f32(_mm_add_ss(h2, _mm_shuffle_ps(h2, h2, 1)));
    for (long q = tail; q < k; ++q) {
        total = _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(x[q]), _mm_set_ss(y[q]), _mm_set_ss(total)));
    }
    return total;
}

// ROWS is 4 or 1 (a constant once inlined).
AVX512 INLINE void dot_block(
    const int rows, const float *a, const float *b, float *c, long k, long ldc, int columns,
    long start, long end, float *partials) {
    const float *x[4], *y[6];
    for (int r = 0; r < 4; ++r) x[r] = a + (r < rows ? r : rows - 1) * k;
    for (int s = 0; s < 6; ++s) y[s] = b + (s < columns ? s : columns - 1) * k;
    __m512 acc[4][6];
    for (int r = 0; r < rows; ++r) {
        for (int s = 0; s < 6; ++s) {
            acc[r][s] = start > 0 ? _mm512_loadu_ps(partials + 16 * (6 * r + s))
                                  : _mm512_setzero_ps();
        }
    }
    for (long p = start; p < end; p += 16) {
        __m512 xv[4];
        for (int r = 0; r < rows; ++r) xv[r] = _mm512_loadu_ps(x[r] + p);
        for (int s = 0; s < 6; ++s) {
            const __m512 yv = _mm512_loadu_ps(y[s] + p);
            for (int r = 0; r < rows; ++r) acc[r][s] = _mm512_fmadd_ps(xv[r], yv, acc[r][s]);
        }
    }
    const long tail = k / 16 * 16;
    if (end != tail) {
        for (int r = 0; r < rows; ++r) {
            for (int s = 0; s < 6; ++s) _mm512_storeu_ps(partials + 16 * (6 * r + s), acc[r][s]);
        }
        return;
    }
    for (int r = 0; r < rows; ++r) {
        for (int s = 0; s < columns; ++s) c[r * ldc + s] = finish(acc[r][s], x[r], y[s], tail, k);
    }
}

AVX512 void rnn_sgemm_dot_block_avx512(
    const float *a, const float *b, float *c, long k, long ldc, int rows, int columns,
    long start, long end, void *saved) {
    float *partials = saved;
    if (rows == 4) {
        dot_block(4, a, b, c, k, ldc, columns, start, end, partials);
    } else {
        dot_block(1, a, b, c, k, ldc, columns, start, end, partials);
    }
}

#else

void rnn_sgemm_dot_block_avx512(
    const float *a, const float *b, float *c, long k, long ldc, int rows, int columns,
    long start, long end, void *partials) {}

#endif
