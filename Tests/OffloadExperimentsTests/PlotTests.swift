import Foundation
import Testing
@testable import OffloadExperiments

/// Charts built the way `offload compare` will build them: methods on x, mean +- std on y.
enum SampleCharts {
    static let bars = BarChart(
        title: "Mean delay per method (it's 20 episodes)",
        xLabel: "method", yLabel: "delay_s [s]",
        categories: ["Local", "Non-semantic", "Random", "GA"],
        series: [
            .init(name: "load 0.5", values: [.init(mean: 1.5, spread: 0.25), .init(mean: 1.1, spread: 0.2),
                                             .init(mean: 1.3, spread: 0.4), .init(mean: 0.8, spread: 0.1)]),
            .init(name: "load 1.0", values: [.init(mean: 2.5, spread: 0.3), .init(mean: 1.9, spread: 0.35),
                                             .init(mean: 2.2, spread: 0.5), .init(mean: .nan, spread: .nan)]),
        ])

    static let lines = LineChart(
        title: "Delay vs number of users", xLabel: "users", yLabel: "delay [s]",
        lines: [
            .init(name: "Random", points: [.init(x: 40, y: .init(mean: 2.0, spread: 0.3)),
                                           .init(x: 10, y: .init(mean: 1.0, spread: 0.2)),
                                           .init(x: 20, y: .init(mean: 1.4, spread: 0.25))]),
            .init(name: "empty", points: []),
            .init(name: "GA", points: [.init(x: 10, y: .init(mean: 0.7, spread: 0.1)),
                                       .init(x: 20, y: .init(mean: 0.9, spread: 0.1)),
                                       .init(x: 40, y: .init(mean: 1.2, spread: 0.15))]),
        ])
}

@Suite("Gnuplot charts")
struct PlotTests {
    @Test func barChartWritesDataAndScriptWithoutGnuplot() throws {
        let dir = try makeTemporaryDirectory("bars")
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = dir.appendingPathComponent("delay.png")
        let result = try Plot.render(SampleCharts.bars, to: image, gnuplot: nil)
        #expect(result.status == .gnuplotNotFound)
        #expect(!result.imageWritten)
        #expect(result.message.hasPrefix("gnuplot not found, wrote data and script to \(dir.path)"))
        #expect(result.files.data.lastPathComponent == "delay.dat")
        #expect(result.files.script.lastPathComponent == "delay.gp")
        #expect(!FileManager.default.fileExists(atPath: image.path))

        let data = try String(contentsOf: result.files.data, encoding: .utf8)
        #expect(data.contains("0\tLocal\t1.5\t0.25\t2.5\t0.3\n"))
        #expect(data.contains("1\tNon-semantic\t1.1\t0.2\t1.9\t0.35\n"))
        #expect(data.contains("3\tGA\t0.8\t0.1\tNaN\tNaN\n"))

        let script = try String(contentsOf: result.files.script, encoding: .utf8)
        #expect(script.contains("set terminal pngcairo"))
        #expect(script.contains("set output 'delay.png'"))
        #expect(script.contains("set title 'Mean delay per method (it''s 20 episodes)'"))
        #expect(script.contains("set ylabel 'delay_s [s]'"))
        #expect(script.contains("noenhanced"))
        #expect(script.contains("set style histogram errorbars"))
        #expect(script.contains("set yrange [0:*]"))
        #expect(script.contains("plot 'delay.dat' using 3:4:xticlabels(2) title 'load 0.5', \\\n     '' using 5:6 title 'load 1.0'"))
    }

    @Test func lineChartWritesOneSortedBlockPerLine() throws {
        let dir = try makeTemporaryDirectory("lines")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Plot.render(SampleCharts.lines, to: dir.appendingPathComponent("sweep.svg"), gnuplot: nil)
        #expect(result.status == .gnuplotNotFound)
        let data = try String(contentsOf: result.files.data, encoding: .utf8)
        #expect(data.contains("# index 0: Random\n10.0\t1.0\t0.2\n20.0\t1.4\t0.25\n40.0\t2.0\t0.3\n\n\n# index 1: GA\n"))
        #expect(!data.contains("empty"))
        let script = try String(contentsOf: result.files.script, encoding: .utf8)
        #expect(script.contains("set terminal svg"))
        #expect(script.contains("'sweep.dat' index 0 using 1:2:3 with yerrorlines"))
        #expect(script.contains("'' index 1 using 1:2:3 with yerrorlines lw 2 pt 7 ps 0.8 title 'GA'"))
    }

    @Test func userTextCannotBreakOutOfTheScript() {
        #expect(GnuplotScript.quoted("it's") == "'it''s'")
        #expect(GnuplotScript.quoted("a\nset output '/etc/x'") == "'a set output ''/etc/x'''")
        #expect(GnuplotScript.quoted("`rm -rf ~` @GPVAL \\n") == "'`rm -rf ~` @GPVAL \\n'")
        #expect(GnuplotScript.oneLine("a\tb\r\nc") == "a b  c")
        let chart = BarChart(title: "t", yLabel: "y", categories: ["two\nlines\tx"],
                             series: [.init(name: "s", values: [.init(mean: 1, spread: 0)])])
        #expect(GnuplotScript.barData(chart).contains("0\ttwo lines x\t1.0\t0.0\n"))
    }

    @Test func terminalFollowsExtensionAndAvailability() {
        #expect(GnuplotScript.terminalCommand(for: .png, available: ["pngcairo", "png"]).hasPrefix("set terminal pngcairo "))
        #expect(GnuplotScript.terminalCommand(for: .png, available: ["png"]).hasPrefix("set terminal png "))
        #expect(GnuplotScript.terminalCommand(for: .svg, available: []).hasPrefix("set terminal svg "))
        #expect(PlotImageFormat(fileExtension: "PNG") == .png)
        #expect(PlotImageFormat(fileExtension: "jpg") == nil)
    }

    @Test func invalidRequestsThrowBeforeWriting() throws {
        let dir = try makeTemporaryDirectory("invalid")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: PlotError.unsupportedFormat(fileExtension: "jpg")) {
            try Plot.render(SampleCharts.bars, to: dir.appendingPathComponent("x.jpg"), gnuplot: nil)
        }
        var bad = SampleCharts.bars
        bad.series[0].values.removeLast()
        #expect(throws: PlotError.self) { try Plot.render(bad, to: dir.appendingPathComponent("x.png"), gnuplot: nil) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func meanAndSpreadFromSamples() {
        let v = MeanAndSpread(samples: [2, 4, 4, 4, 5, 5, 7, 9])
        #expect(v.mean == 5 && close(v.spread, 2.138089935299395, relative: 1e-14))
        #expect(MeanAndSpread(samples: [3]) == MeanAndSpread(mean: 3, spread: 0))
        #expect(MeanAndSpread(samples: []).mean.isNaN)
    }

    @Test func gnuplotIsNotFoundOnAnEmptyPath() {
        #expect(Gnuplot.find(searchPath: "/nonexistent-dir-for-offload-tests") == nil)
        #expect(Gnuplot.find(searchPath: nil) == nil)
    }

    /// A "gnuplot" that fails is reported in the result, not thrown, and the files are kept.
    @Test func failingGnuplotIsReported() throws {
        let dir = try makeTemporaryDirectory("failing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = dir.appendingPathComponent("gnuplot")
        try Data("#!/bin/sh\necho 'line 3: boom' >&2\nexit 3\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let found = Gnuplot.find(searchPath: dir.path)
        #expect(found == Gnuplot(executable: fake))
        let result = try Plot.render(SampleCharts.bars, to: dir.appendingPathComponent("out/b.png"), gnuplot: found)
        guard case let .gnuplotFailed(status, output) = result.status else {
            Issue.record("expected a failure, got \(result.status)")
            return
        }
        #expect(status == 3 && output.contains("boom"))
        #expect(result.message.contains("gnuplot failed (exit status 3)"))
        #expect(FileManager.default.fileExists(atPath: result.files.script.path))
        // Without terminal list (the fake prints none) PNG falls back to the libgd terminal.
        #expect(try String(contentsOf: result.files.script, encoding: .utf8).contains("set terminal png size"))
    }
}

/// Runs only where gnuplot is installed (Debian: gnuplot-nox). Set OFFLOAD_KEEP_PLOTS=1 to
/// keep the images for a look; the directory is printed.
@Suite("Gnuplot rendering", .enabled(if: Gnuplot.find() != nil))
struct GnuplotRenderingTests {
    func outputDirectory(_ name: String) throws -> (URL, keep: Bool) {
        let keep = ProcessInfo.processInfo.environment["OFFLOAD_KEEP_PLOTS"] != nil
        let dir = try makeTemporaryDirectory(name)
        if keep { print("plots kept in \(dir.path)") }
        return (dir, keep)
    }

    func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    @Test func rendersPNGAndSVGBarCharts() throws {
        let (dir, keep) = try outputDirectory("render-bars")
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let png = try Plot.render(SampleCharts.bars, to: dir.appendingPathComponent("bars.png"))
        #expect(png.status == .rendered, "\(png.message)")
        let pngBytes = try bytes(png.files.image)
        #expect(pngBytes.count > 1000)
        #expect(Array(pngBytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

        let svg = try Plot.render(SampleCharts.bars, to: dir.appendingPathComponent("bars.svg"))
        #expect(svg.status == .rendered, "\(svg.message)")
        let text = try String(contentsOf: svg.files.image, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") || text.hasPrefix("<svg"))
        #expect(text.contains("Non-semantic"))
        // noenhanced: the underscore is printed, not turned into a subscript
        #expect(text.contains("delay_s [s]"))
    }

    @Test func rendersLineChartPNG() throws {
        let (dir, keep) = try outputDirectory("render-lines")
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let result = try Plot.render(SampleCharts.lines, to: dir.appendingPathComponent("sweep.png"))
        #expect(result.status == .rendered, "\(result.message)")
        #expect(Array(try bytes(result.files.image).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(result.message.hasPrefix("wrote "))
    }
}
