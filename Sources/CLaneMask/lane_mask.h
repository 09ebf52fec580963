#ifndef OFFLOAD_LANE_MASK_H
#define OFFLOAD_LANE_MASK_H

/* The sign bits of a vector of 64-bit lanes as an integer (bit i = lane i), for the evaluator's
 * masks. Swift has no way to say "this <8 x i1> as an i8"; the lane-by-lane expression it allows
 * compiled to about 35 instructions (extract, shift and or each lane), where AVX-512 needs one
 * `vpmovq2m` (folded into the comparison: `kmovb`) and AVX one `vmovmskpd`. The vector types are
 * Clang extended vectors, which Swift imports as SIMD8<Int64> and SIMD4<Int64>. */

#include <stdint.h>
#if defined(__AVX512DQ__) || defined(__AVX__)
#include <immintrin.h>
#endif

typedef int64_t offload_i64x8 __attribute__((ext_vector_type(8)));
typedef int64_t offload_i64x4 __attribute__((ext_vector_type(4)));

static inline __attribute__((always_inline)) unsigned offload_sign_bits4(offload_i64x4 v) {
#if defined(__AVX__)
    return (unsigned)_mm256_movemask_pd((__m256d)v);
#else
    unsigned bits = 0;
    for (int i = 0; i < 4; i++) bits |= (unsigned)((uint64_t)v[i] >> 63) << i;
    return bits;
#endif
}

static inline __attribute__((always_inline)) unsigned offload_sign_bits8(offload_i64x8 v) {
#if defined(__AVX512DQ__)
    return (unsigned)_mm512_movepi64_mask((__m512i)v);
#else
    return offload_sign_bits4(v.lo) | offload_sign_bits4(v.hi) << 4;
#endif
}

#endif
