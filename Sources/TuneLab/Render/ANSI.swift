/// Terminal colors and text attributes, emitted only when the style allows color.
///
/// Every function returns its input unchanged when `style.color` is false, so callers can
/// decorate freely and still get escape-free text for logs and tests.
public enum ANSI {
    /// The escape character that starts every control sequence.
    public static let escape: Character = "\u{1B}"

    /// A foreground color: the 8 basic terminal colors, their bright variants, or one of the
    /// 256 indexed colors.
    public enum Color: Sendable, Equatable {
        case black, red, green, yellow, blue, magenta, cyan, white
        case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta
        case brightCyan, brightWhite
        /// An index into the 256-color palette (16-231 a 6x6x6 cube, 232-255 a gray ramp).
        case indexed(UInt8)

        /// The SGR parameters selecting this color as foreground.
        var foregroundParameters: String {
            switch self {
            case .black: return "30"
            case .red: return "31"
            case .green: return "32"
            case .yellow: return "33"
            case .blue: return "34"
            case .magenta: return "35"
            case .cyan: return "36"
            case .white: return "37"
            case .brightBlack: return "90"
            case .brightRed: return "91"
            case .brightGreen: return "92"
            case .brightYellow: return "93"
            case .brightBlue: return "94"
            case .brightMagenta: return "95"
            case .brightCyan: return "96"
            case .brightWhite: return "97"
            case .indexed(let index): return "38;5;\(index)"
            }
        }
    }

    /// Colors given to plot series in order; chosen to be distinct on dark and light backgrounds.
    public static let seriesPalette: [Color] = [
        .cyan, .magenta, .yellow, .green, .blue, .red, .brightCyan, .brightMagenta,
    ]

    /// The reset sequence that ends any attribute.
    public static let reset = "\u{1B}[0m"

    /// `text` in `color`, or `text` unchanged when color is off (or `text` is empty).
    public static func colored(_ text: String, _ color: Color, style: RenderStyle) -> String {
        sgr(color.foregroundParameters, text, style: style)
    }

    /// `text` in bold, or unchanged when color is off.
    public static func bold(_ text: String, style: RenderStyle) -> String {
        sgr("1", text, style: style)
    }

    /// `text` dimmed (faint), or unchanged when color is off.
    public static func dim(_ text: String, style: RenderStyle) -> String {
        sgr("2", text, style: style)
    }

    /// `text` over a 256-palette background, with a foreground chosen to stay readable,
    /// or unchanged when color is off.
    public static func background(_ text: String, index: UInt8, style: RenderStyle) -> String {
        // Gray ramp 232...255 runs dark to light; the cube is roughly light when its
        // green component (the most visible one) is high.
        let isLight: Bool
        if index >= 232 {
            isLight = index >= 244
        } else if index >= 16 {
            isLight = (Int(index) - 16) / 6 % 6 >= 3
        } else {
            isLight = [7, 10, 11, 14, 15].contains(index)
        }
        return sgr("48;5;\(index);\(isLight ? "30" : "97")", text, style: style)
    }

    /// Wraps `text` in one SGR sequence and a reset, when color is on.
    static func sgr(_ parameters: String, _ text: String, style: RenderStyle) -> String {
        guard style.color, !text.isEmpty else { return text }
        return "\u{1B}[\(parameters)m\(text)\(reset)"
    }
}
