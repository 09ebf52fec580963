import CGLPK
import Foundation

/// How much GLPK may print. GLPK prints to stdout by default, which would corrupt a
/// CLI's JSON output, so anything not silent goes to `SolverLog` (stderr by default).
public enum Verbosity: Sendable, Equatable {
    case silent
    case errors
    case normal
    case all

    var messageLevel: Int32 {
        switch self {
        case .silent: return GLP_MSG_OFF
        case .errors: return GLP_MSG_ERR
        case .normal: return GLP_MSG_ON
        case .all: return GLP_MSG_ALL
        }
    }
}

/// Receives GLPK's terminal lines when verbosity is not silent.
public typealias SolverLog = @Sendable (String) -> Void

private final class LogBox {
    let log: SolverLog
    init(_ log: @escaping SolverLog) { self.log = log }
}

private let terminalHook: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32 = { info, text in
    guard let info, let text else { return 1 }
    Unmanaged<LogBox>.fromOpaque(info).takeUnretainedValue().log(String(cString: text))
    return 1 // non-zero: GLPK must not print it itself
}

let standardErrorLog: SolverLog = { line in
    FileHandle.standardError.write(Data(line.utf8))
}

/// Runs `body` with GLPK's terminal output off, or routed to `log`, and restores the
/// thread's previous state afterwards (the hook is per thread, like the environment).
func withTerminalOutput<T>(_ verbosity: Verbosity, log: SolverLog?, _ body: () throws -> T) rethrows -> T {
    if verbosity == .silent {
        let previous = glp_term_out(GLP_OFF)
        defer { glp_term_out(previous) }
        return try body()
    }
    let box = LogBox(log ?? standardErrorLog)
    let previous = glp_term_out(GLP_ON)
    glp_term_hook(terminalHook, Unmanaged.passUnretained(box).toOpaque())
    defer {
        glp_term_hook(nil, nil)
        glp_term_out(previous)
    }
    return try withExtendedLifetime(box) { try body() }
}
