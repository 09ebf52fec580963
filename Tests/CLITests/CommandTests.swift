import Foundation
import Testing

/// End-to-end: the executable's output, exit codes and files.
struct CommandTests {
    func json(_ s: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    }

    @Test(arguments: ["local", "nonsemantic", "random"])
    func solvePrintsTheStableJSON(solver: String) throws {
        let r = try CLI.run(["solve", "instances/leo-default.json", "--solver", solver, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        for key in ["solver", "slots", "meanDelaySeconds", "meanEnergyJoules", "meanQoE", "violations", "runtimeSeconds",
                    "tasks", "violationsByConstraint", "instance", "objective"] {
            #expect(o[key] != nil, "missing \(key)")
        }
        #expect(o["solver"] as? String == solver)
        #expect(o["slots"] as? Int == 20)
    }

    @Test func sameSeedSameNumbers() throws {
        func numbers(_ seed: String) throws -> [String: Any] {
            var o = try json(try CLI.run(["solve", "instances/leo-default.json", "--solver", "random", "--seed", seed, "--json"]).stdout)
            o.removeValue(forKey: "runtimeSeconds")
            return o
        }
        let a = try numbers("4"), b = try numbers("4"), c = try numbers("5")
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
        #expect(!NSDictionary(dictionary: a).isEqual(to: c))
    }

    @Test func localDecisionsPassTheChecker() throws {
        let file = CLI.temporaryFile("local.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let solve = try CLI.run(["solve", "instances/leo-default.json", "--solver", "local", "--decisions-out", file])
        #expect(solve.status == 0)
        let check = try CLI.run(["check", "instances/leo-default.json", file])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.hasPrefix("feasible"))
    }

    @Test func violatedDecisionsFailTheChecker() throws {
        let file = CLI.temporaryFile("random.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try CLI.run(["solve", "instances/leo-default.json", "--solver", "random", "--decisions-out", file])
        let check = try CLI.run(["check", "instances/leo-default.json", file, "--json"])
        #expect(check.status == 1)
        let o = try json(check.stdout)
        #expect(o["feasible"] as? Bool == false)
        let violations = o["violations"] as? [[String: Any]] ?? []
        #expect(!violations.isEmpty && violations.allSatisfy { $0["constraint"] != nil && $0["slot"] != nil })
    }

    @Test func generateWritesALoadableInstance() throws {
        let file = CLI.temporaryFile("gen.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let g = try CLI.run(["generate", "--preset", "leo", "--users", "12", "--satellites", "3", "--slots", "4", "--seed", "7", "-o", file])
        #expect(g.status == 0)
        let s = try json(try CLI.run(["solve", file, "--json"]).stdout)
        #expect(s["slots"] as? Int == 4)
    }

    /// Bad input: one clear line on stderr naming field and value, a non-zero exit, no crash:
    /// 2 for files that cannot be used, 64 (usage error) for bad command-line values (README).
    @Test(arguments: [
        (["solve", "/nonexistent.json"], "cannot read /nonexistent.json", 2),
        (["solve", "instances/leo-default.json", "--solver", "magic"], "unknown solver 'magic'", 64),
        (["solve", "instances/leo-default.json", "--slots", "0"], "--slots must be at least 1", 64),
        (["check", "instances/leo-default.json", "/nonexistent-decisions.json"], "cannot read /nonexistent-decisions.json", 2),
    ])
    func badArgumentsFailClearly(_ c: ([String], String, Int32)) throws {
        let r = try CLI.run(c.0)
        #expect(r.status == c.2)
        #expect(r.stderr.contains(c.1), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func badInstanceFilesFailClearly() throws {
        let cases: [(String, String)] = [
            ("{ not json", "is not a valid file"),
            ("{\"format\": \"offload-instance/1\"}", "missing field 'name'"),
        ]
        for (text, message) in cases {
            let file = CLI.temporaryFile("bad.json")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let r = try CLI.run(["solve", file])
            #expect(r.status == 2)
            #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        }
        var leo = try String(contentsOf: CLI.root.appendingPathComponent("instances/leo-default.json"), encoding: .utf8)
        leo = leo.replacingOccurrences(of: "\"minSemanticRatio\" : 0.1", with: "\"minSemanticRatio\" : 1.5")
        let file = CLI.temporaryFile("mu.json")
        try leo.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.run(["solve", file])
        #expect(r.status == 2)
        #expect(r.stderr.contains("invalid value 1.5 for 'leo.device.minSemanticRatio': must be in (0.0, 1.0]"), "\(r.stderr)")
    }
}
