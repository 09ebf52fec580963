import Foundation

/// Errors of `CSVTable`.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    case columnCountMismatch(row: Int, expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .columnCountMismatch(row, expected, got):
            return "CSV row \(row) has \(got) fields, the header has \(expected)"
        }
    }
}

/// RFC 4180 CSV text, e.g. for per-episode results (one row per method x episode).
///
/// A field is quoted when it contains a comma, a double quote, CR or LF, or starts/ends with
/// a space (spreadsheet programs strip unquoted surrounding spaces); a double quote inside a
/// quoted field is doubled. Records end with CRLF as RFC 4180 §2 specifies; pandas, R and
/// spreadsheet programs all read that.
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    /// Appends one record; its field count must match the header so columns never shift.
    public mutating func append(_ fields: [String]) throws {
        guard fields.count == header.count else {
            throw CSVError.columnCountMismatch(row: rows.count + 1, expected: header.count, got: fields.count)
        }
        rows.append(fields)
    }

    /// The complete CSV text: header record, then the rows, every record ending in CRLF.
    public var text: String {
        var out = CSV.record(header)
        for row in rows { out += CSV.record(row) }
        return out
    }

    /// Writes `text` atomically (UTF-8), creating the parent directory if needed.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

/// Field-level CSV helpers.
public enum CSV {
    /// One field, quoted only when RFC 4180 requires it (or it has surrounding spaces).
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: escaped fields joined by commas, terminated by CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// A number in the shortest form that reads back to the same `Double`
    /// (`0.1`, `1e-05`, `nan`, `inf`, `-inf`; pandas and R parse all of them).
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }
}
