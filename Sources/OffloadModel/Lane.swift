import CLaneMask

/// A value the model's formulas can run on: one `Double` (the scalar API) or a SIMD vector of
/// doubles (the evaluator's batch path, one user per lane).
///
/// The formulas of `SystemModel`, `LogisticQoE`, `MOSQoE` and `Objective` are written once, generic
/// over `ModelLane`; branches are written as masks and `select`, so every lane of a vector gets
/// exactly the operations the scalar code performs on that user and the results are bit-identical
/// (no operation is fused or reordered differently: `fma` is always an explicit fused multiply-add).
/// `Double`, `SIMD4<Double>` and `SIMD8<Double>` conform.
public protocol ModelLane {
    associatedtype Mask: LaneMask
    /// Number of users a value carries.
    static var laneCount: Int { get }
    init(repeating: Double)

    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func + (a: Self, b: Double) -> Self
    static func - (a: Self, b: Double) -> Self
    static func * (a: Self, b: Double) -> Self
    static func / (a: Self, b: Double) -> Self
    static func + (a: Double, b: Self) -> Self
    static func - (a: Double, b: Self) -> Self
    static func * (a: Double, b: Self) -> Self
    static func / (a: Double, b: Self) -> Self
    static prefix func - (a: Self) -> Self

    static func .< (a: Self, b: Self) -> Mask
    static func .<= (a: Self, b: Self) -> Mask
    static func .> (a: Self, b: Self) -> Mask
    static func .>= (a: Self, b: Self) -> Mask
    static func .< (a: Self, b: Double) -> Mask
    static func .== (a: Self, b: Double) -> Mask
    static func .<= (a: Self, b: Double) -> Mask
    static func .> (a: Self, b: Double) -> Mask
    static func .>= (a: Self, b: Double) -> Mask

    /// `a` where `m` holds, otherwise `b`, lane by lane.
    static func select(_ m: Mask, _ a: Self, _ b: Self) -> Self
    /// `a * b + c` with one rounding.
    static func fma(_ a: Self, _ b: Self, _ c: Self) -> Self
    /// Lane `i` as a scalar.
    func lane(_ i: Int) -> Double
    /// A value whose lane `i` is `f(i)`.
    static func gather(_ f: (Int) -> Double) -> Self
    /// Applies a scalar function to every lane (rare slow paths only).
    func map(_ f: (Double) -> Double) -> Self
    /// Loads `laneCount` consecutive doubles.
    static func load(_ p: UnsafePointer<Double>) -> Self
    /// Stores `laneCount` consecutive doubles.
    func store(_ p: UnsafeMutablePointer<Double>)

    /// `p * 2^k` where `shifted = k + 1.5 * 2^52` (the rounding trick of `FastMath.exp`); `p * 2^k` must be normal.
    /// The significand of `shifted` holds `2^51 + k`, so shifting its bits left by 52 leaves `k << 52`
    /// (the `2^51` shifts out): one shift and one integer add.
    static func scaleByShiftedExponent(_ p: Self, _ shifted: Self) -> Self
    /// `|x|` lane by lane (NaN stays NaN): clears the sign bit.
    static func magnitude(_ x: Self) -> Self
    /// For positive normal `x`: the significand in `[1, 2)` and the unbiased exponent as a double.
    static func significandAndExponent(_ x: Self) -> (significand: Self, exponent: Self)
}

/// The comparison result of a `ModelLane`: `Bool` for `Double`, a `SIMDMask` for vectors.
public protocol LaneMask {
    static func .& (a: Self, b: Self) -> Self
    static func .| (a: Self, b: Self) -> Self
    static prefix func .! (a: Self) -> Self
    /// Whether any lane is set.
    var anySet: Bool { get }
    /// Whether every lane is set.
    var allSet: Bool { get }
    init(repeating: Bool)
}

extension Bool: LaneMask {
    @inlinable @inline(__always) public static func .& (a: Bool, b: Bool) -> Bool { a && b }
    @inlinable @inline(__always) public static func .| (a: Bool, b: Bool) -> Bool { a || b }
    @inlinable @inline(__always) public static prefix func .! (a: Bool) -> Bool { !a }
    @inlinable @inline(__always) public var anySet: Bool { self }
    @inlinable @inline(__always) public var allSet: Bool { self }
    @inlinable @inline(__always) public init(repeating b: Bool) { self = b }
}

extension SIMDMask: LaneMask {
    @inlinable @inline(__always) public var anySet: Bool { any(self) }
    @inlinable @inline(__always) public var allSet: Bool { all(self) }
}

extension Double: ModelLane {
    public typealias Mask = Bool
    @inlinable public static var laneCount: Int { 1 }
    @inlinable @inline(__always) public init(repeating x: Double) { self = x }
    @inlinable @inline(__always) public static func .< (a: Double, b: Double) -> Bool { a < b }
    @inlinable @inline(__always) public static func .== (a: Double, b: Double) -> Bool { a == b }
    @inlinable @inline(__always) public static func .<= (a: Double, b: Double) -> Bool { a <= b }
    @inlinable @inline(__always) public static func .> (a: Double, b: Double) -> Bool { a > b }
    @inlinable @inline(__always) public static func .>= (a: Double, b: Double) -> Bool { a >= b }
    @inlinable @inline(__always) public static func select(_ m: Bool, _ a: Double, _ b: Double) -> Double { m ? a : b }
    @inlinable @inline(__always) public static func fma(_ a: Double, _ b: Double, _ c: Double) -> Double {
        c.addingProduct(a, b)
    }
    @inlinable @inline(__always) public func lane(_ i: Int) -> Double { self }
    @inlinable @inline(__always) public static func gather(_ f: (Int) -> Double) -> Double { f(0) }
    @inlinable @inline(__always) public func map(_ f: (Double) -> Double) -> Double { f(self) }
    @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Double>) -> Double { p.pointee }
    @inlinable @inline(__always) public func store(_ p: UnsafeMutablePointer<Double>) { p.pointee = self }
    @inlinable @inline(__always)
    public static func scaleByShiftedExponent(_ p: Double, _ shifted: Double) -> Double {
        Double(bitPattern: p.bitPattern &+ (shifted.bitPattern &<< 52))
    }
    @inlinable @inline(__always) public static func magnitude(_ x: Double) -> Double { x.magnitude }
    @inlinable @inline(__always)
    public static func significandAndExponent(_ x: Double) -> (significand: Double, exponent: Double) {
        let bits = x.bitPattern
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        // The biased exponent as the low bits of 2^52 + e, then subtract: exact, no int->double conversion.
        let e = Double(bitPattern: (bits >> 52) | 0x4330_0000_0000_0000) - (0x1p52 + 1023)
        return (m, e)
    }
}

/// Conformance of the SIMD vectors of doubles; the arithmetic and comparison operators are the standard library's.
public protocol SIMDDoubleLane: SIMD, ModelLane where Scalar == Double, Mask == SIMDMask<MaskStorage> {
    associatedtype Bits: SIMD where Bits.Scalar == UInt64
}

extension SIMDDoubleLane {
    @inlinable public static var laneCount: Int { scalarCount }
    @inlinable @inline(__always) public static func select(_ m: Mask, _ a: Self, _ b: Self) -> Self {
        b.replacing(with: a, where: m)
    }
    @inlinable @inline(__always) public static func fma(_ a: Self, _ b: Self, _ c: Self) -> Self {
        c.addingProduct(a, b)
    }
    @inlinable @inline(__always) public func lane(_ i: Int) -> Double { self[i] }
    @inlinable @inline(__always) public static func gather(_ f: (Int) -> Double) -> Self {
        var v = Self()
        for i in 0..<scalarCount { v[i] = f(i) }
        return v
    }
    @inlinable @inline(__always) public func map(_ f: (Double) -> Double) -> Self {
        var v = self
        for i in 0..<Self.scalarCount { v[i] = f(self[i]) }
        return v
    }
    @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Double>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }
    @inlinable @inline(__always) public func store(_ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
    @inlinable @inline(__always)
    public static func scaleByShiftedExponent(_ p: Self, _ shifted: Self) -> Self {
        unsafeBitCast(unsafeBitCast(p, to: Bits.self) &+ (unsafeBitCast(shifted, to: Bits.self) &<< 52), to: Self.self)
    }
    @inlinable @inline(__always) public static func magnitude(_ x: Self) -> Self {
        unsafeBitCast(unsafeBitCast(x, to: Bits.self) & 0x7FFF_FFFF_FFFF_FFFF, to: Self.self)
    }
    @inlinable @inline(__always)
    public static func significandAndExponent(_ x: Self) -> (significand: Self, exponent: Self) {
        let bits = unsafeBitCast(x, to: Bits.self)
        let m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Self.self)
        let e = unsafeBitCast((bits &>> 52) | 0x4330_0000_0000_0000, to: Self.self) - (0x1p52 + 1023)
        return (m, e)
    }
}

extension SIMD4: ModelLane, SIMDDoubleLane where Scalar == Double {
    public typealias Bits = SIMD4<UInt64>
}

extension SIMD8: ModelLane, SIMDDoubleLane where Scalar == Double {
    public typealias Bits = SIMD8<UInt64>
}

/// What the evaluator's block loop needs of its vector type beyond `ModelLane`: integer and flag
/// inputs loaded as doubles, and the number of set mask lanes.
public protocol EvaluatorLane: ModelLane {
    /// `laneCount` `Int32`s as doubles (exact).
    static func load(int32 p: UnsafePointer<Int32>) -> Self
    /// `laneCount` `Bool`s as 1 (true) or 0.
    static func load(flags p: UnsafePointer<Bool>) -> Self
    /// Bit `i` set where lane `i` of `m` is set: callers visit set lanes by trailing-zero count, one
    /// loop trip per set lane (scanning lane by lane mispredicts a branch per set lane).
    static func bitmask(_ m: Mask) -> UInt
}

extension EvaluatorLane {
    /// Number of set lanes of `m`.
    @_transparent public static func trueCount(_ m: Mask) -> Int { bitmask(m).nonzeroBitCount }
}

extension SIMD4: EvaluatorLane where Scalar == Double {
    @_transparent public static func load(int32 p: UnsafePointer<Int32>) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Int32>.self))
    }
    @_transparent public static func load(flags p: UnsafePointer<Bool>) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt8>.self))
    }
    @_transparent public static func bitmask(_ m: Mask) -> UInt {
        UInt(offload_sign_bits4(unsafeBitCast(m, to: SIMD4<Int64>.self)))
    }
}

extension SIMD8: EvaluatorLane where Scalar == Double {
    @_transparent public static func load(int32 p: UnsafePointer<Int32>) -> SIMD8<Double> {
        SIMD8(lowHalf: .load(int32: p), highHalf: .load(int32: p + 4))
    }
    @_transparent public static func load(flags p: UnsafePointer<Bool>) -> SIMD8<Double> {
        SIMD8(lowHalf: .load(flags: p), highHalf: .load(flags: p + 4))
    }
    @_transparent public static func bitmask(_ m: Mask) -> UInt {
        UInt(offload_sign_bits8(unsafeBitCast(m, to: SIMD8<Int64>.self)))
    }
}
