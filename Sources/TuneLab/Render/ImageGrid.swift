import TuneImages

/// Grayscale images drawn in the terminal, side by side in rows, each with a caption.
///
/// With color, one character cell shows two pixels: the upper half block `▀` with the
/// upper pixel as its foreground and the lower pixel as its background, both from the
/// 256-colour gray ramp (16 black, 232…255, 231 white). A 28×28 image takes 28 columns ×
/// 14 rows. Without color (NO_COLOR, a dumb terminal, a log file) each cell shows the mean
/// of its two pixels on the ASCII ramp ` .:-=+*#%@`, so the image keeps its shape at the
/// same size. Brightness is drawn as given (0 black, 1 white), unless `normalize` is on:
/// then each image is stretched from its own minimum to its maximum, which is how filters
/// and feature maps (any sign, any scale) become visible.
public struct ImageGrid: Sendable {
    public struct Item: Sendable {
        public let image: GrayImage
        public let caption: String
        public init(_ image: GrayImage, caption: String = "") {
            self.image = image
            self.caption = caption
        }
    }

    /// Rows of items; a row wider than the style's width wraps onto more rows.
    public let rows: [[Item]]
    /// A label printed before each row (class names), or nil.
    public let rowLabels: [String]?
    public var normalize: Bool = false

    public init(rows: [[Item]], rowLabels: [String]? = nil, normalize: Bool = false) throws {
        if let rowLabels, rowLabels.count != rows.count {
            throw RenderError(renderer: "ImageGrid", argument: "rowLabels", given: "\(rowLabels.count) labels", accepted: "one per row (\(rows.count))")
        }
        self.rows = rows
        self.rowLabels = rowLabels
        self.normalize = normalize
    }

    static let asciiRamp = Array(" .:-=+*#%@")

    /// The 256-palette index of a brightness in 0...1: black 16, the gray ramp 232...255, white 231.
    public static func paletteIndex(_ value: Float) -> Int {
        let level = Int((min(1, max(0, value)) * 25).rounded())  // 0...25
        switch level {
        case 0: return 16
        case 25: return 231
        default: return 231 + level  // 232...255
        }
    }

    /// The lines of one image, `image.height / 2` rounded up, each `image.width` columns wide.
    public static func lines(of image: GrayImage, style: RenderStyle, normalize: Bool = false) -> [String] {
        var pixels = image.pixels
        if normalize, let low = pixels.min(), let high = pixels.max() {
            let span = high - low
            pixels = pixels.map { span > 0 ? ($0 - low) / span : 0.5 }
        }
        func at(_ row: Int, _ column: Int) -> Float { row < image.height ? pixels[row * image.width + column] : 0 }
        var lines: [String] = []
        for top in stride(from: 0, to: image.height, by: 2) {
            var line = ""
            for column in 0..<image.width {
                let upper = at(top, column), lower = at(top + 1, column)
                if style.color {
                    line += "\u{1B}[38;5;\(paletteIndex(upper));48;5;\(paletteIndex(lower))m▀"
                } else {
                    let mean = top + 1 < image.height ? (upper + lower) / 2 : upper
                    line.append(asciiRamp[Int((min(1, max(0, mean)) * Float(asciiRamp.count - 1)).rounded())])
                }
            }
            if style.color { line += ANSI.reset }
            lines.append(line)
        }
        return lines
    }

    /// The grid as lines of text: images one column apart, captions below them.
    public func render(style: RenderStyle) -> [String] {
        let labelWidth = (rowLabels?.map(\.count).max()).map { $0 + 2 } ?? 0
        var output: [String] = []
        for (rowIndex, row) in rows.enumerated() {
            guard let first = row.first else { continue }
            let cellWidth = max(first.image.width, 1)
            let perLine = max(1, (style.layoutWidth - labelWidth + 1) / (cellWidth + 1))
            for (chunkIndex, start) in stride(from: 0, to: row.count, by: perLine).enumerated() {
                let chunk = Array(row[start..<min(row.count, start + perLine)])
                let drawn = chunk.map { Self.lines(of: $0.image, style: style, normalize: normalize) }
                let height = drawn.map(\.count).max() ?? 0
                for line in 0..<height {
                    let label = line == 0 && chunkIndex == 0 ? (rowLabels?[rowIndex] ?? "") : ""
                    let prefix = labelWidth > 0 ? label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) : ""
                    output.append(prefix + zip(chunk, drawn).map { item, lines in
                        line < lines.count ? lines[line] : String(repeating: " ", count: item.image.width)
                    }.joined(separator: " "))
                }
                if chunk.contains(where: { !$0.caption.isEmpty }) {
                    output.append(String(repeating: " ", count: labelWidth) + chunk.map { item in
                        let caption = String(item.caption.prefix(item.image.width))
                        return caption.padding(toLength: item.image.width, withPad: " ", startingAt: 0)
                    }.joined(separator: " "))
                }
            }
        }
        return output
    }

    /// The grid as one image for slides (each image 2 pixels apart, gaps mid-gray), ready
    /// for `pngData()`. Captions are not drawn; they are the caller's to write.
    public func composite(gap: Int = 2) -> GrayImage? {
        let cells = rows.flatMap { $0 }
        guard let width = cells.map(\.image.width).max(), let height = cells.map(\.image.height).max() else { return nil }
        let columns = rows.map(\.count).max() ?? 1
        let totalWidth = columns * width + (columns + 1) * gap, totalHeight = rows.count * height + (rows.count + 1) * gap
        var canvas = GrayImage(width: totalWidth, height: totalHeight, pixels: [Float](repeating: 0.5, count: totalWidth * totalHeight))
        for (rowIndex, row) in rows.enumerated() {
            for (columnIndex, item) in row.enumerated() {
                var pixels = item.image.pixels
                if normalize, let low = pixels.min(), let high = pixels.max() {
                    pixels = pixels.map { high > low ? ($0 - low) / (high - low) : 0.5 }
                }
                let top = gap + rowIndex * (height + gap), left = gap + columnIndex * (width + gap)
                for y in 0..<item.image.height {
                    for x in 0..<item.image.width { canvas[top + y, left + x] = pixels[y * item.image.width + x] }
                }
            }
        }
        return canvas
    }
}
