import Foundation
import Testing

/// `offload train`, `evaluate`, `solve --solver ppo:FILE`, `compare ... ppo:FILE` and `bench ppo`, end to end.
@Suite("PPO commands (CLI)")
struct PPOCommandTests {
    func json(_ s: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    }

    /// A tiny generated instance (4 users, 2 satellites, 3 slots) in a fresh directory.
    func tinyInstance() throws -> (dir: URL, instance: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("offload-cli-ppo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let instance = dir.appendingPathComponent("tiny.json").path
        let g = try CLI.run(["generate", "--preset", "leo", "--users", "4", "--satellites", "2", "--slots", "3",
                             "--name", "tiny", "-o", instance])
        #expect(g.status == 0, "\(g.stderr)")
        return (dir, instance)
    }

    @Test func trainEvaluateSolveCompareRoundTrip() throws {
        let (dir, instance) = try tinyInstance()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("policy.json").path
        let curve = dir.appendingPathComponent("curve.csv").path

        let t = try CLI.run(["train", instance, "--algo", "ppo", "--steps", "120", "--seed", "3", "-o", policy,
                             "--curve", curve])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.isEmpty, "progress goes to stderr")
        #expect(t.stderr.contains("train:") && t.stderr.contains("users=4 servers=2 classes=3"))
        let file = try json(String(contentsOfFile: policy, encoding: .utf8))
        let metadata = try #require(file["metadata"] as? [String: String])
        #expect(metadata["instanceFingerprint"] == "users=4 servers=2 classes=3 observation=27")
        #expect(file["architecture"] != nil && file["parameters"] != nil && file["observationStats"] != nil)
        let rows = try String(contentsOfFile: curve, encoding: .utf8).split(separator: "\n")
        #expect(rows.first?.hasPrefix("iteration,transitions,episodes,meanEpisodeReturn") == true)
        #expect(rows.count == 1 + 10, "120 steps = 10 rollouts of one 3-slot episode x 4 users")

        // Same seed, same policy file.
        let again = dir.appendingPathComponent("again.json").path
        #expect(try CLI.run(["train", instance, "--steps", "120", "--seed", "3", "-o", again, "--quiet"]).status == 0)
        #expect(try String(contentsOfFile: again, encoding: .utf8) == String(contentsOfFile: policy, encoding: .utf8))

        let e = try CLI.run(["evaluate", instance, "--policy", policy, "--episodes", "3", "--json"])
        #expect(e.status == 0, "\(e.stderr)")
        let ev = try json(e.stdout)
        #expect(ev["format"] as? String == "offload-evaluate/1")
        #expect(ev["episodes"] as? Int == 3)
        let delay = try #require(ev["meanDelaySeconds"] as? [String: Any])
        #expect((delay["mean"] as? Double ?? -1) > 0)
        #expect(delay["count"] as? Int == 3)
        for key in ["meanEnergyJoules", "meanQoE", "violationRate", "instanceSeeds"] { #expect(ev[key] != nil, "missing \(key)") }

        let s = try CLI.run(["solve", instance, "--solver", "ppo:\(policy)", "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        let sv = try json(s.stdout)
        #expect(sv["solver"] as? String == "ppo:\(policy)")
        #expect(sv["slots"] as? Int == 3)

        let c = try CLI.run(["compare", instance, "--methods", "nonsemantic,random,ppo:\(policy)", "--episodes", "3",
                             "--seeds", "1", "--json", "--quiet"])
        #expect(c.status == 0, "\(c.stderr)")
        let methods = try #require(try json(c.stdout)["methods"] as? [[String: Any]])
        #expect(methods.map { $0["name"] as? String } == ["nonsemantic", "random", "ppo:\(policy)"])
        // evaluate and compare score the same episodes.
        let ppoDelay = (methods[2]["meanDelaySeconds"] as? [String: Any])?["stats"] as? [String: Any]
        #expect(ppoDelay?["mean"] as? Double == delay["mean"] as? Double)
    }

    @Test func policyOnAnInstanceOfAnotherShapeIsOneClearError() throws {
        let (dir, instance) = try tinyInstance()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("policy.json").path
        #expect(try CLI.run(["train", instance, "--steps", "12", "-o", policy, "--quiet"]).status == 0)
        for args in [["evaluate", "instances/leo-default.json", "--policy", policy, "--episodes", "1"],
                     ["solve", "instances/leo-default.json", "--solver", "ppo:\(policy)"],
                     ["compare", "instances/leo-default.json", "--methods", "local,ppo:\(policy)", "--episodes", "1",
                      "--seeds", "1", "--quiet"]] {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args[0]): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("error:"), "\(args[0]): \(r.stderr)")
            #expect(r.stderr.contains("users=4 servers=2") && r.stderr.contains("users=50 servers=5"), "\(r.stderr)")
        }
        let missing = try CLI.run(["solve", instance, "--solver", "ppo:\(dir.path)/nope.json"])
        #expect(missing.status == 2 && missing.stderr.hasPrefix("error:"), "\(missing.stderr)")
        let bad = try CLI.run(["train", instance, "--algo", "sac", "-o", policy])
        #expect(bad.status != 0 && bad.stderr.contains("only ppo"))
    }

    @Test func benchPrintsThroughputAsJSON() throws {
        let (dir, instance) = try tinyInstance()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["bench", "ppo", "--steps", "300", "--instance", instance, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["benchmark"] as? String == "ppo")
        let results = try #require(o["results"] as? [[String: Any]])
        #expect(results.map { $0["environment"] as? String } == ["Pendulum-v1", "tiny"])
        for x in results { #expect((x["stepsPerSecond"] as? Double ?? 0) > 0) }
    }
}
