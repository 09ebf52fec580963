import Foundation
import Testing
@testable import GLPK

private func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("glpk-test-\(UUID().uuidString)-\(name)").path
}

/// A MILP with maximisation, a constant, a range row, an equality and free/integer columns.
private func exportModel() -> LinearProblem {
    var p = Knapsack.small.problem
    p.objectiveConstant = 7.5
    let y = p.addColumn(name: "y", kind: .integer, bounds: .range(-3, 4), objective: 1.5)
    let z = p.addColumn(bounds: .free, objective: -0.25) // unnamed: written as c14
    p.addRow(name: "link", bounds: .range(-2, 3), terms: [(y, 1), (0, 1)])
    p.addRow(bounds: .exactly(1), terms: [(z, 1), (1, 1)])
    return p
}

@Test(arguments: [ModelFileFormat.freeMPS, .freeMPSExact, .cplexLP])
func exportedFilesReadBackToTheSameOptimum(format: ModelFileFormat) throws {
    let p = exportModel()
    let reference = try #require(p.solveMIP().objective)
    for normalize in [true, false] {
        let path = temporaryPath(format == .cplexLP ? "m.lp" : "m.mps")
        defer { try? FileManager.default.removeItem(atPath: path) }
        if format != .cplexLP && !normalize {
            // Free MPS as GLPK writes it cannot say "maximise".
            #expect(throws: ModelError.self) { try p.write(to: path, format: format, normalize: false) }
            continue
        }
        let relation = try p.write(to: path, format: format, normalize: normalize)
        let read = try LinearProblem(contentsOf: path, format: format)
        #expect(read.objectiveConstant == 0)
        if normalize { #expect(read.sense == .minimize) }
        #expect(read.columns.filter { $0.kind != .continuous }.count == p.columns.filter { $0.kind != .continuous }.count)
        let fileResult = try read.solveMIP()
        #expect(fileResult.status == .optimal)
        let fileObjective = try #require(fileResult.objective)
        #expect(abs(relation.modelObjective(fromFileObjective: fileObjective) - reference) < 1e-9)
    }
}

@Test(arguments: [ModelFileFormat.freeMPS, .freeMPSExact])
func glpsolAgreesWithTheExportedMPS(format: ModelFileFormat) throws {
    let glpsol = "/usr/bin/glpsol"
    guard FileManager.default.isExecutableFile(atPath: glpsol) else { return } // not installed: skip
    let p = exportModel()
    let reference = try #require(p.solveMIP().objective)
    let path = temporaryPath("g.mps")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let relation = try p.write(to: path, format: format)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: glpsol)
    process.arguments = ["--freemps", path] // --mps would expect fixed MPS
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(output.contains("INTEGER OPTIMAL SOLUTION FOUND"))
    // Last "+ <n>: mip = <value>" progress line carries glpsol's incumbent.
    let line = try #require(output.split(separator: "\n").last { $0.contains("mip =") })
    let afterMip = try #require(line.range(of: "mip =")).upperBound
    let token = try #require(line[afterMip...].split(separator: " ").first)
    let value = try #require(Double(token))
    #expect(abs(relation.modelObjective(fromFileObjective: value) - reference) < 1e-6)
}

@Test func exportRejectsWhatFilesCannotCarry() throws {
    var noRows = LinearProblem()
    noRows.addColumn(objective: 1)
    #expect(throws: ModelError.self) { try noRows.write(to: temporaryPath("x.lp"), format: .cplexLP) }
    #expect(throws: ModelError.self) { try noRows.write(to: temporaryPath("x.mps"), format: .freeMPS) }
    var clash = Knapsack.small.problem
    clash.addColumn() // unnamed column 12 -> "c13"
    clash.columns[0].name = "c13"
    #expect(throws: ModelError.self) { try clash.write(to: temporaryPath("x.mps"), format: .freeMPS) }
    #expect(throws: ModelError.self) { try LinearProblem(contentsOf: "/nonexistent/file.mps", format: .freeMPS) }
}

@Test(arguments: [ModelFileFormat.freeMPS, .freeMPSExact, .cplexLP])
func freeRowsDoNotReplaceTheObjective(format: ModelFileFormat) throws {
    // GLPK's MPS writer omits the objective row when any row is free; the first free row
    // would then be read back as the objective. The wrapper leaves free rows out.
    var p = LinearProblem()
    let x = p.addColumn(name: "x", objective: 1)
    let y = p.addColumn(name: "y", bounds: .range(-3, 5), objective: 2)
    p.addColumn(name: "unused", kind: .integer, bounds: .range(1, 5)) // empty column
    p.addRow(name: "r", bounds: .atLeast(2), terms: [(x, 1)])
    p.addRow(name: "watch", bounds: .free, terms: [(x, 4), (y, -1)])
    p.addRow(bounds: .atMost(3)) // empty row, unnamed
    let reference = try #require(p.solveMIP().objective)
    #expect(reference == -4)
    let path = temporaryPath("free")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let relation = try p.write(to: path, format: format)
    let read = try LinearProblem(contentsOf: path, format: format)
    #expect(read.rows.count == 2)
    let value = try #require(read.solveMIP().objective)
    #expect(relation.modelObjective(fromFileObjective: value) == reference)
}

@Test func modelsWithoutRowsAreNotExported() {
    // glp_write_mps asserts (aborts the process) on an empty column when there is no row.
    var p = LinearProblem()
    p.addColumn(name: "x", bounds: .range(0, 1), objective: 0)
    p.addRow(name: "f", bounds: .free)
    for format in [ModelFileFormat.freeMPS, .freeMPSExact, .cplexLP] {
        #expect(throws: ModelError.self) { try p.write(to: temporaryPath("none"), format: format) }
    }
}

@Test func freeMPSKeepsFewerDigitsThanCPLEXLP() throws {
    var p = LinearProblem()
    let x = p.addColumn(name: "x", bounds: .range(0, 1), objective: -123456.789012345)
    p.addRow(name: "r", bounds: .atMost(1), terms: [(x, 0.00123456789012345)])
    let mps = temporaryPath("digits.mps"), lp = temporaryPath("digits.lp")
    defer {
        try? FileManager.default.removeItem(atPath: mps)
        try? FileManager.default.removeItem(atPath: lp)
    }
    try p.write(to: mps, format: .freeMPS)
    try p.write(to: lp, format: .cplexLP)
    let fromMPS = try LinearProblem(contentsOf: mps, format: .freeMPS)
    let fromLP = try LinearProblem(contentsOf: lp, format: .cplexLP)
    #expect(fromMPS.columns[0].objective == -123456.789) // GLPK's 12-character numbers
    #expect(fromLP.columns[0].objective == -123456.789012345)
    #expect(abs(fromMPS.entryValues[0] - 0.00123456789012345) < 1e-10)
    #expect(fromMPS.entryValues[0] != 0.00123456789012345)
    #expect(fromLP.entryValues[0] == 0.00123456789012345)
    try p.write(to: mps, format: .freeMPSExact)
    let exact = try LinearProblem(contentsOf: mps, format: .freeMPSExact)
    #expect(exact.columns[0].objective == -123456.789012345)
    #expect(exact.entryValues[0] == 0.00123456789012345)
}

@Test func exactMPSCarriesEveryBoundTypeAndRandomCoefficients() throws {
    var rng = SplitMix64(state: 99)
    var p = LinearProblem(sense: .minimize, name: "bounds")
    let kinds: [(VariableKind, Bounds)] = [
        (.continuous, .free), (.continuous, .atLeast(-2.5)), (.continuous, .atMost(3.25)),
        (.continuous, .range(-1, 1)), (.continuous, .exactly(0.3)), (.integer, .nonNegative),
        (.integer, .range(-4, 9)), (.binary, .unit), (.integer, .atLeast(2)), (.integer, .atMost(5)),
    ]
    for (j, (kind, bounds)) in kinds.enumerated() {
        p.addColumn(name: j == 3 ? nil : "v\(j)", kind: kind, bounds: bounds,
                    objective: Double(rng.int(-1000...1000)) / 7)
    }
    let rowBounds: [Bounds] = [.atLeast(-5), .atMost(7), .exactly(2), .range(-3, 4), .range(1, 10)]
    for bounds in rowBounds {
        let row = p.addRow(bounds: bounds)
        for j in p.columns.indices where rng.int(0...2) > 0 {
            p.addEntry(row: row, column: j, value: Double(rng.int(-100...100)) / 13)
        }
    }
    let path = temporaryPath("bounds.mps")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try p.write(to: path, format: .freeMPSExact)
    let read = try LinearProblem(contentsOf: path, format: .freeMPSExact)
    #expect(read.columns.map(\.bounds) == p.columns.map(\.bounds))
    #expect(read.columns.map(\.objective) == p.columns.map(\.objective))
    #expect(read.columns.map { $0.kind == .continuous } == p.columns.map { $0.kind == .continuous })
    #expect(read.rows.map(\.bounds) == p.rows.map(\.bounds))
    #expect(Set(read.entryValues) == Set(p.entryValues.filter { $0 != 0 }))
    let a = try p.solveMIP(), b = try read.solveMIP()
    #expect(a.status == b.status)
    #expect(a.objective == b.objective)
}
