import Foundation

/// What went wrong while reading a corpus or a labelled dataset, or building a split.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or read.
    case cannotRead(file: String, reason: String)
    /// The file is not UTF-8: the first bad byte's offset (from 0) and its line (from 1).
    case notUTF8(file: String, byteOffset: Int, line: Int)
    /// The file has no bytes (or only a byte order mark).
    case emptyFile(file: String)
    /// The file has text, but no row could be used.
    case noExamples(file: String, reason: String)
    /// A row that cannot be used, under the `.reject` policy.
    case badRow(BadRow)
    /// A setting that does not fit the file (a column name not in the header, ...).
    case invalidOption(file: String, reason: String)
    /// An argument outside what a function accepts.
    case invalidArgument(name: String, value: String, accepts: String)
    /// A request the data cannot satisfy (more examples per label than it has, ...).
    case notEnoughExamples(String)

    public var description: String {
        switch self {
        case .cannotRead(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .notUTF8(let file, let offset, let line):
            return "\(file):\(line): not UTF-8 text: the byte at offset \(offset) is not valid UTF-8. "
                + "If the file is Latin-1 (Windows-1252, common for older files), read it with encoding=latin1; "
                + "or save it as UTF-8 and try again"
        case .emptyFile(let file):
            return "\(file) is empty"
        case .noExamples(let file, let reason):
            return "\(file) has no usable examples: \(reason)"
        case .badRow(let row):
            return row.description
        case .invalidOption(let file, let reason):
            return "\(file): \(reason)"
        case .invalidArgument(let name, let value, let accepts):
            return "\(name) = \(value) is not accepted: \(name) must be \(accepts)"
        case .notEnoughExamples(let reason):
            return reason
        }
    }
}

/// One unusable row of a dataset file: where it is and what is wrong with it.
public struct BadRow: Error, CustomStringConvertible, Hashable, Sendable {
    /// The file's name as given to the reader.
    public let file: String
    /// The line the row starts on, counting from 1.
    public let line: Int
    public let problem: Problem

    public init(file: String, line: Int, problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public enum Problem: Hashable, Sendable {
        /// The row has fewer fields than the column asked for (1-based), or the JSON
        /// object lacks the field.
        case missingColumn(String)
        /// The row's field count differs from the header's.
        case wrongFieldCount(expected: Int, found: Int)
        case emptyText
        case emptyLabel
        /// A label outside the label set given to the reader.
        case unknownLabel(String, known: [String])
        /// A label that `LabelMapping` does not name (the written labels it maps).
        case unmappedLabel(String, mapped: [String])
        /// A JSON line that does not parse, or is not an object.
        case malformedJSON(String)
        /// A JSON field of the wrong type.
        case wrongFieldType(field: String, expected: String)
        /// A quoted field still open at the end of the file.
        case unclosedQuote
    }

    public var description: String {
        "\(file):\(line): \(problemDescription)"
    }

    /// The problem in words, without the place.
    public var problemDescription: String {
        switch problem {
        case .missingColumn(let column): return "missing column \(column)"
        case .wrongFieldCount(let expected, let found): return "expected \(expected) fields, found \(found)"
        case .emptyText: return "the text is empty"
        case .emptyLabel: return "the label is empty"
        case .unknownLabel(let label, let known):
            return "unknown label \"\(label)\" (known labels: \(known.joined(separator: ", ")))"
        case .unmappedLabel(let label, let mapped):
            return "label \"\(label)\" is not in labels= (it maps \(mapped.joined(separator: ", ")))"
        case .malformedJSON(let reason): return "malformed JSON: \(reason)"
        case .wrongFieldType(let field, let expected): return "field \"\(field)\" must be \(expected)"
        case .unclosedQuote: return "a quoted field is not closed before the end of the file"
        }
    }
}
