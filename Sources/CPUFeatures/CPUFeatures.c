#include "CPUFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>

// This file is compiled with the Swift modules' CPU level (-march=haswell or -march=native)
// so that the macros below describe that level; its functions must still run on any x86-64
// CPU, since their whole point is to say that the CPU lacks something. So every function
// here is compiled for the plain x86-64 baseline: `arch=` resets the level, and the `no-`
// features drop what `-march=native` adds explicitly (checked in the disassembly, see
// docs/PERFORMANCE.md).
#pragma clang attribute push(__attribute__((target( \
    "arch=x86-64,no-sse3,no-popcnt,no-bmi,no-bmi2,no-lzcnt,no-movbe,no-cx16,no-gfni,no-adx"))), \
    apply_to = function)
#endif

// Names and compile-time macros, in bit order.
static const char *const names[RNN_CPU_FEATURE_COUNT] = {
    "SSE3", "SSSE3", "SSE4.1", "SSE4.2", "POPCNT", "CX16", "AVX", "AVX2", "FMA", "F16C",
    "BMI1", "BMI2", "LZCNT", "MOVBE", "AVX512F", "AVX512CD", "AVX512BW", "AVX512DQ",
    "AVX512VL", "AVX512IFMA", "AVX512VBMI", "AVX512VBMI2", "AVX512VNNI", "AVX512BITALG",
    "AVX512VPOPCNTDQ", "AVX512BF16", "GFNI", "VAES", "VPCLMULQDQ",
};

#define BIT(n) ((uint64_t)1 << (n))

uint64_t rnn_cpu_features_assumed(void) {
    uint64_t features = 0;
#if defined(__SSE3__)
    features |= BIT(0);
#endif
#if defined(__SSSE3__)
    features |= BIT(1);
#endif
#if defined(__SSE4_1__)
    features |= BIT(2);
#endif
#if defined(__SSE4_2__)
    features |= BIT(3);
#endif
#if defined(__POPCNT__)
    features |= BIT(4);
#endif
#if defined(__x86_64__) && defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16)
    features |= BIT(5);
#endif
#if defined(__AVX__)
    features |= BIT(6);
#endif
#if defined(__AVX2__)
    features |= BIT(7);
#endif
#if defined(__FMA__)
    features |= BIT(8);
#endif
#if defined(__F16C__)
    features |= BIT(9);
#endif
#if defined(__BMI__)
    features |= BIT(10);
#endif
#if defined(__BMI2__)
    features |= BIT(11);
#endif
#if defined(__LZCNT__)
    features |= BIT(12);
#endif
#if defined(__MOVBE__)
    features |= BIT(13);
#endif
#if defined(__AVX512F__)
    features |= BIT(14);
#endif
#if defined(__AVX512CD__)
    features |= BIT(15);
#endif
#if defined(__AVX512BW__)
    features |= BIT(16);
#endif
#if defined(__AVX512DQ__)
    features |= BIT(17);
#endif
#if defined(__AVX512VL__)
    features |= BIT(18);
#endif
#if defined(__AVX512IFMA__)
    features |= BIT(19);
#endif
#if defined(__AVX512VBMI__)
    features |= BIT(20);
#endif
#if defined(__AVX512VBMI2__)
    features |= BIT(21);
#endif
#if defined(__AVX512VNNI__)
    features |= BIT(22);
#endif
#if defined(__AVX512BITALG__)
    features |= BIT(23);
#endif
#if defined(__AVX512VPOPCNTDQ__)
    features |= BIT(24);
#endif
#if defined(__AVX512BF16__)
    features |= BIT(25);
#endif
#if defined(__GFNI__)
    features |= BIT(26);
#endif
#if defined(__VAES__)
    features |= BIT(27);
#endif
#if defined(__VPCLMULQDQ__)
    features |= BIT(28);
#endif
    return features;
}

uint64_t rnn_cpu_features_present(void) {
    uint64_t features = 0;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse3")) features |= BIT(0);
    if (__builtin_cpu_supports("ssse3")) features |= BIT(1);
    if (__builtin_cpu_supports("sse4.1")) features |= BIT(2);
    if (__builtin_cpu_supports("sse4.2")) features |= BIT(3);
    if (__builtin_cpu_supports("popcnt")) features |= BIT(4);
    if (__builtin_cpu_supports("avx")) features |= BIT(6);
    if (__builtin_cpu_supports("avx2")) features |= BIT(7);
    if (__builtin_cpu_supports("fma")) features |= BIT(8);
    if (__builtin_cpu_supports("bmi")) features |= BIT(10);
    if (__builtin_cpu_supports("bmi2")) features |= BIT(11);
    if (__builtin_cpu_supports("avx512f")) features |= BIT(14);
    if (__builtin_cpu_supports("avx512cd")) features |= BIT(15);
    if (__builtin_cpu_supports("avx512bw")) features |= BIT(16);
    if (__builtin_cpu_supports("avx512dq")) features |= BIT(17);
    if (__builtin_cpu_supports("avx512vl")) features |= BIT(18);
    if (__builtin_cpu_supports("avx512ifma")) features |= BIT(19);
    if (__builtin_cpu_supports("avx512vbmi")) features |= BIT(20);
    if (__builtin_cpu_supports("avx512vbmi2")) features |= BIT(21);
    if (__builtin_cpu_supports("avx512vnni")) features |= BIT(22);
    if (__builtin_cpu_supports("avx512bitalg")) features |= BIT(23);
    if (__builtin_cpu_supports("avx512vpopcntdq")) features |= BIT(24);
    if (__builtin_cpu_supports("avx512bf16")) features |= BIT(25);
    if (__builtin_cpu_supports("gfni")) features |= BIT(26);
    if (__builtin_cpu_supports("vaes")) features |= BIT(27);
    if (__builtin_cpu_supports("vpclmulqdq")) features |= BIT(28);
    // Not every clang's __builtin_cpu_supports knows these four: read CPUID directly.
    unsigned eax, ebx, ecx, edx;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        if (ecx & (1u << 13)) features |= BIT(5);   // CMPXCHG16B
        if (ecx & (1u << 22)) features |= BIT(13);  // MOVBE
        // F16C works on AVX registers: usable only where AVX is.
        if ((ecx & (1u << 29)) && (features & BIT(6))) features |= BIT(9);
    }
    if (__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 5))) {
        features |= BIT(12);  // LZCNT (ABM)
    }
    // A CPU may have the registers and the OS still not save them on a context switch
    // (XCR0). __builtin_cpu_supports checks that in both runtimes that implement it
    // (compiler-rt, libgcc); checked again here because the matrix product's AVX-512
    // kernels are chosen from these bits (Sources/Tensor/GEMMKernelChoice.swift).
    const uint64_t avx = BIT(6) | BIT(7) | BIT(8) | BIT(9) | BIT(27) | BIT(28);
    const uint64_t avx512 = BIT(14) | BIT(15) | BIT(16) | BIT(17) | BIT(18) | BIT(19) |
                            BIT(20) | BIT(21) | BIT(22) | BIT(23) | BIT(24) | BIT(25);
    unsigned xcr0 = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 27))) {  // OSXSAVE
        unsigned high;
        __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(high) : "c"(0));
    }
    if ((xcr0 & 0x6u) != 0x6u) features &= ~(avx | avx512);  // SSE and AVX state
    if ((xcr0 & 0xe0u) != 0xe0u) features &= ~avx512;        // opmask and zmm state
#endif
    return features;
}

const char *rnn_cpu_feature_name(int bit) {
    return bit >= 0 && bit < RNN_CPU_FEATURE_COUNT ? names[bit] : 0;
}

int rnn_cpu_build_is_native(void) {
#if defined(RNNCAPTIONING_NATIVE_BUILD)
    return 1;
#else
    return 0;
#endif
}

#if defined(__x86_64__)
#pragma clang attribute pop
#endif
