import Foundation

/// A value drawn as a bar or point with a symmetric error bar `mean +- spread`.
public struct MeanAndSpread: Sendable, Equatable, Codable {
    public var mean: Double
    /// Half-length of the error bar (the sample standard deviation unless the caller chooses
    /// e.g. a confidence half-width).
    public var spread: Double

    public init(mean: Double, spread: Double) {
        self.mean = mean
        self.spread = spread
    }

    /// `mean +- sample standard deviation` of `samples`; the spread is 0 for a single sample
    /// and both are NaN (drawn as a missing bar) for no samples.
    public init(samples: [Double]) {
        mean = Statistics.mean(samples) ?? .nan
        spread = Statistics.sampleStandardDeviation(samples) ?? (samples.isEmpty ? .nan : 0)
    }
}

/// Bars with error bars: one group per category on the x axis (e.g. methods) and one bar per
/// series inside each group. A single series gives the usual "one chart per metric" picture;
/// several series (e.g. load levels) give a grouped chart sharing one y axis and unit.
public struct BarChart: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        /// `values[i]` belongs to `categories[i]`; a NaN mean leaves the bar out.
        public var values: [MeanAndSpread]
        public init(name: String, values: [MeanAndSpread]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    public var series: [Series]
    public var logScaleY: Bool

    public init(title: String, xLabel: String = "", yLabel: String, categories: [String],
                series: [Series], logScaleY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.logScaleY = logScaleY
    }
}

/// Lines with error bars: x is a swept parameter (e.g. number of users), one line per method.
public struct LineChart: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: MeanAndSpread
        public init(x: Double, y: MeanAndSpread) {
            self.x = x
            self.y = y
        }
    }

    public struct Line: Sendable, Equatable {
        public var name: String
        public var points: [Point]
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var lines: [Line]
    public var logScaleX: Bool
    public var logScaleY: Bool

    public init(title: String, xLabel: String, yLabel: String, lines: [Line],
                logScaleX: Bool = false, logScaleY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.lines = lines
        self.logScaleX = logScaleX
        self.logScaleY = logScaleY
    }
}

/// Image formats, chosen from the output file's extension.
public enum PlotImageFormat: String, Sendable, CaseIterable {
    case svg, png, pdf

    /// `nil` for an extension gnuplot output is not offered for.
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }
}

/// The files that belong to one chart. Data and script always sit beside the image with the
/// same base name (`delay.png` -> `delay.dat`, `delay.gp`), so `gnuplot delay.gp` run in that
/// directory redraws it after the user edits the script.
public struct PlotFiles: Sendable, Equatable {
    public let image: URL
    public let data: URL
    public let script: URL

    public init(image: URL) {
        self.image = image
        let base = image.deletingPathExtension()
        data = base.appendingPathExtension("dat")
        script = base.appendingPathExtension("gp")
    }
}

/// What happened to the image; data and script are always written first.
public enum PlotStatus: Sendable, Equatable {
    case rendered
    case gnuplotNotFound
    case gnuplotFailed(exitStatus: Int32, output: String)
}

/// Outcome of `Plot.render`: where the files are and whether the image was drawn.
public struct PlotResult: Sendable, Equatable {
    public let files: PlotFiles
    public let status: PlotStatus

    /// True when the image file was produced.
    public var imageWritten: Bool { status == .rendered }

    /// One line for the user, e.g. for the CLI's stderr.
    public var message: String {
        let dir = files.image.deletingLastPathComponent().path
        switch status {
        case .rendered:
            return "wrote \(files.image.path) (data \(files.data.lastPathComponent), script \(files.script.lastPathComponent))"
        case .gnuplotNotFound:
            return "gnuplot not found, wrote data and script to \(dir) (\(files.data.lastPathComponent), "
                + "\(files.script.lastPathComponent)); install gnuplot (Debian: gnuplot-nox) and run "
                + "`gnuplot \(files.script.lastPathComponent)` there to draw \(files.image.lastPathComponent)"
        case let .gnuplotFailed(status, output):
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "gnuplot failed (exit status \(status)) on \(files.script.path); data and script were kept"
                + (detail.isEmpty ? "" : ": \(detail)")
        }
    }
}

/// Errors that stop a chart before anything is drawn.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    case unsupportedFormat(fileExtension: String)
    case invalidChart(String)

    public var description: String {
        switch self {
        case let .unsupportedFormat(ext):
            let known = PlotImageFormat.allCases.map { "." + $0.rawValue }.joined(separator: ", ")
            return "cannot plot to '.\(ext)': use one of \(known)"
        case let .invalidChart(why):
            return "invalid chart: \(why)"
        }
    }
}

/// Renders charts through gnuplot.
public enum Plot {
    /// Writes `<base>.dat` and `<base>.gp` beside `image`, then runs gnuplot to draw `image`.
    ///
    /// - Parameter gnuplot: the gnuplot to use; by default the first `gnuplot` on `PATH`.
    ///   When nil (not installed) the result says so and the data and script are still written.
    /// - Throws: `PlotError` for an unknown extension or an inconsistent chart, and file-system
    ///   errors when the data or script cannot be written. A missing or failing gnuplot is
    ///   reported in the result, not thrown, so callers can keep going (e.g. still write CSV).
    public static func render(_ chart: BarChart, to image: URL,
                              gnuplot: Gnuplot? = Gnuplot.find()) throws -> PlotResult {
        try validate(chart)
        return try render(to: image, gnuplot: gnuplot,
                          data: GnuplotScript.barData(chart),
                          script: { GnuplotScript.barScript(chart, files: $0, terminal: $1) })
    }

    /// Line-chart counterpart of `render(_:to:gnuplot:)` for a swept parameter.
    public static func render(_ chart: LineChart, to image: URL,
                              gnuplot: Gnuplot? = Gnuplot.find()) throws -> PlotResult {
        try validate(chart)
        return try render(to: image, gnuplot: gnuplot,
                          data: GnuplotScript.lineData(chart),
                          script: { GnuplotScript.lineScript(chart, files: $0, terminal: $1) })
    }

    private static func render(to image: URL, gnuplot: Gnuplot?, data: String,
                               script: (PlotFiles, String) -> String) throws -> PlotResult {
        let ext = image.pathExtension
        guard let format = PlotImageFormat(fileExtension: ext) else {
            throw PlotError.unsupportedFormat(fileExtension: ext)
        }
        let files = PlotFiles(image: image)
        // Without gnuplot the terminal cannot be probed; pngcairo is what Debian's
        // gnuplot-nox offers, so the saved script works once gnuplot is installed.
        let terminals = gnuplot?.terminals() ?? ["pngcairo", "pdfcairo", "svg"]
        let terminal = GnuplotScript.terminalCommand(for: format, available: terminals)
        try FileManager.default.createDirectory(at: image.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try Data(data.utf8).write(to: files.data, options: .atomic)
        try Data(script(files, terminal).utf8).write(to: files.script, options: .atomic)
        guard let gnuplot else { return PlotResult(files: files, status: .gnuplotNotFound) }
        return PlotResult(files: files, status: gnuplot.draw(files))
    }

    static func validate(_ chart: BarChart) throws {
        guard !chart.categories.isEmpty else { throw PlotError.invalidChart("bar chart has no categories") }
        guard !chart.series.isEmpty else { throw PlotError.invalidChart("bar chart has no series") }
        for s in chart.series where s.values.count != chart.categories.count {
            throw PlotError.invalidChart("series '\(s.name)' has \(s.values.count) values for \(chart.categories.count) categories")
        }
    }

    static func validate(_ chart: LineChart) throws {
        guard !chart.lines.isEmpty else { throw PlotError.invalidChart("line chart has no lines") }
        for line in chart.lines where line.points.contains(where: { !$0.x.isFinite }) {
            throw PlotError.invalidChart("line '\(line.name)' has a non-finite x value")
        }
    }
}
