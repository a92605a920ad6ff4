/// A grid of character cells that lines are drawn into, either as braille dots (2 x 4 dots
/// per cell) or as one marker character per cell.
struct PlotCanvas {
    enum Mode {
        /// U+2800 braille patterns; each cell holds 2 columns x 4 rows of dots.
        case braille
        /// One character per cell: the marker of the series drawn last there.
        case markers
    }

    let mode: Mode
    let columns: Int
    let rows: Int
    /// Braille dot bits per cell (row-major, `rows * columns`).
    private var dots: [UInt8]
    /// The series drawn last in each cell, for its color and marker.
    private var owner: [Int?]
    /// Cell columns that carry a vertical marker line.
    private var markedColumns: Set<Int> = []

    init(mode: Mode, columns: Int, rows: Int) {
        self.mode = mode
        self.columns = columns
        self.rows = rows
        dots = Array(repeating: 0, count: columns * rows)
        owner = Array(repeating: nil, count: columns * rows)
    }

    /// Dot columns across the canvas.
    var pixelWidth: Int { mode == .braille ? columns * 2 : columns }
    /// Dot rows down the canvas.
    var pixelHeight: Int { mode == .braille ? rows * 4 : rows }

    /// The dot column for a fraction 0...1 of the width (clamped).
    func pixelX(_ fraction: Double) -> Int {
        let clamped = fraction.isNaN ? 0 : min(1, max(0, fraction))
        return Int((clamped * Double(pixelWidth - 1)).rounded())
    }

    /// The dot row for a fraction 0...1 of the height, 1 at the top (clamped).
    func pixelY(_ fraction: Double) -> Int {
        let clamped = fraction.isNaN ? 0 : min(1, max(0, fraction))
        return Int(((1 - clamped) * Double(pixelHeight - 1)).rounded())
    }

    /// The character column holding dot column `pixelX`.
    func cellColumn(ofPixel pixelX: Int) -> Int { mode == .braille ? pixelX / 2 : pixelX }
    /// The character row holding dot row `pixelY`.
    func cellRow(ofPixel pixelY: Int) -> Int { mode == .braille ? pixelY / 4 : pixelY }

    /// Lights one dot for `series`; dots outside the canvas are ignored.
    mutating func plot(x: Int, y: Int, series: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let cell = cellRow(ofPixel: y) * columns + cellColumn(ofPixel: x)
        if mode == .braille {
            // Braille dot numbering: left column dots 1,2,3,7; right column 4,5,6,8.
            let leftBits: [UInt8] = [0x01, 0x02, 0x04, 0x40]
            let rightBits: [UInt8] = [0x08, 0x10, 0x20, 0x80]
            dots[cell] |= (x % 2 == 0 ? leftBits : rightBits)[y % 4]
        } else {
            dots[cell] = 1
        }
        owner[cell] = series
    }

    /// Lights the dots of a straight segment between two dot positions (Bresenham).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), series: Int) {
        var x = start.x, y = start.y
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            plot(x: x, y: y, series: series)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Draws a vertical marker line in character column `column` (under any data).
    mutating func markColumn(_ column: Int) {
        guard column >= 0, column < columns else { return }
        markedColumns.insert(column)
    }

    /// The canvas rows as text, exactly `columns` wide each.
    /// - `marker(series)`: the character for a series in marker mode.
    /// - `paint(text, series)`: colors a data cell; `paintMarkerLine` colors a marker line cell.
    func renderRows(
        unicode: Bool, marker: (Int) -> String, paint: (String, Int) -> String,
        paintMarkerLine: (String) -> String
    ) -> [String] {
        let markerLine = unicode ? "│" : "|"
        return (0..<rows).map { row in
            // Consecutive cells of the same kind are painted together (one escape per run).
            enum Kind: Equatable { case blank, markerLine, data(Int) }
            var text = ""
            var run = ""
            var runKind = Kind.blank
            func flush() {
                switch runKind {
                case .blank: text += run
                case .markerLine: text += paintMarkerLine(run)
                case .data(let series): text += paint(run, series)
                }
                run = ""
            }
            for column in 0..<columns {
                let cell = row * columns + column
                let kind: Kind
                let glyph: String
                if dots[cell] != 0, let series = owner[cell] {
                    kind = .data(series)
                    glyph = mode == .braille
                        ? String(Character(Unicode.Scalar(0x2800 + UInt32(dots[cell]))!))
                        : marker(series)
                } else if markedColumns.contains(column) {
                    kind = .markerLine
                    glyph = markerLine
                } else {
                    kind = .blank
                    glyph = " "
                }
                if kind != runKind { flush(); runKind = kind }
                run += glyph
            }
            flush()
            return text
        }
    }
}
