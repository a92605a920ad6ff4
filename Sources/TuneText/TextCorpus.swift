import Foundation

/// A plain-text corpus, such as the text a character-level language model learns from.
public struct TextCorpus: Equatable, Sendable {
    /// The file's name (its last path component), or the name given to `init(text:name:)`.
    public let name: String
    /// The whole text (a leading byte order mark removed).
    public let text: String

    /// A corpus from text already in memory. Throws `DatasetError.emptyFile` for "".
    public init(text: String, name: String) throws {
        guard !text.isEmpty else { throw DatasetError.emptyFile(file: name) }
        self.name = name
        self.text = text
    }

    /// Loads a UTF-8 text file.
    ///
    /// Throws `DatasetError.notUTF8` naming the file and the offset of the first bad
    /// byte, `.emptyFile` for a file without text, `.cannotRead` when it cannot be opened.
    public static func load(from url: URL, encoding: TextEncoding = .utf8) throws -> TextCorpus {
        let text = try TextFile.read(url, encoding: encoding)
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw DatasetError.noExamples(file: url.path, reason: "it holds only whitespace")
        }
        return try TextCorpus(text: text, name: url.lastPathComponent)
    }

    /// The number of characters (what a reader counts as letters, spaces and marks).
    public var characterCount: Int { text.count }

    /// The number of lines (a final line without a newline counts).
    public var lineCount: Int { lines.count }

    /// The text's lines, without their line breaks; a final newline does not add an empty line.
    public var lines: [String] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The number of whitespace-separated words.
    public var wordCount: Int {
        WordCount.words(in: text)
    }
}
