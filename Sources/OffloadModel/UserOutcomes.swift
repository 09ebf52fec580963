/// The per-user outcomes of one slot, stored field by field (one column of users per `UserOutcome`
/// field) and read as `UserOutcome` values: `outcomes[u].delay`.
///
/// The evaluator writes a field of eight users with one vector store as soon as the formulas produce
/// it; an array of `UserOutcome` records needed all 13 fields of a block live at once and a transpose
/// to write them (about a tenth of the evaluation's instructions, most of them register spills).
public struct UserOutcomes: RandomAccessCollection, Hashable, Sendable {
    /// Columns, in `UserOutcome` declaration order.
    @usableFromInline enum Field {
        @usableFromInline static let delay = 0, energy = 1, accuracy = 2, sensingDelay = 3, encodingDelay = 4
        @usableFromInline static let uplinkDelay = 5, propagationDelay = 6, decodingDelay = 7, computeDelay = 8
        @usableFromInline static let sensingEnergy = 9, computeEnergy = 10, uplinkEnergy = 11, rateBps = 12
        @usableFromInline static let count = 13
    }

    /// Field `f` of user `u` at `f * stride + u`.
    @usableFromInline var storage: [Double]
    /// Users per column, rounded up to whole evaluator blocks (padding lanes are scratch).
    @usableFromInline var stride: Int
    public private(set) var count: Int

    /// `users` zero outcomes.
    public init(count users: Int = 0) {
        count = users
        stride = DeviceColumns.paddedCount(users)
        storage = [Double](repeating: 0, count: stride * Field.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(u: Int) -> UserOutcome {
        @inlinable get {
            precondition(u >= 0 && u < count, "user \(u) is outside 0..<\(count)")
            return storage.withUnsafeBufferPointer { s in
                let p = s.baseAddress! + u
                var o = UserOutcome()
                o.delay = p[Field.delay * stride]; o.energy = p[Field.energy * stride]
                o.accuracy = p[Field.accuracy * stride]; o.sensingDelay = p[Field.sensingDelay * stride]
                o.encodingDelay = p[Field.encodingDelay * stride]; o.uplinkDelay = p[Field.uplinkDelay * stride]
                o.propagationDelay = p[Field.propagationDelay * stride]
                o.decodingDelay = p[Field.decodingDelay * stride]; o.computeDelay = p[Field.computeDelay * stride]
                o.sensingEnergy = p[Field.sensingEnergy * stride]; o.computeEnergy = p[Field.computeEnergy * stride]
                o.uplinkEnergy = p[Field.uplinkEnergy * stride]; o.rateBps = p[Field.rateBps * stride]
                return o
            }
        }
    }

    public static func == (a: UserOutcomes, b: UserOutcomes) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0] == b[$0] }
    }

    public func hash(into h: inout Hasher) {
        h.combine(count)
        for o in self { h.combine(o) }
    }
}

extension OutcomeLanes {
    /// Stores the lanes as users `u ..< u + V.laneCount` of a `UserOutcomes` column block: field `f`
    /// of lane `i` at `p[f * stride + i]`.
    @_transparent
    public func store(to p: UnsafeMutablePointer<Double>, stride: Int) {
        typealias F = UserOutcomes.Field
        delay.store(p + F.delay * stride); energy.store(p + F.energy * stride)
        accuracy.store(p + F.accuracy * stride); sensingDelay.store(p + F.sensingDelay * stride)
        encodingDelay.store(p + F.encodingDelay * stride); uplinkDelay.store(p + F.uplinkDelay * stride)
        propagationDelay.store(p + F.propagationDelay * stride); decodingDelay.store(p + F.decodingDelay * stride)
        computeDelay.store(p + F.computeDelay * stride); sensingEnergy.store(p + F.sensingEnergy * stride)
        computeEnergy.store(p + F.computeEnergy * stride); uplinkEnergy.store(p + F.uplinkEnergy * stride)
        rateBps.store(p + F.rateBps * stride)
    }
}
