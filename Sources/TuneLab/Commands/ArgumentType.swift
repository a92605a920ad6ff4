/// What a positional value or a key accepts; the parser checks it before a command runs.
public enum ArgumentType: Sendable {
    /// A whole number within optional bounds (inclusive).
    case integer(min: Int?, max: Int?)
    /// A finite number within `range`.
    case number(NumberRange)
    /// yes/no/true/false/on/off/1/0.
    case boolean
    /// Any text (quote it to include spaces).
    case text
    /// One of a fixed set of words.
    case choice([String])
    /// The name of an existing session object, of `kind` (any kind when nil).
    case object(SessionObjectKind?)
    /// A name for a new object: a letter, then letters, digits or `_`.
    case newName
    /// A path to a file that exists.
    case existingFile
    /// A path to a file that can be written (its folder exists).
    case writableFile
    /// A lesson: its number, slug, or the start of its title.
    case lesson

    /// `.integer(min: 1, max: nil)` spelled for reading: `.integer(atLeast: 1)`.
    public static func integer(atLeast minimum: Int) -> ArgumentType { .integer(min: minimum, max: nil) }
    /// A whole number from `range.lowerBound` to `range.upperBound`.
    public static func integer(in range: ClosedRange<Int>) -> ArgumentType { .integer(min: range.lowerBound, max: range.upperBound) }
    /// Any finite number.
    public static var anyNumber: ArgumentType { .number(NumberRange()) }
    /// A number strictly greater than `bound` (a learning rate: `.number(above: 0)`).
    public static func number(above bound: Double) -> ArgumentType { .number(NumberRange(lower: bound, lowerInclusive: false)) }
    /// A number greater than or equal to `bound`.
    public static func number(atLeast bound: Double) -> ArgumentType { .number(NumberRange(lower: bound, lowerInclusive: true)) }
    /// A number from `range.lowerBound` to `range.upperBound`, both included.
    public static func number(in range: ClosedRange<Double>) -> ArgumentType {
        .number(NumberRange(lower: range.lowerBound, lowerInclusive: true, upper: range.upperBound, upperInclusive: true))
    }

    /// What it accepts, in words: "a number > 0", "one of: gpt, bert".
    public var accepts: String {
        switch self {
        case let .integer(minimum, maximum):
            switch (minimum, maximum) {
            case let (low?, high?): return "a whole number from \(low) to \(high)"
            case let (low?, nil): return "a whole number >= \(low)"
            case let (nil, high?): return "a whole number <= \(high)"
            case (nil, nil): return "a whole number"
            }
        case let .number(range): return range.isUnbounded ? "a number" : "a number \(range)"
        case .boolean: return "yes or no (also true/false)"
        case .text: return "text (in quotes if it has spaces)"
        case let .choice(options): return "one of: " + options.joined(separator: ", ")
        case let .object(kind): return "the name of " + (kind.map { "a \($0.name)" } ?? "an object") + " in the session"
        case .newName: return "a new name (a letter, then letters, digits or _)"
        case .existingFile: return "the path of an existing file"
        case .writableFile: return "the path of a file to write (its folder must exist)"
        case .lesson: return "a lesson number, slug or title"
        }
    }

    /// A value that fits, for examples in messages.
    public var sampleValue: String {
        switch self {
        case let .integer(minimum, maximum): return String(minimum ?? maximum.map { Swift.min($0, 1) } ?? 1)
        case let .number(range): return range.sample
        case .boolean: return "yes"
        case .text: return "\"some text\""
        case let .choice(options): return options.first ?? ""
        case let .object(kind): return kind.map { $0 == .model ? "base" : $0 == .dataset ? "corpus" : "r1" } ?? "base"
        case .newName: return "r1"
        case .existingFile: return "datasets/file.txt"
        case .writableFile: return "notebook.md"
        case .lesson: return "1"
        }
    }
}

/// The allowed span of a number key, with open or closed ends.
public struct NumberRange: Sendable, CustomStringConvertible {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    public var isUnbounded: Bool { lower == nil && upper == nil }

    public func contains(_ value: Double) -> Bool {
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return true
    }

    public var description: String {
        switch (lower, upper) {
        case let (low?, high?):
            if lowerInclusive && upperInclusive { return "from \(format(low)) to \(format(high))" }
            return "\(lowerInclusive ? ">=" : ">") \(format(low)) and \(upperInclusive ? "<=" : "<") \(format(high))"
        case let (low?, nil): return "\(lowerInclusive ? ">=" : ">") \(format(low))"
        case let (nil, high?): return "\(upperInclusive ? "<=" : "<") \(format(high))"
        case (nil, nil): return "(any)"
        }
    }

    var sample: String {
        if let lower, let upper { return format((lower + upper) / 2) }
        if let lower { return format(lower < 0 ? 0 : lower == 0 ? 0.001 : lower * 2) }
        if let upper { return format(upper > 0 ? 0 : upper * 2) }
        return "1"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A value the parser accepted, already converted to its type.
public enum ArgumentValue: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    /// Text, choices, names and paths.
    case text(String)

    public var description: String {
        switch self {
        case let .integer(value): return String(value)
        case let .number(value): return String(value)
        case let .boolean(value): return value ? "yes" : "no"
        case let .text(value): return value
        }
    }
}
