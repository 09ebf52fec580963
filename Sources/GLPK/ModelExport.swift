import CGLPK

/// File formats GLPK reads and writes.
public enum ModelFileFormat: Sendable {
    /// CPLEX LP (`glp_write_lp`). Needs at least one row; free rows are omitted.
    case cplexLP
    /// Free MPS (`glp_write_mps` with `GLP_MPS_FILE`; read it with `glpsol --freemps`).
    case freeMPS
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
    /// Unnamed rows and columns are written as `r<i+1>` / `c<j+1>`.
    @discardableResult
    public func write(to path: String, format: ModelFileFormat, normalize: Bool = true) throws -> ExportedObjective {
        let model = try validated()
        if format == .cplexLP && rows.isEmpty {
            throw ModelError.unsupportedExport("the CPLEX LP writer needs at least one row")
        }
        if format == .freeMPS && sense == .maximize && !normalize {
            // GLPK's MPS writer emits no OBJSENSE section: the file would read back as a minimisation.
            throw ModelError.unsupportedExport("free MPS cannot record maximisation; write with normalize: true")
        }
        try checkGeneratedNames()
        let code: Int32 = GLPKEnvironment.withAccess {
            withTerminalOutput(.silent, log: nil) {
                let glp = GLPKProblem(model, forFile: true, normalize: normalize)
                switch format {
                case .cplexLP: return glp_write_lp(glp.pointer, nil, path)
                case .freeMPS: return glp_write_mps(glp.pointer, GLP_MPS_FILE, nil, path)
                }
            }
        }
        if code != 0 { throw ModelError.fileError(path: path, reason: "GLPK could not write the file") }
        let flip = normalize && sense == .maximize
        return ExportedObjective(sign: flip ? -1 : 1, constant: objectiveConstant)
    }

    /// Reads a model written in `format` (by GLPK or another tool).
    public init(contentsOf path: String, format: ModelFileFormat) throws {
        let problem: LinearProblem? = GLPKEnvironment.withAccess {
            withTerminalOutput(.silent, log: nil) {
                let glp = GLPKProblem()
                let code: Int32
                switch format {
                case .cplexLP: code = glp_read_lp(glp.pointer, nil, path)
                case .freeMPS: code = glp_read_mps(glp.pointer, GLP_MPS_FILE, nil, path)
                }
                return code == 0 ? glp.toLinearProblem() : nil
            }
        }
        guard let problem else { throw ModelError.fileError(path: path, reason: "GLPK could not read it as \(format)") }
        self = problem
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
