/// A hand-written SIMD matrix product, kept to measure against OpenBLAS at this
/// project's sizes (docs/RL.md records the result; BLAS won, so the model uses
/// `GEMM`). Only the forward shape `C += A B` is implemented.
public enum SIMDGEMM {
    /// `C[m x n] += A[m x k] B[k x n]`, row-major, contiguous; `n` must be a
    /// multiple of 16. Four rows of C are kept in registers per 16-column strip,
    /// so every B vector load feeds four FMAs.
    public static func multiplyAccumulate(m: Int, n: Int, k: Int,
                                          a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        precondition(n % 16 == 0, "SIMDGEMM needs n % 16 == 0")
        var j = 0
        while j < n {
            var i = 0
            while i + 4 <= m {
                var c0 = load(c + i * n + j), c1 = load(c + (i + 1) * n + j)
                var c2 = load(c + (i + 2) * n + j), c3 = load(c + (i + 3) * n + j)
                let a0 = a + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
                for p in 0..<k {
                    let bv = load(b + p * n + j)
                    c0 += a0[p] * bv; c1 += a1[p] * bv; c2 += a2[p] * bv; c3 += a3[p] * bv
                }
                store(c0, c + i * n + j); store(c1, c + (i + 1) * n + j)
                store(c2, c + (i + 2) * n + j); store(c3, c + (i + 3) * n + j)
                i += 4
            }
            while i < m {
                var c0 = load(c + i * n + j)
                for p in 0..<k { c0 += a[i * k + p] * load(b + p * n + j) }
                store(c0, c + i * n + j)
                i += 1
            }
            j += 16
        }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }
    @inline(__always) static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }
}
