/// One word of a command line: a plain value, or `key=value`.
public struct CommandToken: Equatable, Sendable {
    /// The word as written, quotes removed.
    public var text: String
    /// The part before the first unquoted `=`, when there is one.
    public var key: String?
    /// The part after that `=` (quotes removed), or the whole word.
    public var value: String
    /// Column (1-based) where the word starts.
    public var column: Int
    /// True when any part of it was quoted (a quoted `=` does not make a key).
    public var wasQuoted: Bool
}

/// Splits a command line into words: spaces separate, "double" or 'single' quotes group,
/// and inside double quotes `\"` and `\\` stand for `"` and `\`.
public enum CommandTokenizer {
    public static func tokens(of line: String) throws -> [CommandToken] {
        var tokens: [CommandToken] = []
        var characters = Array(line)
        characters.append(" ")  // a final separator flushes the last word
        var text = "", key: String? = nil, value = ""
        var inWord = false, quoted = false, start = 0
        var quote: Character? = nil, quoteColumn = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open {
                    quote = nil
                } else if open == "\"", character == "\\", index + 1 < characters.count - 1,
                          characters[index + 1] == "\"" || characters[index + 1] == "\\" {
                    index += 1
                    text.append(characters[index]); value.append(characters[index])
                } else {
                    text.append(character); value.append(character)
                }
            } else if character == " " || character == "\t" {
                if inWord {
                    tokens.append(CommandToken(text: text, key: key, value: key == nil ? text : value,
                                               column: start + 1, wasQuoted: quoted))
                    text = ""; key = nil; value = ""; inWord = false; quoted = false
                }
            } else {
                if !inWord { inWord = true; start = index }
                if character == "\"" || character == "'" {
                    quote = character; quoted = true; quoteColumn = index + 1
                } else if character == "=", key == nil, !quoted {
                    key = text; value = ""; text.append(character)
                } else {
                    text.append(character); value.append(character)
                }
            }
            index += 1
        }
        if quote != nil {
            throw CommandError("unclosed quote: the \(quote!) at column \(quoteColumn) has no closing \(quote!)")
        }
        return tokens
    }
}
