import CBLAS

/// A fixed-size, zero-initialised, 64-byte aligned Float32 buffer that owns its memory.
///
/// The hot loops of the trainer work on raw pointers into such buffers: no
/// copy-on-write checks, no exclusivity checks and no allocation after set-up.
public final class FloatBuffer {
    /// Number of Float elements.
    public let count: Int
    /// Start of the storage; valid for the lifetime of the buffer.
    public let pointer: UnsafeMutablePointer<Float>

    /// Allocates `count` zeros.
    public init(count: Int) {
        precondition(count >= 0, "FloatBuffer count must be non-negative")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// Copies `values` into a new buffer.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    deinit { pointer.deallocate() }

    /// Element access (bounds-checked in debug builds only).
    @inline(__always)
    public subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    /// Sets every element to zero.
    @inline(__always)
    public func zero() { pointer.update(repeating: 0, count: count) }

    /// A copy of the contents as an array (for serialisation and tests).
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Overwrites the contents from `values` (must have `count` elements).
    public func assign(_ values: [Float]) {
        precondition(values.count == count, "FloatBuffer.assign: expected \(count) values, got \(values.count)")
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { pointer.update(from: base, count: count) }
        }
    }
}

/// Row-major single-precision matrix products, `C = alpha * op(A) * op(B) + beta * C`,
/// through OpenBLAS `cblas_sgemm` (the measured winner at this project's sizes,
/// see docs/RL.md).
public enum GEMM {
    /// Pins OpenBLAS to one thread. At 64x128x64 the thread hand-off costs more
    /// than it saves, and the machine is shared; call once before timing.
    public static func useSingleThread() { openblas_set_num_threads(1) }

    /// `C[m x n] = alpha * op(A) * op(B) + beta * C`, all row-major.
    /// `op(A)` is `m x k` (A stored `k x m` when `transA`), `op(B)` is `k x n`.
    @inline(__always)
    public static func multiply(
        transA: Bool = false, transB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
