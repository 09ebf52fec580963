extension LinearProblem {
    /// Returns why `values` is not a feasible solution (first violation found), or nil.
    /// Integer columns must be within `tolerance` of an integer; bounds and rows may be
    /// violated by `tolerance * (1 + |bound|)`. Throws only if the model itself is invalid.
    public func feasibilityViolation(of values: [Double], tolerance: Double = 1e-6) throws -> String? {
        try validated().violation(of: values, tolerance: tolerance)
    }
}

extension ValidatedModel {
    func violation(of values: [Double], tolerance: Double) -> String? {
        let problem = self.problem
        let n = problem.columns.count
        if values.count != n { return "expected \(n) values, got \(values.count)" }
        var activity = [Double](repeating: 0, count: problem.rows.count)
        for j in 0..<n {
            let x = values[j], column = problem.columns[j]
            guard x.isFinite else { return "\(problem.columnLabel(j)) has value \(x)" }
            if column.kind != .continuous && abs(x - x.rounded()) > tolerance {
                return "\(problem.columnLabel(j)) = \(x) is not integral"
            }
            if let reason = Self.outside(x, column.bounds, tolerance) {
                return "\(problem.columnLabel(j)) = \(x) \(reason)"
            }
            for k in columnStart[j]..<columnStart[j + 1] {
                activity[columnRow[k]] += columnValue[k] * x
            }
        }
        for (i, row) in problem.rows.enumerated() {
            if let reason = Self.outside(activity[i], row.bounds, tolerance) {
                return "\(problem.rowLabel(i)) activity \(activity[i]) \(reason)"
            }
        }
        return nil
    }

    private static func outside(_ x: Double, _ bounds: Bounds, _ tolerance: Double) -> String? {
        if bounds.lower.isFinite && x < bounds.lower - tolerance * (1 + abs(bounds.lower)) {
            return "is below its lower bound \(bounds.lower)"
        }
        if bounds.upper.isFinite && x > bounds.upper + tolerance * (1 + abs(bounds.upper)) {
            return "is above its upper bound \(bounds.upper)"
        }
        return nil
    }

    /// GLPK's `glp_ios_heur_sol` accepts integer values only if `x == floor(x)`, so values
    /// within tolerance are snapped, and everything is clamped into its bounds.
    func snapped(_ values: [Double]) -> [Double] {
        var result = values
        for (j, column) in problem.columns.enumerated() {
            var x = result[j]
            if column.kind != .continuous { x = x.rounded() }
            x = min(max(x, column.bounds.lower), column.bounds.upper)
            result[j] = x
        }
        return result
    }
}
