/// Eight users as two `SIMD4<Double>` halves: the evaluator's vector type.
///
/// Lane by lane this is exactly `SIMD8<Double>` (the same IEEE operations per lane, so results are
/// bit-identical), but its comparison masks stay two 4 x 64-bit vectors. `SIMD8<Double>`'s mask is an
/// 8 x 1-bit vector, which LLVM keeps packed as 8 x 16 bits on AVX2 machines: every comparison then
/// costs three pack/extract instructions and every select an unpack and four 128-bit blends.
@frozen public struct Lanes8: ModelLane, Sendable {
    public typealias Half = SIMD4<Double>
    public var lo: Half, hi: Half

    @_transparent public init(lo: Half, hi: Half) { self.lo = lo; self.hi = hi }
    @_transparent public init() { lo = Half(); hi = Half() }
    @_transparent public init(repeating x: Double) { lo = Half(repeating: x); hi = Half(repeating: x) }
    @inlinable public static var laneCount: Int { 8 }
    /// Number of lanes (as for the standard SIMD types).
    @inlinable public static var scalarCount: Int { 8 }

    /// Lane `i` (0 ..< 8).
    @inlinable public subscript(i: Int) -> Double {
        @inline(__always) get { i < 4 ? lo[i] : hi[i &- 4] }
        @inline(__always) set { if i < 4 { lo[i] = newValue } else { hi[i &- 4] = newValue } }
    }

    @_transparent public static func + (a: Lanes8, b: Lanes8) -> Lanes8 { Lanes8(lo: a.lo + b.lo, hi: a.hi + b.hi) }
    @_transparent public static func - (a: Lanes8, b: Lanes8) -> Lanes8 { Lanes8(lo: a.lo - b.lo, hi: a.hi - b.hi) }
    @_transparent public static func * (a: Lanes8, b: Lanes8) -> Lanes8 { Lanes8(lo: a.lo * b.lo, hi: a.hi * b.hi) }
    @_transparent public static func / (a: Lanes8, b: Lanes8) -> Lanes8 { Lanes8(lo: a.lo / b.lo, hi: a.hi / b.hi) }
    @_transparent public static func + (a: Lanes8, b: Double) -> Lanes8 { Lanes8(lo: a.lo + b, hi: a.hi + b) }
    @_transparent public static func - (a: Lanes8, b: Double) -> Lanes8 { Lanes8(lo: a.lo - b, hi: a.hi - b) }
    @_transparent public static func * (a: Lanes8, b: Double) -> Lanes8 { Lanes8(lo: a.lo * b, hi: a.hi * b) }
    @_transparent public static func / (a: Lanes8, b: Double) -> Lanes8 { Lanes8(lo: a.lo / b, hi: a.hi / b) }
    @_transparent public static func + (a: Double, b: Lanes8) -> Lanes8 { Lanes8(lo: a + b.lo, hi: a + b.hi) }
    @_transparent public static func - (a: Double, b: Lanes8) -> Lanes8 { Lanes8(lo: a - b.lo, hi: a - b.hi) }
    @_transparent public static func * (a: Double, b: Lanes8) -> Lanes8 { Lanes8(lo: a * b.lo, hi: a * b.hi) }
    @_transparent public static func / (a: Double, b: Lanes8) -> Lanes8 { Lanes8(lo: a / b.lo, hi: a / b.hi) }
    @_transparent public static prefix func - (a: Lanes8) -> Lanes8 { Lanes8(lo: -a.lo, hi: -a.hi) }
    @_transparent public static func += (a: inout Lanes8, b: Lanes8) { a = a + b }

    @_transparent public static func .< (a: Lanes8, b: Lanes8) -> Mask { Mask(lo: a.lo .< b.lo, hi: a.hi .< b.hi) }
    @_transparent public static func .<= (a: Lanes8, b: Lanes8) -> Mask { Mask(lo: a.lo .<= b.lo, hi: a.hi .<= b.hi) }
    @_transparent public static func .> (a: Lanes8, b: Lanes8) -> Mask { Mask(lo: a.lo .> b.lo, hi: a.hi .> b.hi) }
    @_transparent public static func .>= (a: Lanes8, b: Lanes8) -> Mask { Mask(lo: a.lo .>= b.lo, hi: a.hi .>= b.hi) }
    @_transparent public static func .< (a: Lanes8, b: Double) -> Mask { Mask(lo: a.lo .< b, hi: a.hi .< b) }
    @_transparent public static func .== (a: Lanes8, b: Double) -> Mask { Mask(lo: a.lo .== b, hi: a.hi .== b) }
    @_transparent public static func .<= (a: Lanes8, b: Double) -> Mask { Mask(lo: a.lo .<= b, hi: a.hi .<= b) }
    @_transparent public static func .> (a: Lanes8, b: Double) -> Mask { Mask(lo: a.lo .> b, hi: a.hi .> b) }
    @_transparent public static func .>= (a: Lanes8, b: Double) -> Mask { Mask(lo: a.lo .>= b, hi: a.hi .>= b) }

    @_transparent public static func select(_ m: Mask, _ a: Lanes8, _ b: Lanes8) -> Lanes8 {
        Lanes8(lo: b.lo.replacing(with: a.lo, where: m.lo), hi: b.hi.replacing(with: a.hi, where: m.hi))
    }
    @_transparent public static func fma(_ a: Lanes8, _ b: Lanes8, _ c: Lanes8) -> Lanes8 {
        Lanes8(lo: c.lo.addingProduct(a.lo, b.lo), hi: c.hi.addingProduct(a.hi, b.hi))
    }
    @inlinable @inline(__always) public func lane(_ i: Int) -> Double { self[i] }
    @inlinable @inline(__always) public static func gather(_ f: (Int) -> Double) -> Lanes8 {
        Lanes8(lo: Half(f(0), f(1), f(2), f(3)), hi: Half(f(4), f(5), f(6), f(7)))
    }
    @inlinable @inline(__always) public func map(_ f: (Double) -> Double) -> Lanes8 {
        Lanes8(lo: Half(f(lo[0]), f(lo[1]), f(lo[2]), f(lo[3])), hi: Half(f(hi[0]), f(hi[1]), f(hi[2]), f(hi[3])))
    }
    @_transparent public static func load(_ p: UnsafePointer<Double>) -> Lanes8 {
        Lanes8(lo: Half.load(p), hi: Half.load(p + 4))
    }
    @_transparent public func store(_ p: UnsafeMutablePointer<Double>) {
        lo.store(p); hi.store(p + 4)
    }
    @_transparent public static func scaleByShiftedExponent(_ p: Lanes8, _ shifted: Lanes8) -> Lanes8 {
        Lanes8(lo: Half.scaleByShiftedExponent(p.lo, shifted.lo), hi: Half.scaleByShiftedExponent(p.hi, shifted.hi))
    }
    @_transparent public static func magnitude(_ x: Lanes8) -> Lanes8 { Lanes8(lo: Half.magnitude(x.lo), hi: Half.magnitude(x.hi)) }
    @_transparent public static func significandAndExponent(_ x: Lanes8) -> (significand: Lanes8, exponent: Lanes8) {
        let l = Half.significandAndExponent(x.lo), h = Half.significandAndExponent(x.hi)
        return (Lanes8(lo: l.significand, hi: h.significand), Lanes8(lo: l.exponent, hi: h.exponent))
    }

    /// Comparison result of `Lanes8`: two 4-lane masks of 64-bit lanes.
    @frozen public struct Mask: LaneMask, Sendable {
        public typealias Half = SIMDMask<SIMD4<Int64>>
        public var lo: Half, hi: Half
        @_transparent public init(lo: Half, hi: Half) { self.lo = lo; self.hi = hi }
        @_transparent public init(repeating b: Bool) { lo = Half(repeating: b); hi = Half(repeating: b) }
        @_transparent public static func .& (a: Mask, b: Mask) -> Mask { Mask(lo: a.lo .& b.lo, hi: a.hi .& b.hi) }
        @_transparent public static func .| (a: Mask, b: Mask) -> Mask { Mask(lo: a.lo .| b.lo, hi: a.hi .| b.hi) }
        @_transparent public static prefix func .! (a: Mask) -> Mask { Mask(lo: .!a.lo, hi: .!a.hi) }
        @inlinable public var anySet: Bool { @inline(__always) get { any(lo .| hi) } }
        @inlinable public var allSet: Bool { @inline(__always) get { all(lo .& hi) } }
        /// Lane `i` (0 ..< 8).
        @inlinable public subscript(i: Int) -> Bool { @inline(__always) get { i < 4 ? lo[i] : hi[i &- 4] } }
    }
}

extension Lanes8: EvaluatorLane {
    @_transparent public static func load(int32 p: UnsafePointer<Int32>) -> Lanes8 {
        Lanes8(lo: .load(int32: p), hi: .load(int32: p + 4))
    }
    @_transparent public static func load(flags p: UnsafePointer<Bool>) -> Lanes8 {
        Lanes8(lo: .load(flags: p), hi: .load(flags: p + 4))
    }
    @_transparent public static func bitmask(_ m: Mask) -> UInt { Half.bitmask(m.lo) | Half.bitmask(m.hi) &<< 4 }
}
