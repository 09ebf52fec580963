import Foundation
import ArgumentParser
import OffloadScenarios

/// Prints a failure as one clear line on stderr and exits non-zero (2: bad input; 1 is reserved for
/// "checked and violated").
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ExitCode {
        throw e
    } catch let e as InstanceError {
        printError("error: \(e.description)")
        throw ExitCode(2)
    } catch let e as ValidationError {
        throw e
    } catch {
        printError("error: \(error)")
        throw ExitCode(2)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes text to a file, as a clear error on failure.
func write(_ text: String, to path: String) throws {
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw InstanceError.unreadable(file: path, detail: "cannot write: \(error.localizedDescription)")
    }
}

func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONCoding.encoder().encode(value), as: UTF8.self)
}
