#ifndef OFFLOAD_CLOCK_PROBE_H
#define OFFLOAD_CLOCK_PROBE_H

#include <stdint.h>

/* A chain of `n` dependent one-cycle integer additions: it takes `n` core cycles on any
 * out-of-order x86-64 or ARM64 core (the loop counter and branch run beside the chain), so
 * `n / thread CPU time` estimates the clock the measuring thread actually got. Benchmarks use it
 * to report cycles per operation, which varies far less than time on a shared host whose clock
 * moves. The empty asm keeps the compiler from folding the chain into one addition. */
static inline uint64_t offload_dependent_adds(uint64_t n) {
    uint64_t x = 0;
    for (uint64_t i = 0; i < n; i++) {
#if defined(__x86_64__)
        __asm__ volatile("add $1, %0" : "+r"(x));
#elif defined(__aarch64__)
        __asm__ volatile("add %0, %0, #1" : "+r"(x));
#else
        __asm__ volatile("" : "+r"(x));
        x += 1;
#endif
    }
    return x;
}

#endif
