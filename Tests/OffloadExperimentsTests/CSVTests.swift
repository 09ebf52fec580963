import Foundation
import Testing
@testable import OffloadExperiments

@Suite("RFC 4180 CSV")
struct CSVTests {
    @Test func quotesOnlyWhenNeeded() {
        #expect(CSV.escape("ppo") == "ppo")
        #expect(CSV.escape("a,b") == "\"a,b\"")
        #expect(CSV.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSV.escape("crlf\r\nend") == "\"crlf\r\nend\"")
        #expect(CSV.escape(" padded") == "\" padded\"")
        #expect(CSV.escape("") == "")
    }

    @Test func tableTextHasHeaderRowsAndCRLF() throws {
        var table = CSVTable(header: ["method", "episode", "delay_s"])
        try table.append(["ga", "0", CSV.number(0.125)])
        try table.append(["ppo:model,v2.json", "1", CSV.number(.nan)])
        #expect(table.text == "method,episode,delay_s\r\nga,0,0.125\r\n\"ppo:model,v2.json\",1,nan\r\n")
    }

    @Test func rejectsRowsOfTheWrongWidth() {
        var table = CSVTable(header: ["a", "b"])
        #expect(throws: CSVError.columnCountMismatch(row: 1, expected: 2, got: 1)) { try table.append(["x"]) }
    }

    @Test func numbersRoundTrip() {
        #expect(CSV.number(0.1) == "0.1")
        #expect(Double(CSV.number(1.0 / 3.0)) == 1.0 / 3.0)
        #expect(CSV.number(.infinity) == "inf" && CSV.number(-.infinity) == "-inf")
    }

    @Test func writesFileCreatingDirectories() throws {
        let dir = try makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        var table = CSVTable(header: ["x"])
        try table.append(["1"])
        let url = dir.appendingPathComponent("sub/out.csv")
        try table.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "x\r\n1\r\n")
    }
}
