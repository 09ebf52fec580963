/// A problem with an instance or decision file, naming the field, the value and the rule.
public enum InstanceError: Error, CustomStringConvertible, Equatable {
    /// A field's value breaks a rule.
    case invalid(field: String, value: String, rule: String)
    /// A required field is absent.
    case missing(field: String)
    /// The text is not JSON of the expected shape.
    case malformed(file: String, detail: String)
    /// The file cannot be read.
    case unreadable(file: String, detail: String)

    public var description: String {
        switch self {
        case let .invalid(field, value, rule): return "invalid value \(value) for '\(field)': \(rule)"
        case let .missing(field): return "missing field '\(field)'"
        case let .malformed(file, detail): return "\(file) is not a valid file: \(detail)"
        case let .unreadable(file, detail): return "cannot read \(file): \(detail)"
        }
    }
}

/// Small rule helpers so validation reads as a list of rules.
struct Rules {
    var errors: [InstanceError] = []

    mutating func positive(_ x: Double, _ field: String) {
        if !(x > 0 && x.isFinite) { errors.append(.invalid(field: field, value: "\(x)", rule: "must be a positive finite number")) }
    }
    mutating func nonNegative(_ x: Double, _ field: String) {
        if !(x >= 0 && x.isFinite) { errors.append(.invalid(field: field, value: "\(x)", rule: "must be >= 0 and finite")) }
    }
    mutating func finite(_ x: Double, _ field: String) {
        if !x.isFinite { errors.append(.invalid(field: field, value: "\(x)", rule: "must be a finite number")) }
    }
    mutating func inRange(_ x: Double, _ lo: Double, _ hi: Double, _ field: String, open: Bool = false) {
        let ok = open ? (x > lo && x <= hi) : (x >= lo && x <= hi)
        if !ok {
            let range = open ? "(\(lo), \(hi)]" : "[\(lo), \(hi)]"
            errors.append(.invalid(field: field, value: "\(x)", rule: "must be in \(range)"))
        }
    }
    mutating func below(_ x: Double, _ hi: Double, _ field: String) {
        if !(x >= 0 && x < hi) { errors.append(.invalid(field: field, value: "\(x)", rule: "must be in [0, \(hi))")) }
    }
    mutating func count(_ n: Int, atLeast m: Int, _ field: String) {
        if n < m { errors.append(.invalid(field: field, value: "\(n)", rule: "must be at least \(m)")) }
    }
    mutating func require(_ ok: Bool, _ field: String, _ value: String, _ rule: String) {
        if !ok { errors.append(.invalid(field: field, value: value, rule: rule)) }
    }

    /// Throws the first error; the CLI prints one clear message.
    func check() throws { if let first = errors.first { throw first } }
}
