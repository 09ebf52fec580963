import Foundation

/// The project's JSON conventions: sorted keys (stable output), pretty printing, and
/// decoding errors turned into messages that name the field.
public enum JSONCoding {
    /// Encoder for every JSON the tool writes; non-finite numbers become "inf"/"-inf"/"nan" strings.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// Reads and decodes a file, translating every failure into an `InstanceError`.
    public static func load<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InstanceError.unreadable(file: path, detail: (error as NSError).localizedDescription)
        }
        return try decode(type, from: data, file: path)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do { return try decoder().decode(type, from: data) } catch let error as DecodingError {
            throw translate(error, file: file)
        } catch {
            throw InstanceError.malformed(file: file, detail: "\(error)")
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        var s = ""
        for k in keys {
            if let i = k.intValue { s += "[\(i)]" } else { s += s.isEmpty ? k.stringValue : "." + k.stringValue }
        }
        return s
    }

    static func translate(_ error: DecodingError, file: String) -> InstanceError {
        switch error {
        case let .keyNotFound(key, ctx):
            return .missing(field: path(ctx.codingPath + [key]))
        case let .typeMismatch(type, ctx):
            return .invalid(field: path(ctx.codingPath), value: "of the wrong type", rule: "must be \(type)")
        case let .valueNotFound(type, ctx):
            return .invalid(field: path(ctx.codingPath), value: "null", rule: "must be \(type)")
        case let .dataCorrupted(ctx):
            if ctx.codingPath.isEmpty {
                let underlying = (ctx.underlyingError as NSError?)?.localizedDescription ?? ctx.debugDescription
                return .malformed(file: file, detail: underlying)
            }
            return .invalid(field: path(ctx.codingPath), value: "given", rule: ctx.debugDescription)
        @unknown default:
            return .malformed(file: file, detail: "\(error)")
        }
    }
}
