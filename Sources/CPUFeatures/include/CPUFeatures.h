#ifndef RNNCAPTIONING_CPU_FEATURES_H
#define RNNCAPTIONING_CPU_FEATURES_H

#include <stdint.h>

// The x86-64 instruction-set extensions a build may assume, one bit each. A mismatch
// between what the Swift code was compiled for and the running CPU shows up as SIGILL,
// which on x86-64 is also how a Swift runtime trap (ud2) ends: this module tells the two
// apart before any vectorised code runs (see CPUCheck, and docs/PERFORMANCE.md).
//
// Only extensions a compiler uses on its own (vectorisation, scalar bit tricks, byte
// swaps, half-precision conversions) are listed: AES, SHA, RDRAND and the like are used
// only through intrinsics, which this package does not call.
#define RNN_CPU_FEATURE_COUNT 29

/// The extensions this package's numeric code was compiled for: this C target is compiled
/// with the same CPU level as the Swift modules (Package.swift), so the compiler's own
/// macros (`__AVX2__`, `__FMA__`, ...) say what it was allowed to emit. 0 on arm64.
uint64_t rnn_cpu_features_assumed(void);

/// The extensions the running CPU has and the operating system enables (AVX and AVX-512
/// need the OS to save their registers). 0 on arm64.
uint64_t rnn_cpu_features_present(void);

/// The name of feature `bit` ("AVX2"), or NULL outside 0 ..< RNN_CPU_FEATURE_COUNT.
const char *rnn_cpu_feature_name(int bit);

/// True when the build asked for the building machine's own CPU (RNNCAPTIONING_NATIVE=1).
int rnn_cpu_build_is_native(void);

#endif
