import Foundation

/// Free MPS written in Swift with shortest round-trip numbers (17 significant digits at
/// most), because GLPK's own writer squeezes every number into 12 characters.
/// Layout follows GLPK's writer: objective row `obj` first, integer blocks between
/// MARKER lines, explicit `PL` for integer columns without upper bound (some readers
/// default such columns to binary), no objective constant.
func exactFreeMPS(_ model: ValidatedModel, negateObjective: Bool) -> String {
    let problem = model.problem
    var out = "* Written by the offload GLPK wrapper (full precision)\n"
    out += "NAME \(problem.name ?? "")\nROWS\n N obj\n"
    for row in problem.rows {
        out += " \(rowType(row.bounds)) \(row.name ?? "")\n"
    }
    out += "COLUMNS\n"
    var marker = 0
    for (j, column) in problem.columns.enumerated() {
        let isInteger = column.kind != .continuous
        if isInteger != (marker % 2 == 1) {
            marker += 1
            out += " M\(marker) 'MARKER' '\(isInteger ? "INTORG" : "INTEND")'\n"
        }
        let name = column.name ?? ""
        let objective = negateObjective ? -column.objective : column.objective
        let start = model.columnStart[j], end = model.columnStart[j + 1]
        if objective != 0 || start == end {
            out += " \(name) obj \(number(objective))\n" // an empty column still needs a line
        }
        for k in start..<end {
            out += " \(name) \(problem.rows[model.columnRow[k]].name ?? "") \(number(model.columnValue[k]))\n"
        }
    }
    if marker % 2 == 1 { out += " M\(marker + 1) 'MARKER' 'INTEND'\n" }
    out += "RHS\n"
    var ranges = ""
    for row in problem.rows {
        let name = row.name ?? ""
        let (lower, upper) = (row.bounds.lower, row.bounds.upper)
        let rhs = lower.isFinite ? lower : upper
        if rhs != 0 { out += " RHS \(name) \(number(rhs))\n" }
        if lower.isFinite && upper.isFinite && lower != upper {
            ranges += " RNG \(name) \(number(upper - lower))\n"
        }
    }
    if !ranges.isEmpty { out += "RANGES\n" + ranges }
    out += "BOUNDS\n"
    for column in problem.columns {
        out += boundLines(column, name: column.name ?? "")
    }
    out += "ENDATA\n"
    return out
}

/// Double-bounded rows are written as E with a positive range R: [rhs, rhs + R].
private func rowType(_ bounds: Bounds) -> String {
    switch (bounds.lower.isFinite, bounds.upper.isFinite) {
    case (true, true): return "E"
    case (true, false): return "G"
    case (false, true): return "L"
    case (false, false): return "N"
    }
}

private func boundLines(_ column: Column, name: String) -> String {
    let (lower, upper) = (column.bounds.lower, column.bounds.upper)
    let isInteger = column.kind != .continuous
    switch (lower.isFinite, upper.isFinite) {
    case (false, false):
        return " FR BND \(name)\n"
    case (false, true):
        return " MI BND \(name)\n UP BND \(name) \(number(upper))\n"
    case (true, false):
        var lines = lower != 0 ? " LO BND \(name) \(number(lower))\n" : ""
        if isInteger { lines += " PL BND \(name)\n" }
        return lines
    case (true, true):
        if lower == upper { return " FX BND \(name) \(number(lower))\n" }
        return " LO BND \(name) \(number(lower))\n UP BND \(name) \(number(upper))\n"
    }
}

/// Swift's description is the shortest string that reads back to the same Double.
private func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
}
