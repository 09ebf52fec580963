import Foundation
import Testing

/// End-to-end: `solve --solver milp`, `bound`, `export-milp`.
struct MILPCommandTests {
    func json(_ s: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    }

    @Test func milpSolvePrintsBoundsAndPassesTheChecker() throws {
        let file = CLI.temporaryFile("milp.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.run(["solve", "instances/leo-default.json", "--solver", "milp", "--slots", "2", "--json", "--decisions-out", file])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        let lb = try #require(o["lowerBound"] as? Double), ub = try #require(o["upperBound"] as? Double)
        let gap = try #require(o["gap"] as? Double)
        #expect(lb <= ub && gap >= 0 && gap < 0.05)
        #expect(abs(ub - (o["objective"] as! Double)) <= 1e-9 * ub)
        #expect(o["violations"] as? Int == 0)
        let check = try CLI.run(["check", "instances/leo-default.json", file])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func boundPrintsPerSlotAndTotal() throws {
        let r = try CLI.run(["bound", "instances/leo-default.json", "--slots", "2", "--horizon", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        let slots = try #require(o["slots"] as? [[String: Any]])
        #expect(slots.count == 2)
        let lb = try #require(o["lowerBound"] as? Double), ub = try #require(o["upperBound"] as? Double)
        let perSlot = slots.map { $0["lowerBound"] as! Double }.reduce(0, +)
        #expect(abs(lb - perSlot) <= 1e-9 * abs(lb))
        #expect(lb <= ub)
        let horizon = try #require(o["horizonLowerBound"] as? Double)
        #expect(horizon >= lb - 1e-9 * abs(lb) && horizon <= ub)
    }

    @Test func exportWritesAnMPSAndRejectsBadFormats() throws {
        let file = CLI.temporaryFile("slot.mps")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.run(["export-milp", "instances/tiny-explicit.json", "--slot", "0", "--format", "mps", "-o", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("objective constant 0"))
        #expect(FileManager.default.fileExists(atPath: file))
        let bad = try CLI.run(["export-milp", "instances/tiny-explicit.json", "--format", "xls", "-o", file])
        #expect(bad.status != 0)
        let out = try CLI.run(["export-milp", "instances/tiny-explicit.json", "--slot", "9", "-o", file])
        #expect(out.status != 0 && out.stderr.contains("--slot"))
    }
}
