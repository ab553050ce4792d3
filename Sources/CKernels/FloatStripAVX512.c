// A few rows of A times B read where it lies, for AVX-512: Sources/Tensor/FloatGEMM.swift's
// strip path. Each element of C is the same chain of fused multiply-adds, over p in order,
// as in the packed tiles (FloatTileAVX512.c), so the results are the same bit for bit.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Only the intrinsics below may fuse a product into a sum (see FloatTileAVX512.c).
#pragma clang fp contract(off)

#define AVX512 __attribute__((target("avx512f,avx512vl,fma")))
#define INLINE static inline __attribute__((always_inline))

// How many rows of B ahead the strip prefetches.
#ifndef RNN_STRIP_PREFETCH
#define RNN_STRIP_PREFETCH 4
#endif

// ROWS accumulators (a constant once inlined, at most RNN_STRIP_ROWS): with B's vector
// and A's values broadcast from memory, at most 30 of the 32 zmm registers.
AVX512 INLINE void strip(
    const int rows, long k, const float *a, long lda, const float *b, long ldb, float *c,
    long ldc, __mmask16 mask, int accumulate) {
    __m512 acc[RNN_STRIP_ROWS];
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; ++r) {
        acc[r] = accumulate ? _mm512_maskz_loadu_ps(mask, c + r * ldc) : _mm512_setzero_ps();
    }
    for (long p = 0; p < k; ++p) {
        // B's rows are far apart (a row of Wh is 8 KB): without this, the first use of
        // each row waited for it (perf: 60 % of the kernel's time on that instruction).
        _mm_prefetch((const char *)(b + (p + RNN_STRIP_PREFETCH) * ldb), _MM_HINT_T0);
        const __m512 bv = _mm512_maskz_loadu_ps(mask, b + p * ldb);
        const float *ap = a + p * lda;
#pragma clang loop unroll(full)
        for (int r = 0; r < rows; ++r) {
            acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(ap[r]), bv, acc[r]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; ++r) _mm512_mask_storeu_ps(c + r * ldc, mask, acc[r]);
}

#define ROWS_CASE(R) \
    case R: strip(R, k, a, lda, b, ldb, c, ldc, mask, accumulate); break;

AVX512 void rnn_sgemm_strip_avx512(
    long rows, long width, long k, const float *a, long lda, const float *b, long ldb,
    float *c, long ldc, int accumulate) {
    const __mmask16 mask = (__mmask16)((1u << width) - 1u);
    switch (rows) {
        ROWS_CASE(1) ROWS_CASE(2) ROWS_CASE(3) ROWS_CASE(4) ROWS_CASE(5) ROWS_CASE(6)
        ROWS_CASE(7) ROWS_CASE(8) ROWS_CASE(9) ROWS_CASE(10) ROWS_CASE(11) ROWS_CASE(12)
        ROWS_CASE(13) ROWS_CASE(14) ROWS_CASE(15) ROWS_CASE(16) ROWS_CASE(17) ROWS_CASE(18)
        ROWS_CASE(19) ROWS_CASE(20) ROWS_CASE(21) ROWS_CASE(22) ROWS_CASE(23) ROWS_CASE(24)
        ROWS_CASE(25) ROWS_CASE(26) ROWS_CASE(27) ROWS_CASE(28)
        default: break;
    }
}

#else

void rnn_sgemm_strip_avx512(
    long rows, long width, long k, const float *a, long lda, const float *b, long ldb,
    float *c, long ldc, int accumulate) {}

#endif
