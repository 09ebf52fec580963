/// A model checked against everything that makes GLPK abort, with its matrix deduplicated
/// and laid out 1-based as `glp_load_matrix` wants it (element 0 is a dummy).
struct ValidatedModel {
    let problem: LinearProblem
    let ia: [Int32]
    let ja: [Int32]
    let ar: [Double]
    /// Column-wise matrix (0-based), for feasibility checks of caller solutions.
    let columnStart: [Int]
    let columnRow: [Int]
    let columnValue: [Double]

    var entryCount: Int { ar.count - 1 }
}

/// Names are restricted to what GLPK's CPLEX LP writer keeps unchanged (it silently
/// replaces others by generated names) minus characters MPS readers treat specially
/// (`$` starts comments in fixed MPS; quotes confuse other tools).
enum NameRules {
    static let maxLength = 255
    static let punctuation = Set("!#%&()/,.;?@_{}|~".utf8)
    /// Words CPLEX LP readers treat as section or bound keywords.
    static let reserved: Set<String> = [
        "inf", "infinity", "free", "st", "s.t.", "st.", "subject", "such", "bounds", "bound",
        "general", "generals", "gen", "integer", "integers", "int", "binary", "binaries", "bin",
        "end", "minimize", "maximize", "minimum", "maximum", "min", "max", "semi", "semis",
        "semi-continuous",
    ]

    static func problem(with name: String, keywordsMatter: Bool = true) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "empty name (use nil for no name)" }
        if bytes.count > maxLength { return "longer than \(maxLength) bytes (\(bytes.count))" }
        for byte in bytes {
            let isAlnum = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if !isAlnum && !punctuation.contains(byte) {
                return "character \(byte < 0x80 ? "'\(Character(Unicode.Scalar(byte)))'" : "non-ASCII") not allowed (letters, digits and !#%&()/,.;?@_{}|~ only)"
            }
        }
        if let first = bytes.first, (first >= 0x30 && first <= 0x39) || first == 0x2E {
            return "must not start with a digit or '.'"
        }
        if keywordsMatter && reserved.contains(name.lowercased()) { return "reserved word of the CPLEX LP format" }
        return nil
    }
}

extension LinearProblem {
    func columnLabel(_ j: Int) -> String {
        if let name = columns[j].name { return "column \(j) '\(name)'" }
        return "column \(j)"
    }

    func rowLabel(_ i: Int) -> String {
        if let name = rows[i].name { return "row \(i) '\(name)'" }
        return "row \(i)"
    }

    /// Checks the whole model; never calls GLPK.
    func validated() throws -> ValidatedModel {
        let m = rows.count, n = columns.count
        if n == 0 { throw ModelError.emptyModel }
        let limit = Int(Int32.max) - 1
        if m > limit || n > limit || entryCount > limit {
            throw ModelError.tooLarge("\(m) rows, \(n) columns, \(entryCount) entries")
        }
        guard objectiveConstant.isFinite else {
            throw ModelError.invalidNumber(location: "objective constant", value: objectiveConstant)
        }
        if let name, let reason = NameRules.problem(with: name, keywordsMatter: false) {
            throw ModelError.invalidName(location: "problem", name: name, reason: reason)
        }
        try validateColumns()
        try validateRows()
        return try buildMatrix()
    }

    private func validateColumns() throws {
        var seen: [String: Int] = [:]
        for (j, column) in columns.enumerated() {
            guard column.objective.isFinite else {
                throw ModelError.invalidNumber(location: "objective coefficient of \(columnLabel(j))", value: column.objective)
            }
            try Self.checkBounds(column.bounds, location: columnLabel(j))
            let (lower, upper) = (column.bounds.lower, column.bounds.upper)
            if column.kind != .continuous {
                if (lower.isFinite && lower != lower.rounded()) || (upper.isFinite && upper != upper.rounded()) {
                    throw ModelError.invalidBounds(location: columnLabel(j), lower: lower, upper: upper,
                                                   reason: "integer column needs integral bounds (GLPK returns GLP_EBOUND)")
                }
            }
            if column.kind == .binary && (lower < 0 || upper > 1) {
                throw ModelError.invalidBounds(location: columnLabel(j), lower: lower, upper: upper,
                                               reason: "binary column bounds must lie within [0, 1]")
            }
            if let name = column.name {
                if let reason = NameRules.problem(with: name) {
                    throw ModelError.invalidName(location: "column \(j)", name: name, reason: reason)
                }
                if let first = seen.updateValue(j, forKey: name) {
                    throw ModelError.duplicateName(kind: "column", name: name, firstIndex: first, secondIndex: j)
                }
            }
        }
    }

    private func validateRows() throws {
        var seen: [String: Int] = [:]
        for (i, row) in rows.enumerated() {
            try Self.checkBounds(row.bounds, location: rowLabel(i))
            if let name = row.name {
                if let reason = NameRules.problem(with: name) {
                    throw ModelError.invalidName(location: "row \(i)", name: name, reason: reason)
                }
                if name == "obj" {
                    throw ModelError.invalidName(location: "row \(i)", name: name, reason: "reserved for the objective row")
                }
                if let first = seen.updateValue(i, forKey: name) {
                    throw ModelError.duplicateName(kind: "row", name: name, firstIndex: first, secondIndex: i)
                }
            }
        }
    }

    static func checkBounds(_ bounds: Bounds, location: String) throws {
        let (lower, upper) = (bounds.lower, bounds.upper)
        if lower.isNaN || upper.isNaN || lower == .infinity || upper == -.infinity {
            throw ModelError.invalidBounds(location: location, lower: lower, upper: upper,
                                           reason: "NaN, or an infinite bound on the wrong side")
        }
        if lower > upper {
            throw ModelError.invalidBounds(location: location, lower: lower, upper: upper, reason: "lower bound exceeds upper bound")
        }
    }

    /// Buckets entries by column (counting sort) and detects duplicates with a per-row
    /// stamp, so the check is linear in the number of entries.
    private func buildMatrix() throws -> ValidatedModel {
        let m = rows.count, n = columns.count, count = entryCount
        var perColumn = [Int](repeating: 0, count: n + 1)
        for k in 0..<count {
            let i = entryRows[k], j = entryColumns[k], value = entryValues[k]
            guard j >= 0 && j < n else {
                throw ModelError.indexOutOfRange(location: "column of matrix entry \(k)", index: j, count: n)
            }
            guard i >= 0 && i < m else {
                throw ModelError.indexOutOfRange(location: "row of matrix entry \(k)", index: i, count: m)
            }
            guard value.isFinite else {
                throw ModelError.invalidNumber(location: "matrix entry (\(rowLabel(i)), \(columnLabel(j)))", value: value)
            }
            perColumn[j + 1] += 1
        }
        for j in 0..<n { perColumn[j + 1] += perColumn[j] }
        var order = [Int](repeating: 0, count: count)
        var next = perColumn
        for k in 0..<count {
            let j = entryColumns[k]
            order[next[j]] = k
            next[j] += 1
        }
        var stamp = [Int](repeating: -1, count: m)
        var slot = [Int](repeating: 0, count: m)
        var columnStart = [Int](repeating: 0, count: n + 1)
        var columnRow: [Int] = []
        var columnValue: [Double] = []
        columnRow.reserveCapacity(count)
        columnValue.reserveCapacity(count)
        for j in 0..<n {
            columnStart[j] = columnRow.count
            for position in perColumn[j]..<perColumn[j + 1] {
                let k = order[position]
                let i = entryRows[k]
                if stamp[i] == j {
                    if duplicateEntries == .reject {
                        throw ModelError.duplicateEntry(row: rowLabel(i), column: columnLabel(j))
                    }
                    columnValue[slot[i]] += entryValues[k]
                } else {
                    stamp[i] = j
                    slot[i] = columnRow.count
                    columnRow.append(i)
                    columnValue.append(entryValues[k])
                }
            }
        }
        columnStart[n] = columnRow.count
        // Summed duplicates may overflow or cancel; GLPK wants neither.
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        ia.reserveCapacity(columnRow.count + 1)
        ja.reserveCapacity(columnRow.count + 1)
        ar.reserveCapacity(columnRow.count + 1)
        var keptStart = [Int](repeating: 0, count: n + 1)
        var keptRow: [Int] = [], keptValue: [Double] = []
        keptRow.reserveCapacity(columnRow.count)
        keptValue.reserveCapacity(columnRow.count)
        for j in 0..<n {
            keptStart[j] = keptRow.count
            for position in columnStart[j]..<columnStart[j + 1] {
                let value = columnValue[position], i = columnRow[position]
                guard value.isFinite else {
                    throw ModelError.invalidNumber(location: "summed matrix entry (\(rowLabel(i)), \(columnLabel(j)))", value: value)
                }
                if value == 0 { continue }
                ia.append(Int32(i + 1))
                ja.append(Int32(j + 1))
                ar.append(value)
                keptRow.append(i)
                keptValue.append(value)
            }
        }
        keptStart[n] = keptRow.count
        return ValidatedModel(problem: self, ia: ia, ja: ja, ar: ar,
                              columnStart: keptStart, columnRow: keptRow, columnValue: keptValue)
    }
}
