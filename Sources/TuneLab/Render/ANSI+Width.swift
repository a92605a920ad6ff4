/// Measuring, padding and truncating text by the columns it occupies on a terminal.
extension ANSI {
    /// Horizontal placement of text inside a wider field.
    public enum Alignment: Sendable, Equatable {
        case left, right, center
    }

    /// `text` with every ANSI escape sequence removed.
    ///
    /// Recognised: CSI sequences (`ESC [` parameters, final byte `@`...`~`), OSC sequences
    /// (`ESC ]` ... ended by BEL or `ESC \`), and two-character `ESC x` sequences.
    public static func stripEscapes(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else { result.append(scalar); continue }
            guard let kind = scalars.next() else { break }
            switch kind {
            case "[":
                // Parameters and intermediates run until a final byte in 0x40...0x7E.
                while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
            case "]":
                // Operating-system command: ends with BEL or ESC \.
                while let next = scalars.next() {
                    if next == "\u{07}" { break }
                    if next == "\u{1B}" { _ = scalars.next(); break }
                }
            default:
                break  // ESC plus one character, already consumed.
            }
        }
        return String(result)
    }

    /// The number of terminal columns `text` occupies once its escape sequences are removed.
    ///
    /// Each user-perceived character (grapheme cluster) counts:
    /// - 2 for East Asian wide and fullwidth characters and for emoji shown as pictures;
    /// - 0 for control and zero-width format characters (joiners, variation selectors alone);
    /// - 1 otherwise. Combining marks belong to their base character and add nothing.
    public static func visibleWidth(_ text: String) -> Int {
        var width = 0
        for character in stripEscapes(text) {
            width += columns(of: character)
        }
        return width
    }

    /// Columns taken by one grapheme cluster (see `visibleWidth`).
    static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // A variation selector 16 asks for emoji presentation: two columns.
        if scalars.contains("\u{FE0F}") && first.properties.isEmoji { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        if isWide(first.value) { return 2 }
        if scalars.allSatisfy({ isZeroWidth($0) }) { return 0 }
        return 1
    }

    /// East Asian Wide and Fullwidth blocks (Hangul, CJK, kana, fullwidth forms, and so on).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E,
            0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
            0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Controls, zero-width spaces and joiners, and variation selectors.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .nonspacingMark, .enclosingMark:
            return true
        default:
            return (0xFE00...0xFE0F).contains(scalar.value)
        }
    }

    /// `text` cut to at most `width` visible columns, ending in an ellipsis when cut.
    ///
    /// The ellipsis is `…` with Unicode and `.` without (one column either way). Escape
    /// sequences are removed from a cut string (a reset could otherwise be cut off); an uncut
    /// string is returned unchanged.
    public static func truncate(_ text: String, toWidth width: Int, style: RenderStyle) -> String {
        guard width > 0 else { return "" }
        if visibleWidth(text) <= width { return text }
        let ellipsis = style.unicode ? "…" : "."
        var result = ""
        var used = 0
        for character in stripEscapes(text) {
            let columns = columns(of: character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + ellipsis
    }

    /// `text` padded with spaces to exactly `width` visible columns (truncated first if longer).
    public static func pad(
        _ text: String, toWidth width: Int, alignment: Alignment = .left, style: RenderStyle
    ) -> String {
        let fitted = truncate(text, toWidth: width, style: style)
        let missing = max(0, width - visibleWidth(fitted))
        switch alignment {
        case .left:
            return fitted + String(repeating: " ", count: missing)
        case .right:
            return String(repeating: " ", count: missing) + fitted
        case .center:
            let left = missing / 2
            return String(repeating: " ", count: left) + fitted
                + String(repeating: " ", count: missing - left)
        }
    }

    /// Joins `entries` with `separator` into lines of at most `width` columns, starting a new
    /// line when the next entry would not fit (an entry wider than `width` is truncated).
    public static func wrap(
        _ entries: [String], width: Int, separator: String = "   ", style: RenderStyle
    ) -> [String] {
        var lines: [String] = []
        var current = ""
        let separatorWidth = visibleWidth(separator)
        for entry in entries {
            let fitted = truncate(entry, toWidth: width, style: style)
            if current.isEmpty {
                current = fitted
            } else if visibleWidth(current) + separatorWidth + visibleWidth(fitted) <= width {
                current += separator + fitted
            } else {
                lines.append(current)
                current = fitted
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
