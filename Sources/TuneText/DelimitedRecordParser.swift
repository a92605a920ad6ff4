/// One record of a delimited file: its fields as raw bytes, and where each begins.
public struct DelimitedRecord: Equatable, Sendable {
    /// The fields' bytes, quotes removed and doubled quotes made single.
    public var fields: [[UInt8]] = []
    /// Where each field starts: its offset in the file (from 0), its line (from 1), and
    /// whether it is quoted (its bytes then begin one byte later).
    public var fieldStarts: [(offset: Int, line: Int, quoted: Bool)] = []
    /// The line (from 1) the record starts on.
    public var line: Int = 1
    /// True when a quoted field was still open at the end of the text (the record then
    /// holds everything from that quote on).
    public var unclosedQuote = false

    /// A blank (or whitespace-only) line.
    public var isBlank: Bool {
        fields.count == 1 && fields[0].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }

    public static func == (lhs: DelimitedRecord, rhs: DelimitedRecord) -> Bool {
        lhs.fields == rhs.fields && lhs.line == rhs.line && lhs.unclosedQuote == rhs.unclosedQuote
            && lhs.fieldStarts.map(\.offset) == rhs.fieldStarts.map(\.offset)
            && lhs.fieldStarts.map(\.line) == rhs.fieldStarts.map(\.line)
            && lhs.fieldStarts.map(\.quoted) == rhs.fieldStarts.map(\.quoted)
    }
}

/// Cuts the bytes of a CSV, TSV or semicolon-separated file into records, a chunk at a
/// time, so a file of any size streams through in bounded memory.
///
/// The rules (RFC 4180, read leniently):
/// - A field is quoted only when it starts with `"`. Inside quotes, the delimiter and line
///   breaks are text, and `""` is one quote. Text after a closing quote, before the next
///   delimiter, is kept in the field.
/// - Outside quotes, CR, LF and CR LF end a record. A blank line is a record of one empty
///   field (readers skip it).
/// - Lines count CR, LF and CR LF as one break each, also inside quoted fields, so a
///   record's line is where an editor shows it.
///
/// Works on bytes: the delimiter, quotes and line breaks are ASCII, which no byte of a
/// multi-byte UTF-8 character (and no Latin-1 byte) can be mistaken for.
public struct DelimitedRecordParser {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var record = DelimitedRecord()
    private var field: [UInt8] = []
    private var recordOpen = false
    private var previousWasCarriageReturn = false
    private var line = 1
    private var offset: Int

    /// - Parameter startOffset: the file offset of the first byte fed (3 after a byte order mark).
    public init(delimiter: FieldDelimiter, startOffset: Int = 0) {
        self.delimiter = delimiter.byte
        self.offset = startOffset
    }

    /// Reads `bytes`, calling `emit` with every record they complete.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (DelimitedRecord) throws -> Void) rethrows {
        for byte in bytes {
            let lineOfByte = line
            let endsCarriageReturnLineFeed = previousWasCarriageReturn && byte == Self.lineFeed
            previousWasCarriageReturn = byte == Self.carriageReturn
            if byte == Self.carriageReturn || (byte == Self.lineFeed && !endsCarriageReturnLineFeed) { line += 1 }
            defer { offset += 1 }
            // The LF of a CR LF that already ended a record.
            if endsCarriageReturnLineFeed && !recordOpen { continue }
            if !recordOpen {
                recordOpen = true
                record.line = lineOfByte
            }
            switch state {
            case .fieldStart:
                record.fieldStarts.append((offset, lineOfByte, byte == Self.quote))
                if byte == Self.quote {
                    state = .quoted
                } else {
                    state = .unquoted
                    try unquoted(byte, emit)
                }
            case .unquoted:
                try unquoted(byte, emit)
            case .quoted:
                if byte == Self.quote { state = .quoteInQuoted } else { field.append(byte) }
            case .quoteInQuoted:
                if byte == Self.quote {
                    field.append(byte)  // "" inside quotes: one quote
                    state = .quoted
                } else {
                    state = .unquoted  // closed; stray text up to the delimiter stays in the field
                    try unquoted(byte, emit)
                }
            }
        }
    }

    /// Ends the text: emits the last record, marked `unclosedQuote` when a quote is still open.
    public mutating func finish(_ emit: (DelimitedRecord) throws -> Void) rethrows {
        guard recordOpen else { return }
        if state == .quoted { record.unclosedQuote = true }
        if state == .fieldStart { record.fieldStarts.append((offset, line, false)) }  // "a," ends with an empty field
        try endRecord(emit)
    }

    /// One byte outside quotes.
    private mutating func unquoted(_ byte: UInt8, _ emit: (DelimitedRecord) throws -> Void) rethrows {
        if byte == delimiter {
            endField()
            state = .fieldStart
        } else if byte == Self.lineFeed || byte == Self.carriageReturn {
            try endRecord(emit)
        } else {
            field.append(byte)
        }
    }

    private mutating func endField() {
        record.fields.append(field)
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(_ emit: (DelimitedRecord) throws -> Void) rethrows {
        endField()
        let done = record
        record = DelimitedRecord()
        recordOpen = false
        state = .fieldStart
        try emit(done)
    }
}

extension DelimitedRecord {
    /// Field `index` as text in `encoding`; for bytes that are not UTF-8, throws
    /// `DatasetError.notUTF8` with the file offset and line of the first bad byte.
    func text(_ index: Int, encoding: TextEncoding, path: String) throws -> String {
        let bytes = fields[index]
        if let text = encoding.decode(bytes) { return text }
        let bad = TextFile.firstInvalidUTF8Offset(bytes) ?? 0
        let start = fieldStarts.indices.contains(index) ? fieldStarts[index] : (offset: 0, line: line, quoted: false)
        var breaks = 0
        for position in 0..<bad where bytes[position] == 0x0A || (bytes[position] == 0x0D && (position + 1 >= bytes.count || bytes[position + 1] != 0x0A)) {
            breaks += 1
        }
        // In a quoted field each quote in the bytes was written "" (two bytes), after the
        // opening quote. (Stray text after a closing quote makes this one byte short.)
        let quotesBefore = start.quoted ? bytes[..<bad].filter { $0 == 0x22 }.count : 0
        let offset = start.offset + (start.quoted ? 1 : 0) + bad + quotesBefore
        throw DatasetError.notUTF8(file: path, byteOffset: offset, line: start.line + breaks)
    }

    /// Every field as text (see `text(_:encoding:path:)`).
    func texts(encoding: TextEncoding, path: String) throws -> [String] {
        try fields.indices.map { try text($0, encoding: encoding, path: path) }
    }
}
