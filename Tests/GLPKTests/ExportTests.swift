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

@Test(arguments: [ModelFileFormat.freeMPS, .cplexLP])
func exportedFilesReadBackToTheSameOptimum(format: ModelFileFormat) throws {
    let p = exportModel()
    let reference = try #require(p.solveMIP().objective)
    for normalize in [true, false] {
        let path = temporaryPath(format == .freeMPS ? "m.mps" : "m.lp")
        defer { try? FileManager.default.removeItem(atPath: path) }
        if format == .freeMPS && !normalize {
            // Free MPS as GLPK writes it cannot say "maximise".
            #expect(throws: ModelError.self) { try p.write(to: path, format: format, normalize: false) }
            continue
        }
        let relation = try p.write(to: path, format: format, normalize: normalize)
        let read = try LinearProblem(contentsOf: path, format: format)
        #expect(read.objectiveConstant == 0)
        if normalize { #expect(read.sense == .minimize) }
        let fileResult = try read.solveMIP()
        #expect(fileResult.status == .optimal)
        let fileObjective = try #require(fileResult.objective)
        #expect(abs(relation.modelObjective(fromFileObjective: fileObjective) - reference) < 1e-9)
    }
}

@Test func glpsolAgreesWithTheExportedMPS() throws {
    let glpsol = "/usr/bin/glpsol"
    guard FileManager.default.isExecutableFile(atPath: glpsol) else { return } // not installed: skip
    let p = exportModel()
    let reference = try #require(p.solveMIP().objective)
    let path = temporaryPath("g.mps")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let relation = try p.write(to: path, format: .freeMPS)
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
    var clash = Knapsack.small.problem
    clash.addColumn() // unnamed column 12 -> "c13"
    clash.columns[0].name = "c13"
    #expect(throws: ModelError.self) { try clash.write(to: temporaryPath("x.mps"), format: .freeMPS) }
    #expect(throws: ModelError.self) { try LinearProblem(contentsOf: "/nonexistent/file.mps", format: .freeMPS) }
}
