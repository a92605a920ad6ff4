extension CheckExpression {
    /// A condition that cannot be parsed: what is wrong and at which column.
    public struct SyntaxError: Error, CustomStringConvertible {
        public var message: String
        public var column: Int
        public var description: String { "column \(column): \(message)" }
    }

    /// Parses `source`; throws `SyntaxError` naming the column.
    public init(parsing source: String) throws {
        var parser = Parser(tokens: try Self.tokens(of: source))
        let root = try parser.condition()
        if let extra = parser.peek {
            throw SyntaxError(message: "unexpected `\(extra.text)`", column: extra.column)
        }
        self.source = source
        self.root = root
    }

    struct Token {
        enum Kind { case number(Double), path([String]), symbol, word }
        var kind: Kind
        var text: String
        var column: Int
    }

    static func tokens(of source: String) throws -> [Token] {
        let characters = Array(source)
        var tokens: [Token] = []
        var index = 0
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
        func isNamePart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while index < characters.count {
            let c = characters[index]
            let column = index + 1
            if c == " " || c == "\t" { index += 1; continue }
            if c.isNumber || (c == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                var text = ""
                while index < characters.count, characters[index].isNumber || characters[index] == "." {
                    text.append(characters[index]); index += 1
                }
                if index < characters.count, characters[index] == "e" || characters[index] == "E" {
                    var exponent = "e"
                    var look = index + 1
                    if look < characters.count, characters[look] == "-" || characters[look] == "+" {
                        exponent.append(characters[look]); look += 1
                    }
                    if look < characters.count, characters[look].isNumber {
                        while look < characters.count, characters[look].isNumber { exponent.append(characters[look]); look += 1 }
                        text += exponent
                        index = look
                    }
                }
                guard let value = Double(text) else {
                    throw SyntaxError(message: "`\(text)` is not a number", column: column)
                }
                tokens.append(Token(kind: .number(value), text: text, column: column))
            } else if isNameStart(c) {
                var segments: [String] = []
                var segment = ""
                while index < characters.count {
                    let d = characters[index]
                    if isNamePart(d) {
                        segment.append(d); index += 1
                    } else if d == ".", !segment.isEmpty, index + 1 < characters.count, isNamePart(characters[index + 1]) {
                        segments.append(segment); segment = ""; index += 1
                    } else {
                        break
                    }
                }
                segments.append(segment)
                let text = segments.joined(separator: ".")
                if segments.count == 1, ["and", "or", "not"].contains(text) {
                    tokens.append(Token(kind: .word, text: text, column: column))
                } else {
                    tokens.append(Token(kind: .path(segments), text: text, column: column))
                }
            } else {
                let two = index + 1 < characters.count ? String([c, characters[index + 1]]) : ""
                let symbols: [String: String] = ["<=": "<=", ">=": ">=", "==": "==", "!=": "!=", "~=": "≈", "+-": "±"]
                if let symbol = symbols[two] {
                    tokens.append(Token(kind: .symbol, text: symbol, column: column)); index += 2
                } else if "+-*/()<>,≈±".contains(c) {
                    tokens.append(Token(kind: .symbol, text: String(c), column: column)); index += 1
                } else if c == "=" {
                    throw SyntaxError(message: "`=` alone is not a comparison; write == (or ≈ with ± for a tolerance)", column: column)
                } else {
                    throw SyntaxError(message: "unexpected character `\(c)`", column: column)
                }
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var position = 0

        var peek: Token? { position < tokens.count ? tokens[position] : nil }

        mutating func take(_ text: String) -> Bool {
            if let token = peek, token.text == text, !isPath(token) { position += 1; return true }
            return false
        }

        func isPath(_ token: Token) -> Bool { if case .path = token.kind { return true } else { return false } }

        func endColumn() -> Int { (tokens.last.map { $0.column + $0.text.count }) ?? 1 }

        mutating func condition() throws -> Node {
            var node = try conjunction()
            while take("or") { node = .or(node, try conjunction()) }
            return node
        }

        mutating func conjunction() throws -> Node {
            var node = try negation()
            while take("and") { node = .and(node, try negation()) }
            return node
        }

        mutating func negation() throws -> Node {
            if take("not") { return .not(try negation()) }
            return try comparison()
        }

        mutating func comparison() throws -> Node {
            let left = try sum()
            for op in ["<=", ">=", "<", ">", "==", "!="] where take(op) {
                return .compare(op, left, try sum())
            }
            if take("≈") {
                let right = try sum()
                guard take("±") else {
                    throw SyntaxError(message: "≈ needs a tolerance: a ≈ b ± 0.1 (or a ~= b +- 0.1)", column: peek?.column ?? endColumn())
                }
                return .approximately(left, right, tolerance: try sum())
            }
            return left
        }

        mutating func sum() throws -> Node {
            var node = try product()
            while let token = peek, token.text == "+" || token.text == "-" {
                position += 1
                node = .arithmetic(Character(token.text), node, try product())
            }
            return node
        }

        mutating func product() throws -> Node {
            var node = try unary()
            while let token = peek, token.text == "*" || token.text == "/" {
                position += 1
                node = .arithmetic(Character(token.text), node, try unary())
            }
            return node
        }

        mutating func unary() throws -> Node {
            if take("-") { return .negate(try unary()) }
            return try primary()
        }

        mutating func primary() throws -> Node {
            guard let token = peek else {
                throw SyntaxError(message: "the condition ends too soon", column: endColumn())
            }
            position += 1
            switch token.kind {
            case let .number(value):
                return .number(value)
            case let .path(segments):
                if segments.count == 1, peek?.text == "(" {
                    guard CheckExpression.functions.contains(segments[0]) else {
                        throw SyntaxError(message: "unknown function \(segments[0]); there are \(CheckExpression.functions.sorted().joined(separator: ", "))", column: token.column)
                    }
                    position += 1
                    var arguments = [try condition()]
                    while take(",") { arguments.append(try condition()) }
                    guard take(")") else {
                        throw SyntaxError(message: "missing `)` after the arguments of \(segments[0])", column: peek?.column ?? endColumn())
                    }
                    return .call(segments[0], arguments)
                }
                return .path(segments)
            case .symbol where token.text == "(":
                let inner = try condition()
                guard take(")") else {
                    throw SyntaxError(message: "missing `)`", column: peek?.column ?? endColumn())
                }
                return inner
            default:
                throw SyntaxError(message: "expected a number, a value such as r1.best.valAccuracy, or `(`, not `\(token.text)`", column: token.column)
            }
        }
    }
}
