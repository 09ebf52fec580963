#ifndef OFFLOAD_PREFETCH_H
#define OFFLOAD_PREFETCH_H

/* Software prefetch for the evaluator's hot loop. Swift has no prefetch intrinsic; a plain load
 * would occupy the reorder buffer until the miss returns, a prefetch retires at once. Prefetching
 * an invalid address does not fault, so callers may run past the end of an array. */
static inline __attribute__((always_inline)) void offload_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/* Prefetch into the outer caches only (lower locality), for streams read a little later. */
static inline __attribute__((always_inline)) void offload_prefetch_l2(const void *address) {
    __builtin_prefetch(address, 0, 1);
}

/* Prefetch with intent to write (reference counts are written). */
static inline __attribute__((always_inline)) void offload_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
