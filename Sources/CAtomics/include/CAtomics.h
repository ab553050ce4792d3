#ifndef RNNCAPTIONING_CATOMICS_H
#define RNNCAPTIONING_CATOMICS_H

#include <stdint.h>

// The few atomic operations the matrix products' thread pool needs (Tensor's
// ThreadPool.swift), on plain machine words, with the C11 memory model (the compiler's
// __atomic builtins, which every clang has). Instead of the toolchain's
// Synchronization.Atomic, which Apple ships only from macOS 15 on. The same instructions
// either way: a plain load or store on x86-64 and arm64 for acquire/release, a locked
// instruction for the read-modify-writes.
//
// Always inlined, so the operations sit in the Swift code that calls them, where the
// thread sanitizer instruments them like Swift's own atomics.

#define RNN_ATOMIC_INLINE static inline __attribute__((always_inline))

RNN_ATOMIC_INLINE intptr_t rnn_atomic_load_acquire(const intptr_t *word) {
    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

RNN_ATOMIC_INLINE intptr_t rnn_atomic_load_sequential(const intptr_t *word) {
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

RNN_ATOMIC_INLINE void rnn_atomic_store_release(intptr_t *word, intptr_t value) {
    __atomic_store_n(word, value, __ATOMIC_RELEASE);
}

RNN_ATOMIC_INLINE void rnn_atomic_store_sequential(intptr_t *word, intptr_t value) {
    __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
}

/// Stores `value` and returns what was there before (sequentially consistent).
RNN_ATOMIC_INLINE intptr_t rnn_atomic_exchange_sequential(intptr_t *word, intptr_t value) {
    return __atomic_exchange_n(word, value, __ATOMIC_SEQ_CST);
}

/// Adds `amount` and returns the new value (sequentially consistent).
RNN_ATOMIC_INLINE intptr_t rnn_atomic_add_sequential(intptr_t *word, intptr_t amount) {
    return __atomic_add_fetch(word, amount, __ATOMIC_SEQ_CST);
}

/// Replaces `expected` with `desired`; true if it did (acquiring on success, relaxed on
/// failure).
RNN_ATOMIC_INLINE _Bool rnn_atomic_compare_exchange_acquire(
    intptr_t *word, intptr_t expected, intptr_t desired) {
    return __atomic_compare_exchange_n(word, &expected, desired, 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

/// The processor's spin-wait hint: `pause` on x86-64, `isb` on arm64 (what Rust's
/// spin_loop uses there: `yield` is a no-op on most arm64 cores). Both make the spinning
/// core yield pipeline resources (to the other hyperthread on x86) and save power.
RNN_ATOMIC_INLINE void rnn_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("isb" ::: "memory");
#endif
}

#endif
