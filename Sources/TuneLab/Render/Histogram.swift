/// A histogram of values as horizontal bars: one line per bin with its edges, bar and count.
///
/// ```
/// [-0.30, -0.15)  ██████████████████████████████  68
/// [-0.15,  0.00)  ██████████████▌                 33
/// [ 0.00,  0.15)  ███████████████                 34
/// [ 0.15,  0.30]  ████████████████████████████▋   65
/// n = 200  mean = -3.29e-4  std = 0.212  min = -0.3
/// max = 0.3
/// ```
/// Bins split `range` (default: the minimum to the maximum of the finite values) into
/// `binCount` equal intervals, closed on the left; the last is also closed on the right.
/// Values outside an explicit `range` and non-finite values are counted, not binned, and
/// reported in a note.
public struct Histogram: Sendable {
    /// One interval and how many values fell in it.
    public struct Bin: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
        public let count: Int
    }

    public let bins: [Bin]
    /// Finite values that were binned.
    public let binnedCount: Int
    /// NaN and infinite values (not binned).
    public let nonFiniteCount: Int
    /// Finite values outside an explicit range (not binned).
    public let outOfRangeCount: Int
    /// Mean, standard deviation (population), minimum and maximum of the finite values.
    public let mean: Double, standardDeviation: Double, minimum: Double, maximum: Double
    public var title: String?

    /// Bins `values` into `binCount` equal intervals over `range` (or the data's range).
    /// - Throws: `RenderError` when `binCount` is not in 1...1000 or `range` is empty or not finite.
    public init(values: [Double], binCount: Int = 10, range: ClosedRange<Double>? = nil, title: String? = nil) throws {
        guard (1...1000).contains(binCount) else {
            throw RenderError(renderer: "Histogram", argument: "binCount", given: "\(binCount)",
                              accepted: "an integer from 1 to 1000")
        }
        if let range, !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
            throw RenderError(renderer: "Histogram", argument: "range", given: "\(range)",
                              accepted: "finite bounds with lower < upper")
        }
        // Most value lists are all finite: share the array rather than copy it.
        let finite = values.allSatisfy(\.isFinite) ? values : values.filter { $0.isFinite }
        nonFiniteCount = values.count - finite.count
        minimum = finite.min() ?? .nan
        maximum = finite.max() ?? .nan
        // Sums of scaled terms, so huge values do not overflow.
        let count = Double(finite.count)
        let mean = finite.isEmpty ? Double.nan : finite.reduce(0) { $0 + $1 / count }
        self.mean = mean
        standardDeviation = finite.isEmpty ? .nan
            : Histogram.standardDeviation(finite, mean: mean)
        self.title = title

        var lower = range?.lowerBound ?? (finite.min() ?? 0)
        var upper = range?.upperBound ?? (finite.max() ?? 1)
        if lower == upper {
            // All values equal: a unit-wide range centred on them.
            lower -= 0.5
            upper += 0.5
        }
        var counts = Array(repeating: 0, count: binCount)
        var outside = 0
        for value in finite {
            guard value >= lower && value <= upper else { outside += 1; continue }
            let fraction = RenderMath.fraction(value, from: lower, to: upper)
            counts[RenderMath.index(ofFraction: fraction, count: binCount, rounding: false)] += 1
        }
        outOfRangeCount = outside
        binnedCount = finite.count - outside
        bins = counts.enumerated().map { index, count in
            Bin(lower: RenderMath.interpolate(from: lower, to: upper, at: Double(index) / Double(binCount)),
                upper: index == binCount - 1
                    ? upper : RenderMath.interpolate(from: lower, to: upper, at: Double(index + 1) / Double(binCount)),
                count: count)
        }
    }

    /// Other floating-point values (such as `Float` weights), converted to `Double`.
    public init<Value: BinaryFloatingPoint>(
        values: [Value], binCount: Int = 10, range: ClosedRange<Double>? = nil, title: String? = nil
    ) throws {
        try self.init(values: values.map { Double($0) }, binCount: binCount, range: range, title: title)
    }

    /// The histogram as lines: optional title, one line per bin, a summary and notes.
    ///
    /// The longest bar spans the columns left after the edges and counts; bars use eighth
    /// blocks (`▏`...`█`) with Unicode and `#` without, in cyan when color is on.
    public func render(style: RenderStyle) -> [String] {
        let width = style.layoutWidth
        var lines: [String] = []
        if let title { lines.append(ANSI.bold(ANSI.truncate(title, toWidth: width, style: style), style: style)) }
        let binWidth = (bins.last?.upper ?? 1) / Double(bins.count) - (bins.first?.lower ?? 0) / Double(bins.count)
        let edgeLabels = NumberFormatting.labels(bins.map(\.lower) + [bins.last?.upper ?? 0], resolution: binWidth)
        let edgeWidth = edgeLabels.map(\.count).max() ?? 1
        let countLabels = bins.map { NumberFormatting.integer($0.count) }
        let countWidth = countLabels.map(\.count).max() ?? 1
        // "[" lower ", " upper ")" + 2 spaces + bar + 2 spaces + count
        let prefixWidth = 2 * edgeWidth + 4
        let barWidth = max(1, width - prefixWidth - 2 - 2 - countWidth)
        let largest = bins.map(\.count).max() ?? 0
        for (index, bin) in bins.enumerated() {
            let lowerText = ANSI.pad(edgeLabels[index], toWidth: edgeWidth, alignment: .right, style: style)
            let upperText = ANSI.pad(edgeLabels[index + 1], toWidth: edgeWidth, alignment: .right, style: style)
            let close = index == bins.count - 1 ? "]" : ")"
            let fraction = largest == 0 ? 0 : Double(bin.count) / Double(largest)
            let bar = Histogram.bar(fraction: fraction, width: barWidth, style: style)
            let count = ANSI.pad(countLabels[index], toWidth: countWidth, alignment: .right, style: style)
            lines.append("[\(lowerText), \(upperText)\(close)  \(ANSI.colored(bar, .cyan, style: style))  \(count)")
        }
        let f = { (value: Double) in NumberFormatting.format(value, significantDigits: 3) }
        lines += ANSI.wrap(
            ["n = \(NumberFormatting.integer(binnedCount))", "mean = \(f(mean))", "std = \(f(standardDeviation))",
             "min = \(f(minimum))", "max = \(f(maximum))"],
            width: width, separator: "  ", style: style)
        if nonFiniteCount > 0 {
            lines.append("note: skipped \(NumberFormatting.integer(nonFiniteCount)) non-finite values (NaN or infinite)")
        }
        if outOfRangeCount > 0 {
            lines.append("note: \(NumberFormatting.integer(outOfRangeCount)) values outside the range were not binned")
        }
        return lines
    }

    /// Population standard deviation, scaled by the largest deviation to avoid overflow.
    static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        let largest = values.map { abs($0 / 2 - mean / 2) }.max() ?? 0
        guard largest > 0, largest.isFinite else { return 0 }
        let sum = values.reduce(0.0) { total, value in
            let scaled = (value / 2 - mean / 2) / largest
            return total + scaled * scaled
        }
        return 2 * largest * (sum / Double(values.count)).squareRoot()
    }

    /// A bar `fraction` of `width` columns long, padded with spaces to exactly `width`.
    /// Unicode bars resolve eighths of a column; ASCII bars whole columns of `#`.
    static func bar(fraction: Double, width: Int, style: RenderStyle) -> String {
        let clamped = min(1, max(0, fraction))
        if style.unicode {
            let eighths = Int((clamped * Double(width * 8)).rounded())
            var bar = String(repeating: "█", count: eighths / 8)
            let partials: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            bar += partials[eighths % 8]
            // A non-zero count always shows at least a sliver.
            if bar.isEmpty && clamped > 0 { bar = "▏" }
            return bar + String(repeating: " ", count: max(0, width - bar.count))
        }
        var filled = Int((clamped * Double(width)).rounded())
        if filled == 0 && clamped > 0 { filled = 1 }
        return String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    }
}
