/// Renders a lesson's Markdown prose for the terminal: headings, emphasis, lists, inline
/// code, code blocks and quotes, wrapped to the window; styles only when color is on.
public enum LessonProse {
    /// The lines to print for `markdown`.
    public static func render(_ markdown: String, output: Output) -> [String] {
        let width = output.width
        var result: [String] = []
        var paragraph: [String] = []
        var paragraphPrefix = (first: "", rest: "")
        var inCode = false
        // The hanging indent of the list item being read ("" outside lists): indented
        // paragraphs after a blank line still belong to the item.
        var listIndent = ""

        func flush() {
            guard !paragraph.isEmpty else { return }
            let text = inline(paragraph.joined(separator: " "), output)
            result += wrap(text, width: width, first: paragraphPrefix.first, rest: paragraphPrefix.rest)
            paragraph = []
        }

        for raw in markdown.components(separatedBy: "\n") {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                inCode.toggle()
                continue
            }
            if inCode {
                result.append(output.styled("    " + raw, .dim))
                continue
            }
            if trimmed.isEmpty {
                flush()
                paragraphPrefix = ("", "")
                if result.last != "" { result.append("") }
                continue
            }
            let indented = raw.hasPrefix("  ") || raw.hasPrefix("\t")
            if paragraph.isEmpty, !listIndent.isEmpty {
                if indented, listItem(trimmed) == nil {
                    // A further paragraph of the same list item.
                    paragraphPrefix = (listIndent, listIndent)
                    paragraph.append(trimmed)
                    continue
                }
                if listItem(trimmed) == nil { listIndent = "" }
            }
            // An indented code block: four spaces (or a tab) after a blank line, outside
            // a list item.
            if paragraph.isEmpty, listIndent.isEmpty, raw.hasPrefix("    ") || raw.hasPrefix("\t") {
                let code = raw.hasPrefix("\t") ? String(raw.dropFirst()) : String(raw.dropFirst(4))
                result.append(output.styled("    " + code, .dim))
                continue
            }
            if trimmed.hasPrefix("#") {
                flush()
                paragraphPrefix = ("", "")
                listIndent = ""
                let level = trimmed.prefix { $0 == "#" }.count
                let title = inline(trimmed.dropFirst(level).trimmingCharacters(in: .whitespaces), output)
                if output.useColor {
                    result.append(level == 1 ? output.styled(title, .bold, .underline) : output.styled(title, .bold))
                } else {
                    result.append(title)
                    if level <= 2 {
                        result.append(String(repeating: level == 1 ? "=" : "-", count: min(Output.strippingStyles(title).count, width)))
                    }
                }
                continue
            }
            if let item = listItem(trimmed) {
                // The item's text runs on over the following lines until a blank line or
                // the next item; wrapped lines hang under the text, not the marker.
                flush()
                paragraph = [item.text]
                let indent = String(repeating: " ", count: item.marker.count)
                paragraphPrefix = ("  " + item.marker, "  " + indent)
                listIndent = "  " + indent
                continue
            }
            if trimmed.hasPrefix(">") {
                flush()
                paragraphPrefix = ("", "")
                listIndent = ""
                let content = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
                let bar = output.styled("│ ", .dim)
                result += wrap(inline(content, output), width: width, first: bar, rest: bar)
                continue
            }
            paragraph.append(trimmed)
        }
        flush()
        while result.last == "" { result.removeLast() }
        return result
    }

    private static func listItem(_ line: String) -> (marker: String, text: String)? {
        for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
            return ("• ", String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (digits + ". ", String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline Markdown: **bold**, *emphasis*, `code`, [text](link).
    public static func inline(_ text: String, _ output: Output) -> String {
        var result = ""
        let characters = Array(text)
        var index = 0
        func find(_ marker: String, from start: Int) -> Int? {
            let pattern = Array(marker)
            var i = start
            while i + pattern.count <= characters.count {
                if Array(characters[i..<(i + pattern.count)]) == pattern { return i }
                i += 1
            }
            return nil
        }
        while index < characters.count {
            let c = characters[index]
            if c == "`", let end = find("`", from: index + 1) {
                let code = String(characters[(index + 1)..<end])
                result += output.useColor ? output.styled(code, .cyan) : "`" + code + "`"
                index = end + 1
            } else if c == "*", index + 1 < characters.count, characters[index + 1] == "*",
                      let end = find("**", from: index + 2), end > index + 2 {
                result += output.styled(inline(String(characters[(index + 2)..<end]), output), .bold)
                index = end + 2
            } else if (c == "*" || c == "_"), index + 1 < characters.count, characters[index + 1] != " ",
                      index == 0 || !characters[index - 1].isLetter,
                      let end = find(String(c), from: index + 1), end > index + 1 {
                result += output.styled(String(characters[(index + 1)..<end]), .italic)
                index = end + 1
            } else if c == "[", let close = find("](", from: index + 1), let end = find(")", from: close + 2) {
                result += String(characters[(index + 1)..<close]) + " (" + String(characters[(close + 2)..<end]) + ")"
                index = end + 1
            } else {
                result.append(c)
                index += 1
            }
        }
        return result
    }

    /// `text` broken into lines of at most `width` visible columns, the first line after
    /// `first`, the others after `rest`.
    public static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var lineLength = Output.strippingStyles(first).count
        let restLength = Output.strippingStyles(rest).count
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let length = Output.strippingStyles(String(word)).count
            if lineHasWord, lineLength + 1 + length > width {
                lines.append(line)
                line = rest
                lineLength = restLength
                lineHasWord = false
            }
            if lineHasWord { line += " "; lineLength += 1 }
            line += word
            lineLength += length
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
