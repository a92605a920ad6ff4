/// Laying out a `LinePlot` as terminal lines (see `LinePlot` for the layout contract).
extension LinePlot {
    /// Markers for series in character-resolution mode, in series order (then repeating).
    public static let seriesMarkers: [String] = ["*", "+", "o", "x", "#", "@", "%", "&"]

    /// The plot as lines of text (no newlines inside).
    public func render(style: RenderStyle) -> [String] {
        let width = style.layoutWidth
        let cleaned = cleanSeries()
        var lines: [String] = []
        if let title {
            lines.append(ANSI.bold(ANSI.truncate(title, toWidth: width, style: style), style: style))
        }
        let allX = cleaned.flatMap { $0.points.map(\.x) }
        let allY = cleaned.flatMap { $0.points.map(\.y) }
        guard !allX.isEmpty else {
            lines.append("(no points to plot)")
            return lines + notes(for: cleaned, xAxis: nil).map { ANSI.truncate($0, toWidth: width, style: style) }
        }

        // MARK: Axes and canvas size
        let rows = canvasRows
        let yAxis = PlotAxis(covering: allY, scale: yScale, tickCount: max(3, min(8, rows / 2 + 1)))
        let yTickLabels = yAxis.tickLabels
        let labelWidth = yTickLabels.map(ANSI.visibleWidth).max() ?? 1
        // Tick labels, a space, the axis, then the canvas: together exactly `width` columns.
        let plotColumns = max(4, width - labelWidth - 2)
        let xAxis = PlotAxis(covering: allX, scale: xScale, tickCount: max(2, plotColumns / 12))
        let mode: PlotCanvas.Mode = style.unicode && (style.color || series.count <= 1) ? .braille : .markers
        var canvas = PlotCanvas(mode: mode, columns: plotColumns, rows: rows)

        // MARK: Drawing
        for marker in markers {
            let fraction = xAxis.fraction(of: marker.x)
            if fraction >= 0 && fraction <= 1 {
                canvas.markColumn(canvas.cellColumn(ofPixel: canvas.pixelX(fraction)))
            }
        }
        for (index, clean) in cleaned.enumerated() {
            let pixels = clean.points.map { point in
                (x: canvas.pixelX(xAxis.fraction(of: point.x)), y: canvas.pixelY(yAxis.fraction(of: point.y)))
            }
            if pixels.count == 1 { canvas.plot(x: pixels[0].x, y: pixels[0].y, series: index) }
            for (start, end) in zip(pixels, pixels.dropFirst()) {
                canvas.line(from: start, to: end, series: index)
            }
        }

        // MARK: Canvas rows with y ticks
        var labelForRow: [Int: String] = [:]
        for (tick, label) in zip(yAxis.ticks, yTickLabels) {
            let row = canvas.cellRow(ofPixel: canvas.pixelY(yAxis.fraction(of: tick)))
            if labelForRow[row] == nil { labelForRow[row] = label }
        }
        if !yLabel.isEmpty {
            lines.append(ANSI.truncate(yLabel, toWidth: width, style: style))
        }
        let palette = ANSI.seriesPalette
        let canvasLines = canvas.renderRows(
            unicode: style.unicode,
            marker: { LinePlot.seriesMarkers[$0 % LinePlot.seriesMarkers.count] },
            paint: { ANSI.colored($0, palette[$1 % palette.count], style: style) },
            paintMarkerLine: { ANSI.dim($0, style: style) })
        for (row, text) in canvasLines.enumerated() {
            let label = ANSI.pad(labelForRow[row] ?? "", toWidth: labelWidth, alignment: .right, style: style)
            let axis = labelForRow[row] == nil ? (style.unicode ? "│" : "|") : (style.unicode ? "┤" : "+")
            lines.append(label + " " + axis + text)
        }

        // MARK: X axis, tick labels and axis label
        let canvasStart = labelWidth + 2
        var tickLine = Array(repeating: Character(" "), count: width)
        var labelledColumns: [Int] = []
        var lastEnd = -2
        for (tick, label) in zip(xAxis.ticks, xAxis.tickLabels) {
            let column = canvas.cellColumn(ofPixel: canvas.pixelX(xAxis.fraction(of: tick)))
            let length = label.count
            let start = min(max(0, canvasStart + column - length / 2), width - length)
            guard start > lastEnd + 1, start >= 0 else { continue }
            for (offset, character) in label.enumerated() { tickLine[start + offset] = character }
            lastEnd = start + length - 1
            labelledColumns.append(column)
        }
        var axisLine = String(repeating: " ", count: labelWidth + 1) + (style.unicode ? "└" : "+")
        for column in 0..<plotColumns {
            if labelledColumns.contains(column) {
                axisLine += style.unicode ? "┬" : "+"
            } else {
                axisLine += style.unicode ? "─" : "-"
            }
        }
        lines.append(axisLine)
        lines.append(trimmingTrailingSpaces(String(tickLine)))
        if !xLabel.isEmpty {
            let centered = ANSI.pad(xLabel, toWidth: plotColumns, alignment: .center, style: style)
            lines.append(trimmingTrailingSpaces(String(repeating: " ", count: canvasStart) + centered))
        }

        // MARK: Legend and notes
        var entries: [String] = []
        let hasNames = series.contains { !$0.name.isEmpty }
        if hasNames || series.count > 1 {
            for (index, one) in series.enumerated() {
                let sample = mode == .braille
                    ? (style.unicode ? "──" : "--")
                    : LinePlot.seriesMarkers[index % LinePlot.seriesMarkers.count]
                let name = one.name.isEmpty ? "series \(index + 1)" : one.name
                entries.append(ANSI.colored(sample, palette[index % palette.count], style: style) + " " + name)
            }
        }
        for marker in markers {
            let line = ANSI.dim(style.unicode ? "│" : "|", style: style)
            entries.append("\(line) \(marker.label): \(NumberFormatting.format(marker.x))")
        }
        lines += ANSI.wrap(entries, width: width, style: style)
        lines += notes(for: cleaned, xAxis: xAxis).map { ANSI.truncate($0, toWidth: width, style: style) }
        return lines
    }

    func trimmingTrailingSpaces(_ text: String) -> String {
        var result = text
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
