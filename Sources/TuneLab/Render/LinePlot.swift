/// A line plot of one or more named series, drawn with text for a terminal.
///
/// ```
/// loss
/// 4 ┤                  │
///   │ ⠐⢄⡀              │
/// 2 ┤   ⠈⠑⠢⢄⡀          │
///   │       ⠈⠉⠒⠒⠤⠤⠤⣀⣀⣀⡀│
/// 0 ┤                 ⠈⠉⠉⠉⠉⠉⠉⠉⠑⠒⠒⠒⠒⠒⠒⠒
///   └┬───────────────────────────────┬
///    0                              20
///                  epoch
/// ── train   │ best epoch: 11
/// ```
/// (Canvas rows keep their trailing spaces so that each is exactly the layout width.)
/// Layout, top to bottom (every line at most `style.layoutWidth` columns):
/// 1. the title, when set;
/// 2. the y-axis label, when not empty;
/// 3. `height` canvas rows, each exactly `style.layoutWidth` columns: tick labels, axis, canvas;
/// 4. the x axis with tick marks, exactly `style.layoutWidth` columns;
/// 5. the x tick labels (labels that would overlap are left out);
/// 6. the x-axis label, when not empty;
/// 7. the legend (wrapped onto more lines when long);
/// 8. one note per series that had points skipped, and one per marker outside the x range.
///
/// Drawing: with Unicode and color, or with Unicode and a single series, lines are braille
/// dots (2 x 4 dots per character cell) and series differ by color. Otherwise every series
/// is drawn at character resolution with its own marker (`*`, `+`, `o`, `x`, ...), colored
/// too when color is on. Consecutive points are joined by straight lines.
///
/// Points that are NaN or infinite, or not positive on a logarithmic axis, are skipped (the
/// line joins the neighbours) and counted in a note. With nothing left to draw, the plot is
/// the title, the line `(no points to plot)` and the notes.
public struct LinePlot: Sendable {
    /// A named sequence of (x, y) points, drawn in the order given.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]

        /// A series at x = `firstX`, `firstX + xStep`, ... (steps or epochs counted from 1).
        public init(name: String, values: [Double], firstX: Double = 1, xStep: Double = 1) {
            self.name = name
            self.y = values
            self.x = values.indices.map { firstX + Double($0) * xStep }
        }

        /// A series with explicit x values; `x` and `y` must have the same count.
        public init(name: String, x: [Double], y: [Double]) throws {
            guard x.count == y.count else {
                throw RenderError(
                    renderer: "LinePlot.Series \"\(name)\"", argument: "x",
                    given: "\(x.count) values for \(y.count) y values",
                    accepted: "exactly one x value per y value")
            }
            self.name = name
            self.x = x
            self.y = y
        }

        /// Other floating-point values (such as `Float` losses), converted to `Double`.
        public init<Value: BinaryFloatingPoint>(name: String, values: [Value], firstX: Double = 1, xStep: Double = 1) {
            self.init(name: name, values: values.map { Double($0) }, firstX: firstX, xStep: xStep)
        }
    }

    /// A vertical line at an x value, such as the best epoch or a suggested learning rate.
    public struct Marker: Sendable, Equatable {
        public var x: Double
        public var label: String

        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    public var series: [Series]
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale
    public var yScale: AxisScale
    /// Canvas rows; values outside 2...200 are treated as the nearest of those.
    public var height: Int
    public var markers: [Marker]

    public init(
        series: [Series], title: String? = nil, xLabel: String = "", yLabel: String = "",
        xScale: AxisScale = .linear, yScale: AxisScale = .linear, height: Int = 12,
        markers: [Marker] = []
    ) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.height = height
        self.markers = markers
    }

    /// Canvas rows actually drawn (`height` limited to 2...200).
    public var canvasRows: Int { min(200, max(2, height)) }

    // MARK: - Points

    /// The points of each series that can be drawn, and how many were skipped.
    struct CleanSeries {
        var points: [(x: Double, y: Double)]
        var nonFinite = 0
        var nonPositive = 0
    }

    /// Splits each series into drawable points and counts of skipped ones.
    func cleanSeries() -> [CleanSeries] {
        series.map { one in
            var clean = CleanSeries(points: [])
            for (x, y) in zip(one.x, one.y) {
                if !x.isFinite || !y.isFinite {
                    clean.nonFinite += 1
                } else if (xScale == .logarithmic && x <= 0) || (yScale == .logarithmic && y <= 0) {
                    clean.nonPositive += 1
                } else {
                    clean.points.append((x, y))
                }
            }
            return clean
        }
    }

    /// Notes about skipped points and markers that fall outside the x axis.
    func notes(for cleaned: [CleanSeries], xAxis: PlotAxis?) -> [String] {
        var notes: [String] = []
        for (one, clean) in zip(series, cleaned) {
            var parts: [String] = []
            if clean.nonFinite > 0 {
                parts.append("\(clean.nonFinite) non-finite (NaN or infinite)")
            }
            if clean.nonPositive > 0 {
                let axes = [xScale == .logarithmic ? "x" : nil, yScale == .logarithmic ? "y" : nil]
                    .compactMap { $0 }.joined(separator: "/")
                parts.append("\(clean.nonPositive) not positive (log \(axes) axis)")
            }
            if !parts.isEmpty {
                let name = one.name.isEmpty ? "series" : one.name
                notes.append("note: \(name): skipped \(parts.joined(separator: ", ")) points")
            }
        }
        if let xAxis {
            for marker in markers {
                let fraction = xAxis.fraction(of: marker.x)
                if !(fraction >= 0 && fraction <= 1) {
                    notes.append(
                        "note: marker \"\(marker.label)\" at x = \(NumberFormatting.format(marker.x)) is outside the x axis")
                }
            }
        }
        return notes
    }
}
