import CGLPK

/// File formats GLPK reads and writes.
public enum ModelFileFormat: Sendable {
    /// CPLEX LP (`glp_write_lp`): numbers with 15 significant digits. Range rows come
    /// back from `glp_read_lp` as equalities with an extra column `~r_<i>`.
    case cplexLP
    /// Free MPS (`glp_write_mps` with `GLP_MPS_FILE`; read it with `glpsol --freemps`,
    /// not `--mps`, which expects fixed MPS). GLPK fits every number into 12 characters,
    /// so only 6-11 significant digits survive (-123456.789012345 becomes -123456.789):
    /// compare optima with a tolerance, or use `.freeMPSExact` when precision matters.
    case freeMPS
    /// Free MPS written by this module with every number at full precision (read by
    /// `glp_read_mps`, `glpsol --freemps` and other solvers). Reading uses GLPK.
    case freeMPSExact
}

/// How the objective in a written file relates to the model's:
/// `model objective = sign * file objective + constant`. The constant is never written
/// (GLPK's LP writer turns it into a comment and MPS readers disagree on it), and with
/// normalisation a maximisation is written as minimisation of the negated objective.
public struct ExportedObjective: Sendable, Equatable {
    public let sign: Double
    public let constant: Double

    public func modelObjective(fromFileObjective value: Double) -> Double {
        sign * value + constant
    }

    /// One line to print beside the file so another solver's optimum can be compared.
    public var note: String {
        "model objective = \(sign == 1 ? "" : "-")(file objective)\(constant == 0 ? "" : " + \(constant)")"
    }
}

extension LinearProblem {
    /// Writes the model to `path`. With `normalize` (default) the file is a minimisation
    /// whatever `sense` is, so any solver's optimum maps back with the returned relation.
    /// Without it, maximisation is kept in CPLEX LP and refused for free MPS (GLPK writes
    /// no OBJSENSE, so every reader would minimise).
    /// Unnamed rows and columns are written as `r<i+1>` / `c<j+1>`. Free rows constrain
    /// nothing and are left out: GLPK's MPS writer drops the whole objective when a free
    /// row exists (the free row would be read back as objective), its LP writer skips them.
    @discardableResult
    public func write(to path: String, format: ModelFileFormat, normalize: Bool = true) throws -> ExportedObjective {
        _ = try validated() // errors name the caller's own indices
        let exported = withoutFreeRows()
        if exported.rows.isEmpty {
            // The MPS writer asserts (aborts) on an empty column without any row; the LP
            // writer writes an empty model.
            throw ModelError.unsupportedExport("GLPK's writers need at least one row that is not free")
        }
        let model = try exported.validated()
        if format != .cplexLP && sense == .maximize && !normalize {
            // GLPK's MPS writer emits no OBJSENSE section: the file would read back as a minimisation.
            throw ModelError.unsupportedExport("free MPS cannot record maximisation; write with normalize: true")
        }
        try checkGeneratedNames()
        let flip = normalize && sense == .maximize
        let relation = ExportedObjective(sign: flip ? -1 : 1, constant: objectiveConstant)
        if format == .freeMPSExact {
            let named = exported.withGeneratedColumnNames()
            let text = exactFreeMPS(try named.validated(), negateObjective: flip)
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw ModelError.fileError(path: path, reason: error.localizedDescription)
            }
            return relation
        }
        let code: Int32 = GLPKEnvironment.withAccess {
            withTerminalOutput(.silent, log: nil) {
                let glp = GLPKProblem(model, forFile: true, normalize: normalize)
                switch format {
                case .cplexLP: return glp_write_lp(glp.pointer, nil, path)
                case .freeMPS, .freeMPSExact: return glp_write_mps(glp.pointer, GLP_MPS_FILE, nil, path)
                }
            }
        }
        if code != 0 { throw ModelError.fileError(path: path, reason: "GLPK could not write the file") }
        return relation
    }

    /// Reads a model written in `format` (by GLPK or another tool).
    public init(contentsOf path: String, format: ModelFileFormat) throws {
        let problem: LinearProblem? = GLPKEnvironment.withAccess {
            withTerminalOutput(.silent, log: nil) {
                let glp = GLPKProblem()
                let code: Int32
                switch format {
                case .cplexLP: code = glp_read_lp(glp.pointer, nil, path)
                case .freeMPS, .freeMPSExact: code = glp_read_mps(glp.pointer, GLP_MPS_FILE, nil, path)
                }
                return code == 0 ? glp.toLinearProblem() : nil
            }
        }
        guard let problem else { throw ModelError.fileError(path: path, reason: "GLPK could not read it as \(format)") }
        self = problem
    }

    /// Names every row (generated names keep the original index) and drops free rows.
    private func withoutFreeRows() -> LinearProblem {
        var copy = self
        copy.rows = []
        var newIndex = [Int](repeating: -1, count: rows.count)
        for (i, row) in rows.enumerated() where row.bounds.lower.isFinite || row.bounds.upper.isFinite {
            newIndex[i] = copy.rows.count
            copy.rows.append(Row(name: row.name ?? "r\(i + 1)", bounds: row.bounds))
        }
        copy.removeAllEntries()
        copy.reserveEntries(entryCount)
        for k in 0..<entryCount where newIndex[entryRows[k]] >= 0 {
            copy.addEntry(row: newIndex[entryRows[k]], column: entryColumns[k], value: entryValues[k])
        }
        return copy
    }

    private func withGeneratedColumnNames() -> LinearProblem {
        var copy = self
        for j in copy.columns.indices where copy.columns[j].name == nil { copy.columns[j].name = "c\(j + 1)" }
        return copy
    }

    /// Generated names for unnamed rows/columns must not collide with given ones.
    private func checkGeneratedNames() throws {
        var seen: [String: Int] = [:]
        for (j, column) in columns.enumerated() {
            if let first = seen.updateValue(j, forKey: column.name ?? "c\(j + 1)") {
                throw ModelError.duplicateName(kind: "column (generated names included)", name: column.name ?? "c\(j + 1)", firstIndex: first, secondIndex: j)
            }
        }
        seen.removeAll()
        for (i, row) in rows.enumerated() {
            if let first = seen.updateValue(i, forKey: row.name ?? "r\(i + 1)") {
                throw ModelError.duplicateName(kind: "row (generated names included)", name: row.name ?? "r\(i + 1)", firstIndex: first, secondIndex: i)
            }
        }
    }
}
