/// Everything the wrapper refuses before any GLPK call. Each case names the offending
/// row, column or option so that a caller can fix its input; GLPK itself would abort.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// The model has no columns.
    case emptyModel
    /// A coefficient, bound or constant is NaN or infinite where a finite value is needed.
    case invalidNumber(location: String, value: Double)
    /// Lower bound above upper bound, an infinite bound on the wrong side, fractional
    /// bounds on an integer column or binary bounds outside [0, 1].
    case invalidBounds(location: String, lower: Double, upper: Double, reason: String)
    /// A matrix entry points outside the model.
    case indexOutOfRange(location: String, index: Int, count: Int)
    /// The same (row, column) pair appears twice under `DuplicateEntryPolicy.reject`.
    case duplicateEntry(row: String, column: String)
    /// A name the LP/MPS writers cannot carry unchanged, or a reserved word.
    case invalidName(location: String, name: String, reason: String)
    /// Two rows or two columns share a name (files would merge them).
    case duplicateName(kind: String, name: String, firstIndex: Int, secondIndex: Int)
    /// More rows, columns or entries than GLPK's 32-bit indices allow.
    case tooLarge(String)
    /// A solver option outside its domain (GLPK aborts on bad control parameters).
    case invalidOption(name: String, reason: String)
    /// A caller-supplied solution (initial incumbent) is not feasible for the model.
    case infeasibleSolution(String)
    /// A file could not be written or read.
    case fileError(path: String, reason: String)
    /// The requested export cannot represent the model faithfully.
    case unsupportedExport(String)

    public var description: String {
        switch self {
        case .emptyModel:
            return "model has no columns"
        case let .invalidNumber(location, value):
            return "\(location): value \(value) is not a finite number"
        case let .invalidBounds(location, lower, upper, reason):
            return "\(location): invalid bounds [\(lower), \(upper)]: \(reason)"
        case let .indexOutOfRange(location, index, count):
            return "\(location): index \(index) out of range 0..<\(count)"
        case let .duplicateEntry(row, column):
            return "duplicate matrix entry for \(row), \(column)"
        case let .invalidName(location, name, reason):
            return "\(location): invalid name \"\(name.prefix(40))\(name.count > 40 ? "…" : "")\": \(reason)"
        case let .duplicateName(kind, name, first, second):
            return "\(kind) name \"\(name)\" used by index \(first) and \(second)"
        case let .tooLarge(what):
            return "model too large for GLPK: \(what)"
        case let .invalidOption(name, reason):
            return "option \(name): \(reason)"
        case let .infeasibleSolution(reason):
            return "supplied solution is not feasible: \(reason)"
        case let .fileError(path, reason):
            return "\(path): \(reason)"
        case let .unsupportedExport(reason):
            return "cannot export: \(reason)"
        }
    }
}
