import Foundation
import Testing
@testable import OffloadScenarios

/// Bad input gives one clear error naming the field, the value and the rule.
struct BadInputTests {
    func text(_ name: String) throws -> String { try String(contentsOfFile: Fixtures.instance(name), encoding: .utf8) }

    func error(_ json: String) -> InstanceError? {
        do {
            let instance = try JSONCoding.decode(Instance.self, from: Data(json.utf8), file: "x.json")
            _ = try instance.scenario()
            return nil
        } catch let e as InstanceError { return e } catch { return .malformed(file: "?", detail: "\(error)") }
    }

    func edited(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(text(name).utf8)) as! [String: Any]
        edit(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func malformedJSON() {
        let e = error("{ \"format\": ")
        guard case .malformed(let file, _)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(file == "x.json")
    }

    @Test func missingField() throws {
        let json = try edited("leo-default.json") { o in o.removeValue(forKey: "taskClasses") }
        #expect(error(json) == .missing(field: "taskClasses"))
        let nested = try edited("leo-default.json") { o in
            var leo = o["leo"] as! [String: Any]; leo.removeValue(forKey: "satellites"); o["leo"] = leo
        }
        #expect(error(nested) == .missing(field: "leo.satellites"))
    }

    @Test func negativePayload() throws {
        let json = try edited("leo-default.json") { o in
            var leo = o["leo"] as! [String: Any]; leo["payloadMbit"] = [-1, 20]; o["leo"] = leo
        }
        #expect(error(json)?.description == "invalid value -1.0 for 'leo.payloadMbit[0]': must be a positive finite number")
        let explicit = try text("tiny-explicit.json").replacingOccurrences(of: "\"payloadMbit\": 2,", with: "\"payloadMbit\": -2,")
        #expect(error(explicit)?.description
                == "invalid value -2.0 for 'explicit.slots[0].tasks[0].payloadMbit': must be a positive finite number")
    }

    @Test func muMinAboveOne() throws {
        let json = try edited("leo-default.json") { o in
            var leo = o["leo"] as! [String: Any]
            var device = leo["device"] as! [String: Any]; device["minSemanticRatio"] = 1.5
            leo["device"] = device; o["leo"] = leo
        }
        #expect(error(json)?.description == "invalid value 1.5 for 'leo.device.minSemanticRatio': must be in (0.0, 1.0]")
    }

    @Test func zeroServers() throws {
        let leo = try edited("leo-default.json") { o in
            var g = o["leo"] as! [String: Any]; g["satellites"] = 0; o["leo"] = g
        }
        #expect(error(leo)?.description == "invalid value 0 for 'leo.satellites': must be at least 1")
        let explicit = try edited("tiny-explicit.json") { o in
            var e = o["explicit"] as! [String: Any]; e["servers"] = [Any](); o["explicit"] = e
        }
        #expect(error(explicit)?.description == "invalid value 0 for 'explicit.servers': must be at least 1")
    }

    @Test func wrongTypesAndUnknownEnums() throws {
        let typed = try edited("leo-default.json") { o in o["slotSeconds"] = "ten" }
        #expect(error(typed)?.description.hasPrefix("invalid value of the wrong type for 'slotSeconds'") == true)
        let kind = try edited("leo-default.json") { o in
            var obj = o["objective"] as! [String: Any]; obj["kind"] = "speed"; o["objective"] = obj
        }
        #expect(error(kind)?.description.contains("'objective.kind'") == true)
    }

    @Test func unreadableFile() {
        #expect(throws: InstanceError.self) { try JSONCoding.load(Instance.self, path: "/nonexistent/x.json") }
    }

    @Test func explicitReferencesAreChecked() throws {
        let badServer = try text("tiny-explicit.json").replacingOccurrences(of: "\"server\": 0, \"gainDB\": -100, \"rangeKm\": 600",
                                                                          with: "\"server\": 3, \"gainDB\": -100, \"rangeKm\": 600")
        #expect(error(badServer)?.description
                == "invalid value 3 for 'explicit.slots[0].tasks[0].links[0].server': must name a server in [0, 0]")
    }
}
