import Foundation

/// Text of the gnuplot data files and scripts (pure functions, so tests can check them
/// without gnuplot installed).
///
/// Safety of user text (method names, titles, labels):
/// - In the script every string is a single-quoted gnuplot literal. Gnuplot performs no
///   backslash escapes, no backquote command substitution and no `@` macro expansion inside
///   single quotes; the only special character is `'`, written as `''`. Control characters
///   (a newline would end the command) become spaces.
/// - Terminals are set `noenhanced`, so `_`, `^`, `{}` and `@` in names such as `delay_s`
///   print literally instead of becoming sub/superscripts.
/// - Data files are tab-separated (`set datafile separator tab`) so labels may contain spaces
///   and quotes; tabs and control characters in labels become spaces.
enum GnuplotScript {
    /// `text` as a single-quoted gnuplot string literal.
    static func quoted(_ text: String) -> String {
        "'" + oneLine(text).replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `text` with control characters (including tab, CR, LF) replaced by spaces.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
    }

    /// A number for a data file: shortest round-trip form; NaN and infinities become `NaN`,
    /// which gnuplot treats as an undefined point (left out of the plot).
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "NaN"
    }

    /// The `set terminal` command for `format`; PNG prefers the antialiased `pngcairo` and falls
    /// back to the libgd `png` terminal when this gnuplot lacks cairo.
    static func terminalCommand(for format: PlotImageFormat, available: Set<String>) -> String {
        switch format {
        case .svg:
            return "set terminal svg size 900,560 dynamic noenhanced font 'Sans,13' background rgb 'white'"
        case .png:
            if available.contains("pngcairo") {
                return "set terminal pngcairo size 1000,625 noenhanced font 'Sans,11'"
            }
            return "set terminal png size 1000,625 noenhanced"
        case .pdf:
            return "set terminal pdfcairo size 6in,3.75in noenhanced font 'Sans,10'"
        }
    }

    // MARK: bar chart

    static func barData(_ chart: BarChart) -> String {
        var out = "# \(oneLine(chart.title))\n"
        out += "# tab-separated: index, category, then mean and spread (error bar half-length) per series\n"
        out += "# index\tcategory"
        for s in chart.series { out += "\t\(oneLine(s.name)) mean\t\(oneLine(s.name)) spread" }
        out += "\n"
        for (i, category) in chart.categories.enumerated() {
            out += "\(i)\t\(oneLine(category))"
            for s in chart.series {
                let v = s.values[i]
                out += "\t\(number(v.mean))\t\(number(v.spread))"
            }
            out += "\n"
        }
        return out
    }

    static func barScript(_ chart: BarChart, files: PlotFiles, terminal: String) -> String {
        var lines = header(kind: "Bar chart", files: files, terminal: terminal,
                           title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel)
        lines += [
            "set style data histograms",
            "set style histogram errorbars gap 1 lw 1.5",
            "set style fill solid 0.85 border -1",
            "set boxwidth 0.9",
            "set grid ytics",
            "set xtics nomirror",
        ]
        let longLabels = chart.categories.count > 6 || chart.categories.contains { $0.count > 12 }
        if longLabels { lines.append("set xtics rotate by -30") }
        if chart.logScaleY {
            lines.append("set logscale y")
        } else {
            // Bars grow from 0; keep 0 in view unless some bar is negative.
            let allNonNegative = chart.series.allSatisfy { $0.values.allSatisfy { !($0.mean < 0) } }
            if allNonNegative { lines.append("set yrange [0:*]") }
        }
        // Outside the plot area the key can never hide a bar or an error bar.
        lines.append(chart.series.count > 1 ? "set key outside right top" : "unset key")
        var clauses: [String] = []
        for (k, s) in chart.series.enumerated() {
            let meanColumn = 3 + 2 * k
            let source = k == 0 ? quoted(files.data.lastPathComponent) : "''"
            let using = k == 0 ? "\(meanColumn):\(meanColumn + 1):xticlabels(2)" : "\(meanColumn):\(meanColumn + 1)"
            clauses.append("\(source) using \(using) title \(quoted(s.name))")
        }
        lines.append("plot " + clauses.joined(separator: ", \\\n     "))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: line chart

    /// Lines that have points, in order; empty lines are left out of data and plot alike so
    /// that gnuplot's `index` numbers stay aligned with the plot clauses.
    static func drawnLines(_ chart: LineChart) -> [LineChart.Line] {
        chart.lines.filter { !$0.points.isEmpty }
    }

    static func lineData(_ chart: LineChart) -> String {
        var out = "# \(oneLine(chart.title))\n"
        out += "# tab-separated blocks, one per line (gnuplot index 0, 1, ...), two blank lines apart\n"
        out += "# columns: x, mean, spread (error bar half-length)\n"
        for (k, line) in drawnLines(chart).enumerated() {
            if k > 0 { out += "\n\n" }
            out += "# index \(k): \(oneLine(line.name))\n"
            for p in line.points.sorted(by: { $0.x < $1.x }) {
                out += "\(number(p.x))\t\(number(p.y.mean))\t\(number(p.y.spread))\n"
            }
        }
        return out
    }

    static func lineScript(_ chart: LineChart, files: PlotFiles, terminal: String) -> String {
        var lines = header(kind: "Line chart", files: files, terminal: terminal,
                           title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel)
        lines += ["set grid", "set key outside right top", "set xtics nomirror", "set ytics nomirror",
                  // Margins so the error bars at the first and last x are not drawn on the border.
                  "set offsets graph 0.04, graph 0.04, graph 0.04, graph 0.04"]
        if chart.logScaleX { lines.append("set logscale x") }
        if chart.logScaleY { lines.append("set logscale y") }
        var clauses: [String] = []
        for (k, line) in drawnLines(chart).enumerated() {
            let source = k == 0 ? quoted(files.data.lastPathComponent) : "''"
            clauses.append("\(source) index \(k) using 1:2:3 with yerrorlines lw 2 pt 7 ps 0.8 title \(quoted(line.name))")
        }
        if clauses.isEmpty {
            // Nothing to draw still gives a valid (empty) image instead of a gnuplot error.
            lines.append("set xrange [0:1]")
            lines.append("set yrange [0:1]")
            lines.append("plot NaN notitle")
        } else {
            lines.append("plot " + clauses.joined(separator: ", \\\n     "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func header(kind: String, files: PlotFiles, terminal: String,
                               title: String, xLabel: String, yLabel: String) -> [String] {
        [
            "# \(kind) written by offload (OffloadExperiments); edit freely to restyle.",
            "# Redraw from this directory with: gnuplot \(quoted(files.script.lastPathComponent))",
            terminal,
            "set output \(quoted(files.image.lastPathComponent))",
            "set datafile separator tab",
            "set title \(quoted(title))",
            "set xlabel \(quoted(xLabel))",
            "set ylabel \(quoted(yLabel))",
        ]
    }
}
