import TuneEngine

/// How commands draw on an `Output`: the output's width and color, Unicode shapes.
enum OutputRendering {
    /// The render style for `output`: its width, color only when the output uses color.
    static func style(for output: Output) -> RenderStyle {
        RenderStyle(width: output.width, color: output.useColor, unicode: true)
    }

    /// Prints every line of a rendered block.
    static func print(_ lines: [String], to output: Output) {
        for line in lines { output.line(line) }
    }

    /// A short number for prose lines: 4 significant digits.
    static func number(_ value: Double) -> String { NumberFormatting.format(value, significantDigits: 4) }
    static func number(_ value: Float) -> String { number(Double(value)) }

    /// "[32, 2]"
    static func shape(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// A bar of `fraction` (0...1) of `width` cells, drawn with full blocks.
    static func bar(_ fraction: Double, width: Int) -> String {
        let cells = fraction.isFinite ? Int((max(0, min(1, fraction)) * Double(width)).rounded()) : 0
        return String(repeating: "█", count: cells)
    }
}
