// The Float register tile for AVX-512: Sources/Tensor/GEMMKernels.swift's `floatMicroKernel`
// and GEMMRowKernels.swift's `floatRowsKernel`, instruction for instruction.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Only the intrinsics below may fuse a product into a sum: results must equal the Swift
// kernels' bit for bit.
#pragma clang fp contract(off)

#define AVX512 __attribute__((target("avx512f,avx512vl,fma")))
#define INLINE static inline __attribute__((always_inline))

int rnn_ckernels_available(void) { return 1; }

// Rows [0, ROWS) of the tile (ROWS a constant once inlined: 8 for the full tile, 4, 2 or 1
// for the last rows of A). Two 16-lane accumulators per row; for each p, B's two vectors
// meet every row's broadcast value of A, in row order, as in the Swift kernel. C is read
// and written under the column masks m0 (columns 0–15) and m1 (16–31): all ones but in
// the last panel of a C whose width is not a multiple of 32, whose missing columns the
// zero-padded B panel computes and the masks drop. With WIDE 0 (a constant too: the last
// panel is at most 16 wide, m1 empty) the second accumulator is left out, which halves
// that panel's work (V = 1004 leaves a 12-wide panel in every row of the scores).
AVX512 INLINE void tile_rows(
    const int rows, const int wide, long kc, const float *a, const float *b, float *c,
    long ldc, int accumulate, __mmask16 m0, __mmask16 m1) {
    __m512 acc[8][2];
    for (int r = 0; r < rows; ++r) {
        acc[r][0] = accumulate ? _mm512_maskz_loadu_ps(m0, c + r * ldc) : _mm512_setzero_ps();
        if (wide) {
            acc[r][1] =
                accumulate ? _mm512_maskz_loadu_ps(m1, c + r * ldc + 16) : _mm512_setzero_ps();
        }
    }
    for (long p = 0; p < kc; ++p) {
        const __m512 b0 = _mm512_loadu_ps(b);
        const __m512 b1 = wide ? _mm512_loadu_ps(b + 16) : b0;
        for (int r = 0; r < rows; ++r) {
            const __m512 ar = _mm512_set1_ps(a[r]);
            acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);
            if (wide) acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);
        }
        a += 8;
        b += 32;
    }
    for (int r = 0; r < rows; ++r) {
        _mm512_mask_storeu_ps(c + r * ldc, m0, acc[r][0]);
        if (wide) _mm512_mask_storeu_ps(c + r * ldc + 16, m1, acc[r][1]);
    }
}

// Rows [0, height) of the tile in blocks of 4, 2 and 1 (as `floatRowsKernel`).
AVX512 INLINE void rows_blocks(
    long height, const int wide, long kc, const float *a, const float *b, float *c,
    long ldc, int accumulate, __mmask16 m0, __mmask16 m1) {
    long row = 0;
    while (row < height) {
        float *tile = c + row * ldc;
        const long left = height - row;
        if (left >= 4) {
            tile_rows(4, wide, kc, a + row, b, tile, ldc, accumulate, m0, m1);
            row += 4;
        } else if (left >= 2) {
            tile_rows(2, wide, kc, a + row, b, tile, ldc, accumulate, m0, m1);
            row += 2;
        } else {
            tile_rows(1, wide, kc, a + row, b, tile, ldc, accumulate, m0, m1);
            row += 1;
        }
    }
}

AVX512 void rnn_sgemm_tile_avx512(
    long kc, const float *a, const float *b, float *c, long ldc, int accumulate) {
    tile_rows(8, 1, kc, a, b, c, ldc, accumulate, 0xFFFF, 0xFFFF);
}

AVX512 void rnn_sgemm_rows_avx512(
    long height, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {
    rows_blocks(height, 1, kc, a, b, c, ldc, accumulate, 0xFFFF, 0xFFFF);
}

AVX512 void rnn_sgemm_edge_avx512(
    long height, long width, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {
    const __mmask16 m0 = width >= 16 ? 0xFFFF : (__mmask16)((1u << width) - 1u);
    const __mmask16 m1 = width <= 16 ? 0 : (__mmask16)((1u << (width - 16)) - 1u);
    if (width <= 16 && height == 8) {
        tile_rows(8, 0, kc, a, b, c, ldc, accumulate, m0, m1);
    } else if (width <= 16) {
        rows_blocks(height, 0, kc, a, b, c, ldc, accumulate, m0, m1);
    } else if (height == 8) {
        tile_rows(8, 1, kc, a, b, c, ldc, accumulate, m0, m1);
    } else {
        rows_blocks(height, 1, kc, a, b, c, ldc, accumulate, m0, m1);
    }
}

#else

int rnn_ckernels_available(void) { return 0; }

void rnn_sgemm_tile_avx512(
    long kc, const float *a, const float *b, float *c, long ldc, int accumulate) {}

void rnn_sgemm_rows_avx512(
    long height, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {}

void rnn_sgemm_edge_avx512(
    long height, long width, long kc, const float *a, const float *b, float *c, long ldc,
    int accumulate) {}

#endif
