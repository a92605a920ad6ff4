import Foundation

/// A `LinePlot` as a standalone SVG document, for slides and reports.
///
/// The document has a white background, the title, both axes with the same ticks as the
/// terminal plot (`PlotAxis`), light grid lines, one `<polyline>` per series (points that
/// cannot be drawn are skipped, as in the terminal), dashed vertical markers, axis labels
/// and a legend. All text is XML-escaped and stripped of characters XML does not allow, so
/// the output always parses. Numbers use a `.` decimal point whatever the locale.
public struct SVGPlot: Sendable {
    public var plot: LinePlot
    /// Document size in pixels; values below 200 x 150 are treated as that minimum.
    public var width: Int
    public var height: Int

    public init(plot: LinePlot, width: Int = 720, height: Int = 432) {
        self.plot = plot
        self.width = width
        self.height = height
    }

    /// Stroke colors for series, in order (then repeating).
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// The SVG document (UTF-8 text, starting with the XML declaration).
    public func render() -> String {
        let width = Double(max(200, self.width))
        let height = Double(max(150, self.height))
        let cleaned = plot.cleanSeries()
        let allX = cleaned.flatMap { $0.points.map(\.x) }
        let allY = cleaned.flatMap { $0.points.map(\.y) }
        let xAxis = PlotAxis(covering: allX, scale: plot.xScale, tickCount: 6)
        let yAxis = PlotAxis(covering: allY, scale: plot.yScale, tickCount: 6)

        // Plot area inside margins for ticks, labels, title and legend.
        let left = 70.0, right = width - 20
        let top = plot.title == nil ? 20.0 : 44.0
        let bottom = height - (plot.xLabel.isEmpty ? 40.0 : 60.0) - legendHeight(cleaned.count)
        let x = { (value: Double) in left + xAxis.fraction(of: value) * (right - left) }
        let y = { (value: Double) in bottom - yAxis.fraction(of: value) * (bottom - top) }

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
            viewBox="0 0 \(n(width)) \(n(height))" font-family="sans-serif" font-size="12">

            """
        svg += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"white\"/>\n"
        if let title = plot.title {
            svg += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(SVGPlot.escape(title))</text>\n"
        }

        // MARK: Grid, ticks and axes
        svg += "<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n"
        for tick in xAxis.ticks {
            svg += "<line x1=\"\(n(x(tick)))\" y1=\"\(n(top))\" x2=\"\(n(x(tick)))\" y2=\"\(n(bottom))\"/>\n"
        }
        for tick in yAxis.ticks {
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(tick)))\" x2=\"\(n(right))\" y2=\"\(n(y(tick)))\"/>\n"
        }
        svg += "</g>\n<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\"/>\n"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(bottom))\"/>\n</g>\n"
        svg += "<g class=\"ticks\" fill=\"black\">\n"
        for (tick, label) in zip(xAxis.ticks, xAxis.tickLabels) {
            svg += "<text x=\"\(n(x(tick)))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(SVGPlot.escape(label))</text>\n"
        }
        for (tick, label) in zip(yAxis.ticks, yAxis.tickLabels) {
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(y(tick) + 4))\" text-anchor=\"end\">\(SVGPlot.escape(label))</text>\n"
        }
        svg += "</g>\n"
        if !plot.xLabel.isEmpty {
            svg += "<text x=\"\(n((left + right) / 2))\" y=\"\(n(bottom + 36))\" text-anchor=\"middle\">\(SVGPlot.escape(plot.xLabel))</text>\n"
        }
        if !plot.yLabel.isEmpty {
            let centerY = (top + bottom) / 2
            svg += "<text x=\"16\" y=\"\(n(centerY))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(n(centerY)))\">\(SVGPlot.escape(plot.yLabel))</text>\n"
        }

        // MARK: Markers and series
        for marker in plot.markers {
            let fraction = xAxis.fraction(of: marker.x)
            guard fraction >= 0 && fraction <= 1 else { continue }
            let position = x(marker.x)
            svg += "<line class=\"marker\" x1=\"\(n(position))\" y1=\"\(n(top))\" x2=\"\(n(position))\" y2=\"\(n(bottom))\" stroke=\"#555555\" stroke-dasharray=\"4 3\"/>\n"
            svg += "<text x=\"\(n(position + 4))\" y=\"\(n(top + 12))\" fill=\"#555555\">\(SVGPlot.escape(marker.label))</text>\n"
        }
        for (index, clean) in cleaned.enumerated() {
            let color = SVGPlot.palette[index % SVGPlot.palette.count]
            let points = clean.points.map { "\(n(x($0.x))),\(n(y($0.y)))" }.joined(separator: " ")
            let name = SVGPlot.escape(plot.series[index].name)
            svg += "<polyline data-series=\"\(name)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"\(points)\"/>\n"
        }

        // MARK: Legend
        let legendTop = height - legendHeight(cleaned.count) - 6
        for (index, one) in plot.series.enumerated() {
            let color = SVGPlot.palette[index % SVGPlot.palette.count]
            let rowY = legendTop + Double(index) * 16 + 8
            let name = one.name.isEmpty ? "series \(index + 1)" : one.name
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(rowY))\" x2=\"\(n(left + 20))\" y2=\"\(n(rowY))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(n(left + 26))\" y=\"\(n(rowY + 4))\">\(SVGPlot.escape(name))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Height reserved under the x axis for the legend (one 16-pixel row per series).
    func legendHeight(_ seriesCount: Int) -> Double { Double(seriesCount) * 16 + 6 }

    /// A coordinate with at most two decimals and a `.` decimal point.
    func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return NumberFormatting.trimmingFractionZeros(String(format: "%.2f", value))
    }

    /// `text` safe inside XML character data and attribute values: `& < > " '` escaped,
    /// ANSI escapes removed, and characters XML 1.0 forbids (most controls) dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        for scalar in ANSI.stripEscapes(text).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                    || (0x10000...0x10FFFF).contains(value)
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
