// Eight rows side by side, for the product's panels (Sources/Tensor/GEMMPacking.swift: A
// panels, and B panels of a transposed B): an 8×8 block at a time, transposed in
// registers. Gathering each column element by element was 6 % of greedy sampling (perf),
// where every step packs the hidden state.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 void rnn_pack_rows8_avx2(const float *a, long lda, long kc, float *dst, long ldd) {
    long p = 0;
    for (; p + 8 <= kc; p += 8) {
        const __m256 r0 = _mm256_loadu_ps(a + 0 * lda + p);
        const __m256 r1 = _mm256_loadu_ps(a + 1 * lda + p);
        const __m256 r2 = _mm256_loadu_ps(a + 2 * lda + p);
        const __m256 r3 = _mm256_loadu_ps(a + 3 * lda + p);
        const __m256 r4 = _mm256_loadu_ps(a + 4 * lda + p);
        const __m256 r5 = _mm256_loadu_ps(a + 5 * lda + p);
        const __m256 r6 = _mm256_loadu_ps(a + 6 * lda + p);
        const __m256 r7 = _mm256_loadu_ps(a + 7 * lda + p);
        // The usual 8×8 transpose: interleave pairs, then quadruples, then halves.
        const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
        const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
        const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
        const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
        const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
        const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
        const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
        const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
        float *out = dst + p * ldd;
        _mm256_storeu_ps(out + 0 * ldd, _mm256_permute2f128_ps(u0, u4, 0x20));
        _mm256_storeu_ps(out + 1 * ldd, _mm256_permute2f128_ps(u1, u5, 0x20));
        _mm256_storeu_ps(out + 2 * ldd, _mm256_permute2f128_ps(u2, u6, 0x20));
        _mm256_storeu_ps(out + 3 * ldd, _mm256_permute2f128_ps(u3, u7, 0x20));
        _mm256_storeu_ps(out + 4 * ldd, _mm256_permute2f128_ps(u0, u4, 0x31));
        _mm256_storeu_ps(out + 5 * ldd, _mm256_permute2f128_ps(u1, u5, 0x31));
        _mm256_storeu_ps(out + 6 * ldd, _mm256_permute2f128_ps(u2, u6, 0x31));
        _mm256_storeu_ps(out + 7 * ldd, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
    for (; p < kc; ++p) {
        for (int r = 0; r < 8; ++r) dst[p * ldd + r] = a[r * lda + p];
    }
}

#else

void rnn_pack_rows8_avx2(const float *a, long lda, long kc, float *dst, long ldd) {}

#endif
