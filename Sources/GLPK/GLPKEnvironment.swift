import CGLPK
import Foundation

/// Facts about the linked GLPK library and the lock that protects it when it was built
/// without thread-local storage (then its environment is process-global and two
/// simultaneous solves would corrupt each other).
public enum GLPKEnvironment {
    /// Version string of the linked library, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    /// Whether GLPK keeps its environment per thread (Debian's build does).
    public static let isThreadLocal: Bool = glp_config("TLS") != nil

    // Recursive: a node heuristic may itself solve a sub-problem on the same thread.
    private static let globalLock = NSRecursiveLock()

    /// Runs `body` with exclusive access when GLPK is not thread-local. `body` must stay
    /// on the calling thread (it is synchronous), which also satisfies GLPK's
    /// same-thread rule for the problem objects it creates.
    static func withAccess<T>(_ body: () throws -> T) rethrows -> T {
        if isThreadLocal { return try body() }
        globalLock.lock()
        defer { globalLock.unlock() }
        return try body()
    }
}
