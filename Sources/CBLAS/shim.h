#include <cblas.h>
// OpenBLAS extension: pin the thread count (declared in openblas_config.h on some builds).
void openblas_set_num_threads(int num_threads);

// Adam update over a flat parameter vector (PyTorch's order of operations).
// In C because neither Swift's SIMD squareRoot nor a plain loop vectorised
// (libm's sqrtf keeps errno semantics); with SSE the loop runs 4 lanes at a time.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
static inline void offload_adam_update(float *restrict p, const float *restrict g, float *restrict m,
                                       float *restrict v, long n, float beta1, float beta2,
                                       float step_size, float inv_sqrt_bc2, float eps) {
    long i = 0;
#if defined(__SSE2__)
    const __m128 b1 = _mm_set1_ps(beta1), c1 = _mm_set1_ps(1.0f - beta1);
    const __m128 b2 = _mm_set1_ps(beta2), c2 = _mm_set1_ps(1.0f - beta2);
    const __m128 st = _mm_set1_ps(step_size), ib = _mm_set1_ps(inv_sqrt_bc2), ep = _mm_set1_ps(eps);
    for (; i + 4 <= n; i += 4) {
        __m128 gi = _mm_loadu_ps(g + i);
        __m128 mi = _mm_add_ps(_mm_mul_ps(b1, _mm_loadu_ps(m + i)), _mm_mul_ps(c1, gi));
        __m128 vi = _mm_add_ps(_mm_mul_ps(b2, _mm_loadu_ps(v + i)), _mm_mul_ps(c2, _mm_mul_ps(gi, gi)));
        _mm_storeu_ps(m + i, mi);
        _mm_storeu_ps(v + i, vi);
        __m128 den = _mm_add_ps(_mm_mul_ps(_mm_sqrt_ps(vi), ib), ep);
        _mm_storeu_ps(p + i, _mm_sub_ps(_mm_loadu_ps(p + i), _mm_div_ps(_mm_mul_ps(st, mi), den)));
    }
#endif
    for (; i < n; i++) {
        float mi = beta1 * m[i] + (1.0f - beta1) * g[i];
        float vi = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
        m[i] = mi;
        v[i] = vi;
        p[i] -= step_size * mi / (__builtin_sqrtf(vi) * inv_sqrt_bc2 + eps);
    }
}
