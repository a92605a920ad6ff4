/// How rendered text may look: how wide it may be, and which characters and escapes it may use.
///
/// Every renderer in this folder is a pure function of its values and a `RenderStyle`:
/// the same inputs give the same lines, nothing is printed and no global state is read.
/// - `width`: the number of terminal columns a line may occupy. Renderers treat widths below
///   `RenderStyle.minimumWidth` as that minimum, so a tiny or bogus width never breaks layout.
/// - `color`: ANSI escapes (colors, bold, dim, 256-color backgrounds) are allowed. When false,
///   output contains no escape character at all.
/// - `unicode`: box drawing, braille, shade and block characters are allowed. When false,
///   output is plain ASCII (labels supplied by the caller are passed through unchanged).
public struct RenderStyle: Sendable, Equatable {
    /// Widths below this are rendered as if they were this wide.
    public static let minimumWidth = 20

    public var width: Int
    public var color: Bool
    public var unicode: Bool

    public init(width: Int = 80, color: Bool = false, unicode: Bool = true) {
        self.width = width
        self.color = color
        self.unicode = unicode
    }

    /// 80 columns, no color, ASCII only: safe for logs, files and any terminal.
    public static let plain = RenderStyle(width: 80, color: false, unicode: false)

    /// The width renderers actually lay out to (`width`, but at least `minimumWidth`).
    public var layoutWidth: Int { max(width, RenderStyle.minimumWidth) }

    /// Chooses a style from environment variables and whether output goes to a terminal.
    ///
    /// Pure: the caller passes the environment (for example `ProcessInfo.processInfo.environment`).
    /// - width: `COLUMNS` when it is a positive integer, else `fallbackWidth`.
    /// - color: only for a terminal, and not when `NO_COLOR` is set (to anything non-empty)
    ///   or `TERM` is `dumb`.
    /// - unicode: when `LC_ALL`, `LC_CTYPE` or `LANG` (the first one set, in that order) names
    ///   UTF-8, and `TERM` is not `dumb`.
    public static func detect(
        environment: [String: String], isTerminal: Bool, fallbackWidth: Int = 80
    ) -> RenderStyle {
        let term = environment["TERM"] ?? ""
        let dumb = term == "dumb"
        var width = fallbackWidth
        if let columns = environment["COLUMNS"], let parsed = Int(columns), parsed > 0 {
            width = parsed
        }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let color = isTerminal && !noColor && !dumb
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .compactMap { environment[$0] }
            .first { !$0.isEmpty } ?? ""
        let upper = locale.uppercased()
        let unicode = !dumb && (upper.contains("UTF-8") || upper.contains("UTF8"))
        return RenderStyle(width: width, color: color, unicode: unicode)
    }
}
