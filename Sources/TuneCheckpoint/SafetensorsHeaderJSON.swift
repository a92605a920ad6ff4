/// A JSON value as the safetensors header parser sees it.
///
/// The header is parsed by this small reader rather than `JSONSerialization` for two
/// reasons: an object keeps its keys in file order *with duplicates*, so a repeated
/// tensor name is reported instead of silently dropped, and a number keeps its exact
/// text, so `3`, `3.0` and `1e400` can be told apart when an integer is required.
enum SafetensorsJSONValue: Equatable {
    case object([(key: String, value: SafetensorsJSONValue)])
    case array([SafetensorsJSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: SafetensorsJSONValue, rhs: SafetensorsJSONValue) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// A short phrase for error messages: "a string", "the number 2.5", ...
    var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let text): return "the string \"\(text.prefix(40))\""
        case .number(let text): return "the number \(text)"
        case .bool(let value): return "the boolean \(value)"
        case .null: return "null"
        }
    }

    /// The value as a non-negative `Int` if it is written as a plain integer literal
    /// (no fraction, no exponent) that fits; nil otherwise.
    var nonNegativeInteger: Int? {
        guard case .number(let text) = self, !text.isEmpty,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)  // nil when it overflows
    }
}

/// Why the header text is not JSON, and where.
struct SafetensorsJSONSyntaxError: Error {
    let reason: String
    let byteOffset: Int
}

/// A strict recursive-descent JSON parser over UTF-8 bytes (RFC 8259 grammar).
///
/// Nesting is capped so that a hostile header of `[[[[...` cannot exhaust the stack.
struct SafetensorsJSONParser {
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0

    /// Parses one JSON value that must fill `bytes` (surrounding whitespace allowed).
    static func parse(_ bytes: [UInt8]) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSONValue {
        var parser = SafetensorsJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw parser.failure("unexpected text after the end of the JSON value")
        }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSONValue {
        guard depth < Self.maximumDepth else {
            throw failure("nesting deeper than \(Self.maximumDepth) levels")
        }
        guard let byte = peek() else { throw failure("unexpected end of text, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character \(describe(byte)), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSONValue {
        position += 1  // "{"
        var members: [(key: String, value: SafetensorsJSONValue)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            members.append((key: key, value: value))
            skipWhitespace()
            guard let next = peek() else { throw failure("unexpected end of text inside an object") }
            position += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else {
                position -= 1
                throw failure("expected ',' or '}' in an object, found \(describe(next))")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSONValue {
        position += 1  // "["
        var elements: [SafetensorsJSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard let next = peek() else { throw failure("unexpected end of text inside an array") }
            position += 1
            if next == UInt8(ascii: "]") { return .array(elements) }
            guard next == UInt8(ascii: ",") else {
                position -= 1
                throw failure("expected ',' or ']' in an array, found \(describe(next))")
            }
        }
    }

    // MARK: - Strings

    private mutating func parseString() throws(SafetensorsJSONSyntaxError) -> String {
        position += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = position  // start of a run of bytes copied as they are
        func flushRun(upTo end: Int) {
            // The whole header was checked to be UTF-8, and runs split only at ASCII
            // quote and backslash bytes, so each run is itself valid UTF-8.
            scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                flushRun(upTo: position)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flushRun(upTo: position)
                position += 1
                scalars.append(try parseEscape())
                runStart = position
            case 0x00..<0x20:
                throw failure("control character \(describe(byte)) inside a string (it must be escaped)")
            default:
                position += 1
            }
        }
    }

    private mutating func parseEscape() throws(SafetensorsJSONSyntaxError) -> Unicode.Scalar {
        guard let byte = peek() else { throw failure("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHexQuad()
            switch first {
            case 0xD800..<0xDC00:
                // A high surrogate must be followed by an escaped low surrogate.
                guard peek() == UInt8(ascii: "\\"), peek(offset: 1) == UInt8(ascii: "u") else {
                    throw failure("unpaired surrogate \\u\(hex(first))")
                }
                position += 2
                let second = try parseHexQuad()
                guard (0xDC00..<0xE000).contains(second) else {
                    throw failure("unpaired surrogate \\u\(hex(first))")
                }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else { throw failure("invalid surrogate pair") }
                return scalar
            case 0xDC00..<0xE000:
                throw failure("unpaired surrogate \\u\(hex(first))")
            default:
                guard let scalar = Unicode.Scalar(first) else { throw failure("invalid \\u escape") }
                return scalar
            }
        default:
            position -= 1
            throw failure("invalid escape \\\(describe(byte))")
        }
    }

    private mutating func parseHexQuad() throws(SafetensorsJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw failure("unterminated \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("\\u escape needs four hex digits, found \(describe(byte))")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    // MARK: - Numbers and literals

    /// Checks the JSON number grammar and returns the number's text unchanged.
    private mutating func parseNumber() throws(SafetensorsJSONSyntaxError) -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw failure("a number needs digits") }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), isDigit(next) { throw failure("a number must not have leading zeros") }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let next = peek(), isDigit(next) else { throw failure("a fraction needs digits") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let next = peek(), isDigit(next) else { throw failure("an exponent needs digits") }
            skipDigits()
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SafetensorsJSONSyntaxError) {
        let expected = literal.withUTF8Buffer { Array($0) }
        guard position + expected.count <= bytes.count,
            Array(bytes[position..<(position + expected.count)]) == expected
        else { throw failure("invalid literal, expected \(literal)") }
        position += expected.count
    }

    // MARK: - Helpers

    private func peek(offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            position += 1
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex(UInt32(byte)))"
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }

    private func failure(_ reason: String) -> SafetensorsJSONSyntaxError {
        SafetensorsJSONSyntaxError(reason: reason, byteOffset: position)
    }
}
