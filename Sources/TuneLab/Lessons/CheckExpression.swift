import Foundation

/// One condition of a lesson's check block, such as `r1.best.valAccuracy >= 0.7` or
/// `base.loss.validation ≈ ln(65) ± 0.1`, parsed once and evaluated against a session.
///
/// Grammar (loosest first):
///   condition  := and ("or" and)*
///   and        := not ("and" not)*
///   not        := "not" not | comparison
///   comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
///               | sum ("≈" | "~=") sum ("±" | "+-") sum
///   sum        := product (("+" | "-") product)*
///   product    := unary (("*" | "/") unary)*
///   unary      := "-" unary | primary
///   primary    := number | path | function "(" condition ("," condition)* ")" | "(" condition ")"
///   path       := name ("." (name | digits))*      e.g. r1.best.valAccuracy
/// Functions: ln exp sqrt abs min max.
public struct CheckExpression: CustomStringConvertible {
    /// The text as written.
    public let source: String
    let root: Node

    public var description: String { source }

    indirect enum Node {
        case number(Double)
        case path([String])
        case negate(Node)
        case arithmetic(Character, Node, Node)
        case call(String, [Node])
        case compare(String, Node, Node)
        case approximately(Node, Node, tolerance: Node)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
    }

    /// What a check found: whether it holds, and the values it read (for the learner).
    public struct Outcome: Equatable {
        public var passed: Bool
        /// "r1.best.valAccuracy is 0.534", or why it could not be evaluated.
        public var explanation: String
        /// The values read, by dotted path (what passed or failed the condition).
        public var values: [String: Double] = [:]
    }

    /// Why a condition could not be evaluated.
    public struct EvaluationError: Error, CustomStringConvertible {
        public var description: String
    }

    public static let functions: Set<String> = ["ln", "exp", "sqrt", "abs", "min", "max"]

    // MARK: - Evaluating

    /// Evaluates against `session`; a missing path or a type mix-up is a failed outcome
    /// whose explanation names the path and the closest one that exists.
    public func evaluate(in session: Session) -> Outcome {
        var readings: [String: Double] = [:]
        do {
            let value = try evaluate(root, session, &readings)
            guard case let .boolean(passed) = value else {
                return Outcome(passed: false, explanation: "\(source) is a number (\(Self.format(value.number ?? .nan))), not a condition; compare it with <, >, ≈ ...")
            }
            let read = readings.keys.sorted().map { "\($0) = \(Self.format(readings[$0]!))" }
            return Outcome(passed: passed, explanation: read.isEmpty ? "" : read.joined(separator: ", "), values: readings)
        } catch {
            return Outcome(passed: false, explanation: String(describing: error))
        }
    }

    /// Evaluates an arithmetic expression (`n1.accuracy * 8`) to its number, or nil and why not.
    public func number(in session: Session) -> (Double?, String?) {
        var readings: [String: Double] = [:]
        do {
            switch try evaluate(root, session, &readings) {
            case let .number(value): return (value, nil)
            case .boolean: return (nil, "\(source) is a condition, not a number")
            }
        } catch {
            return (nil, String(describing: error))
        }
    }

    enum Value {
        case number(Double)
        case boolean(Bool)
        var number: Double? { if case let .number(x) = self { return x } else { return nil } }
    }

    private func evaluate(_ node: Node, _ session: Session, _ readings: inout [String: Double]) throws -> Value {
        func number(_ node: Node) throws -> Double {
            switch try evaluate(node, session, &readings) {
            case let .number(value): return value
            case .boolean: throw EvaluationError(description: "a condition is used where a number is expected in \(source)")
            }
        }
        func boolean(_ node: Node) throws -> Bool {
            switch try evaluate(node, session, &readings) {
            case let .boolean(value): return value
            case .number: throw EvaluationError(description: "a number is used where a condition is expected in \(source)")
            }
        }
        switch node {
        case let .number(value):
            return .number(value)
        case let .path(path):
            let dotted = path.joined(separator: ".")
            guard let value = session.value(at: path) else {
                let known = session.knownPaths()
                let close = EditDistance.suggestions(for: dotted, among: known, limit: 1)
                let closest = close.first.map { "; the closest is \($0)" } ?? ""
                if session.object(named: path[0]) == nil, path != ["seed"] {
                    let names = session.names()
                    let have = names.isEmpty ? "the session has no objects yet" : "the session has \(names.joined(separator: ", "))"
                    throw EvaluationError(description: "\(dotted): there is no \(path[0]) (\(have))\(closest)")
                }
                throw EvaluationError(description: "\(dotted): no such value\(closest)")
            }
            readings[dotted] = value
            return .number(value)
        case let .negate(inner):
            return .number(-(try number(inner)))
        case let .arithmetic(op, left, right):
            let a = try number(left), b = try number(right)
            switch op {
            case "+": return .number(a + b)
            case "-": return .number(a - b)
            case "*": return .number(a * b)
            default: return .number(a / b)
            }
        case let .call(name, arguments):
            let values = try arguments.map(number)
            switch (name, values.count) {
            case ("ln", 1): return .number(Foundation.log(values[0]))
            case ("exp", 1): return .number(Foundation.exp(values[0]))
            case ("sqrt", 1): return .number(values[0].squareRoot())
            case ("abs", 1): return .number(Swift.abs(values[0]))
            case ("min", 1...): return .number(values.min()!)
            case ("max", 1...): return .number(values.max()!)
            default: throw EvaluationError(description: "\(name) takes \(name == "min" || name == "max" ? "one or more values" : "one value")")
            }
        case let .compare(op, left, right):
            let a = try number(left), b = try number(right)
            switch op {
            case "<": return .boolean(a < b)
            case "<=": return .boolean(a <= b)
            case ">": return .boolean(a > b)
            case ">=": return .boolean(a >= b)
            case "==": return .boolean(a == b)
            default: return .boolean(a != b)
            }
        case let .approximately(left, right, tolerance):
            let a = try number(left), b = try number(right), allowed = try number(tolerance)
            // A hair of slack so that a difference sitting exactly on the tolerance, as written
            // in decimal, is not failed by binary rounding (0.8 - 0.75 is 0.05000000000000004).
            let slack = 1e-9 * Swift.max(Swift.abs(allowed), Swift.abs(a), Swift.abs(b), 1e-300)
            return .boolean(Swift.abs(a - b) <= Swift.abs(allowed) + slack)
        case let .and(left, right):
            // Both sides are evaluated so the explanation lists every value read.
            let a = try boolean(left), b = try boolean(right)
            return .boolean(a && b)
        case let .or(left, right):
            let a = try boolean(left), b = try boolean(right)
            return .boolean(a || b)
        case let .not(inner):
            return .boolean(!(try boolean(inner)))
        }
    }

    static func format(_ value: Double) -> String { NumberFormatting.compact(value) }
}
