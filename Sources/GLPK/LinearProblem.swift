// A generic, safe LP/MILP layer over GLPK's C API. It knows nothing about offloading.
//
// GLPK traps this module guards against (verified on libglpk 5.0):
//
// - GLPK aborts the whole process (no error return) on invalid calls: duplicate
//   (row, column) entries in `glp_load_matrix`, indices out of range, names longer than
//   255 bytes or containing control characters, negative or NaN control parameters.
//   Every model and option is validated in Swift (`ModelError`) before GLPK sees it.
// - `glp_intopt` with presolve off needs an optimal LP basis, otherwise it returns
//   `GLP_EROOT`. The MIP path therefore runs `glp_simplex` first whenever presolve is off.
// - `glp_ios_heur_sol` indexes the columns of the problem inside the search tree, which
//   is the *presolved* problem when the MIP presolver is on, and it checks integrality and
//   improvement only, not bounds or rows. Caller solutions are therefore checked for
//   feasibility in Swift and injected only with presolve off (forced when one is given).
// - GLPK keeps the best proven bound only inside the search tree, which is gone when
//   `glp_intopt` returns. The branch-and-cut callback records it on every call.
// - `glp_intopt`'s time limit is checked only between nodes; the callback also enforces
//   it with `glp_ios_terminate`.
// - GLPK's environment is thread-local: a problem must be created, solved and deleted on
//   one OS thread. Every public operation here builds its `glp_prob`, uses it and frees it
//   inside one synchronous call, so distinct calls may run on distinct threads; the model
//   itself is a plain value type.
// - The CPLEX LP writer drops a constant objective term (it becomes a comment) and
//   GLPK's free MPS writer emits no OBJSENSE, so a maximisation reads back as a
//   minimisation. `write(to:format:)` therefore writes a minimisation without constant by
//   default and returns how to map the file's optimum back (`ExportedObjective`).
// - GLPK's MPS writer silently omits the objective row when any row is free (the free row
//   then reads back as the objective), asserts (aborts) on an empty column when the model
//   has no rows, and squeezes numbers into 12 characters (6-11 significant digits).
//   Exports leave free rows out, refuse row-less models, and `.freeMPSExact` writes MPS
//   in Swift at full precision.
// - `glp_get_col_kind` reports integer columns within [0, 1] as `GLP_BV`, not `GLP_IV`.
//
// Usage:
//
//     var p = LinearProblem(sense: .maximize)
//     let x = p.addColumn(name: "x", kind: .binary, objective: 3)
//     let y = p.addColumn(name: "y", kind: .integer, bounds: .range(0, 4), objective: 2)
//     p.addRow(name: "cap", bounds: .atMost(5), terms: [(x, 2), (y, 1)])
//     var options = MIPOptions(timeLimit: 10, relativeGap: 1e-4)
//     options.initialSolution = [0, 0]              // optional heuristic start
//     let result = try p.solveMIP(options: options) { node in
//         nil                                       // or a repaired rounding of node.lpValues
//     }
//     if let values = result.values { ... }          // any feasible solution found
//     if result.status == .optimal { ... }           // proven; else see bestBound/relativeGap

/// Direction of optimisation.
public enum ObjectiveSense: Sendable, Equatable {
    case minimize
    case maximize
}

/// Domain of a column. Binary is an integer column whose bounds lie within [0, 1].
public enum VariableKind: Sendable, Equatable {
    case continuous
    case integer
    case binary
}

/// Lower and upper bound of a column or of a row's activity. Infinite values mean "no
/// bound" so that every GLPK bound type (free, lower, upper, double, fixed) has one spelling.
public struct Bounds: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double = -.infinity, upper: Double = .infinity) {
        self.lower = lower
        self.upper = upper
    }

    public static let free = Bounds()
    public static let nonNegative = Bounds(lower: 0)
    public static let unit = Bounds(lower: 0, upper: 1)
    public static func atLeast(_ value: Double) -> Bounds { Bounds(lower: value) }
    public static func atMost(_ value: Double) -> Bounds { Bounds(upper: value) }
    public static func exactly(_ value: Double) -> Bounds { Bounds(lower: value, upper: value) }
    public static func range(_ lower: Double, _ upper: Double) -> Bounds { Bounds(lower: lower, upper: upper) }
}

/// One decision variable.
public struct Column: Sendable, Equatable {
    /// Optional; unnamed columns get `c<index+1>` when a file is written.
    public var name: String?
    public var kind: VariableKind
    public var bounds: Bounds
    public var objective: Double

    public init(name: String? = nil, kind: VariableKind = .continuous, bounds: Bounds? = nil, objective: Double = 0) {
        self.name = name
        self.kind = kind
        self.bounds = bounds ?? (kind == .binary ? .unit : .nonNegative)
        self.objective = objective
    }
}

/// One linear constraint `lower <= sum a_ij x_j <= upper`.
public struct Row: Sendable, Equatable {
    /// Optional; unnamed rows get `r<index+1>` when a file is written. `obj` is reserved.
    public var name: String?
    public var bounds: Bounds

    public init(name: String? = nil, bounds: Bounds) {
        self.name = name
        self.bounds = bounds
    }
}

/// What to do when the same (row, column) pair is given more than once. GLPK aborts on
/// duplicates; rejecting is the default because a duplicate is usually a modelling bug.
public enum DuplicateEntryPolicy: Sendable, Equatable {
    case reject
    case sum
}

/// A linear (mixed-integer) problem as a plain value. Indices are 0-based. Nothing is
/// checked while building (it would cost time on large models); `solveLP`, `solveMIP`
/// and `write` validate the whole model first and throw `ModelError`.
public struct LinearProblem: Sendable, Equatable {
    public var name: String?
    public var sense: ObjectiveSense
    /// Added to every objective value this module reports.
    public var objectiveConstant: Double = 0
    public var columns: [Column] = []
    public var rows: [Row] = []
    public var duplicateEntries: DuplicateEntryPolicy = .reject
    /// Sparse matrix as triplets, kept as three parallel arrays so that a large model is
    /// handed to GLPK in one `glp_load_matrix` call without per-entry overhead.
    public private(set) var entryRows: [Int] = []
    public private(set) var entryColumns: [Int] = []
    public private(set) var entryValues: [Double] = []

    public init(sense: ObjectiveSense = .minimize, name: String? = nil) {
        self.sense = sense
        self.name = name
    }

    public var entryCount: Int { entryValues.count }
    public var hasIntegerColumns: Bool { columns.contains { $0.kind != .continuous } }

    /// Adds a column and returns its index. Default bounds: [0, inf), or [0, 1] for binaries.
    @discardableResult
    public mutating func addColumn(name: String? = nil, kind: VariableKind = .continuous,
                                   bounds: Bounds? = nil, objective: Double = 0) -> Int {
        columns.append(Column(name: name, kind: kind, bounds: bounds, objective: objective))
        return columns.count - 1
    }

    /// Adds a row and returns its index.
    @discardableResult
    public mutating func addRow(name: String? = nil, bounds: Bounds) -> Int {
        rows.append(Row(name: name, bounds: bounds))
        return rows.count - 1
    }

    /// Adds a row together with its coefficients and returns its index.
    @discardableResult
    public mutating func addRow(name: String? = nil, bounds: Bounds,
                                terms: [(column: Int, coefficient: Double)]) -> Int {
        let row = addRow(name: name, bounds: bounds)
        for term in terms { addEntry(row: row, column: term.column, value: term.coefficient) }
        return row
    }

    /// Appends one matrix coefficient. Indices are checked when the model is used.
    public mutating func addEntry(row: Int, column: Int, value: Double) {
        entryRows.append(row)
        entryColumns.append(column)
        entryValues.append(value)
    }

    public mutating func removeAllEntries() {
        entryRows.removeAll()
        entryColumns.removeAll()
        entryValues.removeAll()
    }

    public mutating func reserveEntries(_ count: Int) {
        entryRows.reserveCapacity(count)
        entryColumns.reserveCapacity(count)
        entryValues.reserveCapacity(count)
    }

    /// Objective value (with constant) of a full column vector; no feasibility check.
    public func objectiveValue(of values: [Double]) -> Double {
        var total = objectiveConstant
        for (j, column) in columns.enumerated() where j < values.count {
            total += column.objective * values[j]
        }
        return total
    }
}
