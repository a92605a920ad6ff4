/// Renders rows of values as an aligned text table: optional title, header, rule, rows.
///
/// ```
/// Learning-rate sweep
/// learning rate  final loss  note
/// ─────────────  ──────────  ────────
///          1e-4       2.134  slow
///         0.001      0.7031  good
///           0.1         nan  diverged
/// ```
/// - Numbers are right-aligned, text left-aligned (per cell, unless a column forces one).
/// - Columns are separated by two spaces; trailing spaces are trimmed from every line.
/// - When the table is wider than `style.layoutWidth` and `repeatsFirstColumn` is set, the
///   columns after the first are split into blocks that fit, one below the other, each
///   starting with the first column again (as a data-frame printer does): nothing is cut.
/// - Otherwise, or when even one block is too wide, the widest columns are narrowed
///   (text columns first) and cut cells end in `…` (`.` without Unicode).
/// - Rows with more cells than there are columns get extra untitled columns; shorter rows
///   are padded with empty cells. Nothing is dropped.
public struct TableRenderer: Sendable {
    /// One table cell. Literals work directly: `"adam"`, `3`, `0.25`.
    public enum Cell: Sendable, Equatable, ExpressibleByStringLiteral,
        ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral
    {
        case text(String)
        /// Formatted with `NumberFormatting.format` and the table's `significantDigits`.
        case number(Double)
        /// Formatted with thousands separators.
        case integer(Int)
        case empty

        public init(stringLiteral value: String) { self = .text(value) }
        public init(integerLiteral value: Int) { self = .integer(value) }
        public init(floatLiteral value: Double) { self = .number(value) }

        var isNumeric: Bool {
            switch self {
            case .number, .integer: return true
            case .text, .empty: return false
            }
        }
    }

    /// A column's header and, optionally, a forced alignment for its cells and header.
    public struct Column: Sendable, Equatable {
        public var title: String
        /// `nil`: numbers right, text left, header right when the column holds only numbers.
        public var alignment: ANSI.Alignment?

        public init(_ title: String, alignment: ANSI.Alignment? = nil) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var title: String?
    /// Significant digits for `.number` cells (see `NumberFormatting.format`).
    public var significantDigits: Int
    /// The first column names each row (a run, a parameter): a table too wide for the
    /// screen is split into blocks of columns, each repeating it, instead of cutting cells.
    public var repeatsFirstColumn = false

    public init(columns: [Column], title: String? = nil, significantDigits: Int = 4) {
        self.columns = columns
        self.title = title
        self.significantDigits = significantDigits
    }

    /// A table whose columns are named by `titles`, all with automatic alignment.
    public init(titles: [String], title: String? = nil, significantDigits: Int = 4) {
        self.init(columns: titles.map { Column($0) }, title: title, significantDigits: significantDigits)
    }

    /// The text a cell shows before alignment and truncation.
    public func text(of cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .number(let value): return NumberFormatting.format(value, significantDigits: significantDigits)
        case .integer(let value): return NumberFormatting.integer(value)
        case .empty: return ""
        }
    }

    /// The table as lines (no newlines inside), each at most `style.layoutWidth` columns wide.
    public func render(rows: [[Cell]], style: RenderStyle) -> [String] {
        let columnCount = max(columns.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return title.map { [ANSI.bold($0, style: style)] } ?? [] }
        let allColumns = (0..<columnCount).map { index in
            index < columns.count ? columns[index] : Column("")
        }
        let paddedRows = rows.map { row in row + Array(repeating: Cell.empty, count: columnCount - row.count) }
        let texts = paddedRows.map { row in row.map { text(of: $0) } }

        // A column is numeric when it has numbers and no text.
        let isNumericColumn = (0..<columnCount).map { column in
            let cells = paddedRows.map { $0[column] }
            return cells.contains { $0.isNumeric }
                && !cells.contains { if case .text = $0 { return true } else { return false } }
        }
        let naturalWidths = (0..<columnCount).map { column in
            texts.map { ANSI.visibleWidth($0[column]) }
                .reduce(ANSI.visibleWidth(allColumns[column].title), max)
        }

        var lines: [String] = []
        if let title {
            lines.append(ANSI.bold(ANSI.truncate(title, toWidth: style.layoutWidth, style: style), style: style))
        }
        let blocks = repeatsFirstColumn ? Self.blocks(naturalWidths, into: style.layoutWidth) : [Array(0..<columnCount)]
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append("") }
            var widths = block.map { naturalWidths[$0] }
            fit(&widths, numeric: block.map { isNumericColumn[$0] }, into: style.layoutWidth)
            let header = zip(block, widths).map { column, width -> String in
                let alignment = allColumns[column].alignment ?? (isNumericColumn[column] ? .right : .left)
                return ANSI.pad(allColumns[column].title, toWidth: width, alignment: alignment, style: style)
            }
            lines.append(ANSI.bold(trimmedRight(header.joined(separator: "  ")), style: style))
            let ruleCharacter = style.unicode ? "─" : "-"
            lines.append(widths.map { String(repeating: ruleCharacter, count: $0) }.joined(separator: "  "))
            for (rowIndex, row) in paddedRows.enumerated() {
                let cells = zip(block, widths).map { column, width -> String in
                    let alignment = allColumns[column].alignment ?? (row[column].isNumeric ? .right : .left)
                    return ANSI.pad(texts[rowIndex][column], toWidth: width, alignment: alignment, style: style)
                }
                lines.append(trimmedRight(cells.joined(separator: "  ")))
            }
        }
        return lines
    }

    /// Column indices in blocks that each fit `width`: column 0, then as many of the next
    /// columns as fit beside it. A column too wide even alone with column 0 gets a block of
    /// its own (and is narrowed by `fit`).
    package static func blocks(_ widths: [Int], into width: Int) -> [[Int]] {
        guard widths.count > 1 else { return [Array(widths.indices)] }
        var blocks: [[Int]] = []
        var current = [0]
        var used = widths[0]
        for column in 1..<widths.count {
            if current.count > 1, used + 2 + widths[column] > width {
                blocks.append(current)
                current = [0]
                used = widths[0]
            }
            current.append(column)
            used += 2 + widths[column]
        }
        blocks.append(current)
        return blocks
    }

    // MARK: - Layout

    /// Narrows columns one column at a time until the table fits `width`: the widest text
    /// column first (never below 3), then the widest numeric column (never below 1).
    func fit(_ widths: inout [Int], numeric: [Bool], into width: Int) {
        let separators = 2 * (widths.count - 1)
        var excess = widths.reduce(0, +) + separators - width
        while excess > 0 {
            let candidates = widths.indices.filter { !numeric[$0] && widths[$0] > 3 }
            let fallback = widths.indices.filter { widths[$0] > 1 }
            guard let widest = (candidates.isEmpty ? fallback : candidates).max(by: { widths[$0] < widths[$1] })
            else { return }  // Cannot narrow further: every column is one character wide.
            widths[widest] -= 1
            excess -= 1
        }
    }

    /// Removes trailing spaces (padding of the last column) but never escape sequences.
    func trimmedRight(_ line: String) -> String {
        var result = line
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
