/// A small matrix drawn as shaded cells, such as an attention map with token labels.
///
/// ```
///     the cat sat
/// the ████
/// cat ▒▒▒▒▒▒▒▒
/// sat     ░░░░▒▒▒▒
/// min 0 [ ░▒▓█] max 1
/// ```
/// Shading runs from the smallest value (lightest: least ink) to the largest (darkest: most
/// ink). The ramp is ` ░▒▓█` with Unicode, ` .:-=+*#%@` without, and with color a
/// 24-step gray background from light (palette 255) to dark (palette 232). NaN and infinite
/// cells show `?`. Column labels are written across when they fit a cell, else downwards
/// (one character per line). When the matrix is too wide, trailing columns are left out and
/// a note says how many.
public struct Heatmap: Sendable {
    /// Values by row: `matrix[row][column]`.  // [rows, columns]
    public let matrix: [[Double]]
    public let rowLabels: [String]?
    public let columnLabels: [String]?
    public var title: String?

    /// - Throws: `RenderError` when the matrix is empty or ragged, or a label list does not
    ///   have one label per row or column.
    public init(matrix: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil, title: String? = nil) throws {
        guard let first = matrix.first, !first.isEmpty else {
            throw RenderError(renderer: "Heatmap", argument: "matrix", given: "an empty matrix",
                              accepted: "at least one row with at least one value")
        }
        if let ragged = matrix.firstIndex(where: { $0.count != first.count }) {
            throw RenderError(renderer: "Heatmap", argument: "matrix",
                              given: "row \(ragged) with \(matrix[ragged].count) values (row 0 has \(first.count))",
                              accepted: "rows of equal length")
        }
        if let rowLabels, rowLabels.count != matrix.count {
            throw RenderError(renderer: "Heatmap", argument: "rowLabels", given: "\(rowLabels.count) labels",
                              accepted: "one label per row (\(matrix.count))")
        }
        if let columnLabels, columnLabels.count != first.count {
            throw RenderError(renderer: "Heatmap", argument: "columnLabels", given: "\(columnLabels.count) labels",
                              accepted: "one label per column (\(first.count))")
        }
        self.matrix = matrix
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
    }

    /// Other floating-point values (such as `Float` attention weights), converted to `Double`.
    public init<Value: BinaryFloatingPoint>(
        matrix: [[Value]], rowLabels: [String]? = nil, columnLabels: [String]? = nil, title: String? = nil
    ) throws {
        try self.init(matrix: matrix.map { row in row.map { Double($0) } }, rowLabels: rowLabels,
                      columnLabels: columnLabels, title: title)
    }

    /// The smallest and largest finite values (nil when there are none).
    public var valueRange: (min: Double, max: Double)? {
        let finite = matrix.flatMap { $0 }.filter { $0.isFinite }
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return (low, high)
    }

    /// Shade characters from lightest to darkest for styles without color.
    public static func shades(style: RenderStyle) -> [Character] {
        style.unicode ? Array(" ░▒▓█") : Array(" .:-=+*#%@")
    }

    /// Which of `levels` shades `value` gets: 0 for the minimum, `levels - 1` for the maximum,
    /// 0 for every value of a constant matrix, nil for NaN and infinities.
    public func level(of value: Double, levels: Int) -> Int? {
        guard value.isFinite, let range = valueRange, levels > 0 else { return nil }
        guard range.max > range.min else { return 0 }
        let fraction = RenderMath.fraction(value, from: range.min, to: range.max)
        return RenderMath.index(ofFraction: fraction, count: levels, rounding: true)
    }

    /// The heatmap as lines: title, column labels, one line per row, the scale legend, notes.
    public func render(style: RenderStyle) -> [String] {
        let width = style.layoutWidth
        let columnCount = matrix[0].count
        var lines: [String] = []
        if let title { lines.append(ANSI.bold(ANSI.truncate(title, toWidth: width, style: style), style: style)) }

        // MARK: Layout
        let rowLabelWidth = rowLabels.map { labels in min(12, labels.map(ANSI.visibleWidth).max() ?? 0) } ?? 0
        let prefixWidth = rowLabelWidth > 0 ? rowLabelWidth + 1 : 0
        let longestColumnLabel = columnLabels.map { labels in labels.map(ANSI.visibleWidth).max() ?? 0 } ?? 0
        var cellWidth = max(2, min(6, longestColumnLabel + 1))
        while cellWidth > 1 && prefixWidth + cellWidth * columnCount > width { cellWidth -= 1 }
        let shownColumns = min(columnCount, max(1, (width - prefixWidth) / cellWidth))

        // MARK: Column labels
        if let columnLabels {
            let shownLabels = Array(columnLabels.prefix(shownColumns))
            let indent = String(repeating: " ", count: prefixWidth)
            // Across when every label fits its cell with a space to spare.
            if cellWidth >= 2 && shownLabels.allSatisfy({ ANSI.visibleWidth($0) <= cellWidth - 1 }) {
                let header = shownLabels.map { ANSI.pad($0, toWidth: cellWidth, alignment: .left, style: style) }.joined()
                lines.append(trimmed(indent + header))
            } else {
                // Downwards: line i holds character i of every label (at most 8 lines).
                let characters = shownLabels.map { Array(ANSI.stripEscapes($0)) }
                let depth = min(8, characters.map(\.count).max() ?? 0)
                for index in 0..<depth {
                    let header = characters.map { label -> String in
                        let character = index < label.count ? String(label[index]) : ""
                        return ANSI.pad(character, toWidth: cellWidth, alignment: .left, style: style)
                    }.joined()
                    lines.append(trimmed(indent + header))
                }
            }
        }

        // MARK: Rows
        let shades = Heatmap.shades(style: style)
        for (rowIndex, row) in matrix.enumerated() {
            var line = ""
            if let rowLabels {
                line += ANSI.pad(rowLabels[rowIndex], toWidth: rowLabelWidth, alignment: .left, style: style) + " "
            }
            for value in row.prefix(shownColumns) {
                line += cell(value, width: cellWidth, shades: shades, style: style)
            }
            lines.append(line)  // Not trimmed: the lightest shade is a space but still a cell.
        }

        // MARK: Legend and notes
        if let range = valueRange {
            let ramp: String
            if style.color {
                ramp = (0..<6).map { step -> String in
                    ANSI.background("  ", index: Heatmap.grayIndex(fraction: Double(step) / 5), style: style)
                }.joined()
            } else {
                ramp = String(shades)
            }
            lines.append("min \(NumberFormatting.format(range.min)) [\(ramp)] max \(NumberFormatting.format(range.max))")
        } else {
            lines.append("(no finite values)")
        }
        let nonFinite = matrix.flatMap { $0 }.filter { !$0.isFinite }.count
        if nonFinite > 0 { lines.append("note: \(nonFinite) non-finite values shown as ?") }
        if shownColumns < columnCount {
            lines.append("note: columns \(shownColumns + 1)-\(columnCount) of \(columnCount) do not fit the width and are not shown")
        }
        return lines
    }

    /// One cell, `width` columns wide.
    func cell(_ value: Double, width: Int, shades: [Character], style: RenderStyle) -> String {
        guard value.isFinite else { return ANSI.pad("?", toWidth: width, alignment: .center, style: style) }
        if style.color {
            let fraction = Double(level(of: value, levels: 24) ?? 0) / 23
            return ANSI.background(String(repeating: " ", count: width), index: Heatmap.grayIndex(fraction: fraction), style: style)
        }
        let shade = shades[level(of: value, levels: shades.count) ?? 0]
        return String(repeating: shade, count: width)
    }

    /// Gray palette index for a fraction of the value range: 255 (light) at 0, 232 (dark) at 1.
    static func grayIndex(fraction: Double) -> UInt8 {
        UInt8(255 - Int((min(1, max(0, fraction)) * 23).rounded()))
    }

    func trimmed(_ text: String) -> String {
        var result = text
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
