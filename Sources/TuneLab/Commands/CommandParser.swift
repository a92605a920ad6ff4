import Foundation

/// Turns a line into a validated `CommandInvocation`, or a `CommandError` that names the
/// argument and says what it accepts. Nothing runs until everything is valid.
public struct CommandParser {
    /// Lines longer than this are refused (a paste gone wrong, not a command).
    public static let maximumLineLength = 10_000

    public let registry: CommandRegistry
    /// The session whose object names are checked; nil when only the grammar is checked
    /// (lesson validation, where objects do not exist yet).
    public let session: Session?
    /// When false, file paths are not checked against the disk (lesson validation).
    public let checksFiles: Bool

    public init(registry: CommandRegistry, session: Session?, checksFiles: Bool = true) {
        self.registry = registry
        self.session = session
        self.checksFiles = checksFiles
    }

    /// The invocation for `line`, or nil for a blank line or a `#` comment.
    public func parse(_ line: String) throws -> CommandInvocation? {
        if line.count > Self.maximumLineLength {
            throw CommandError("the line is \(line.count) characters long; commands are at most \(Self.maximumLineLength).")
        }
        if let position = line.firstIndex(of: "\u{FFFD}") {
            let column = line.distance(from: line.startIndex, to: position) + 1
            throw CommandError("the line has bytes that are not valid UTF-8 text (at column \(column)); retype it.")
        }
        if let control = line.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" }) {
            throw CommandError("the line holds a control character (code \(control.value)); retype it.")
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
        var tokens = try CommandTokenizer.tokens(of: line)
        guard !tokens.isEmpty else { return nil }

        let first = tokens.removeFirst()
        if let key = first.key {
            if let spec = registry.command(named: key) {
                throw CommandError("\(first.text): a line starts with a command, then its values; did you mean `\(spec.examples.first { $0.contains(" ") } ?? spec.verb)`?")
            }
            throw CommandError("\(first.text): a line starts with a command (see help), not with key=value.")
        }
        guard let spec = registry.command(named: first.value) else {
            let hint = EditDistance.didYouMean(first.value, among: registry.allSpellings) { "`\($0)`" }
            throw CommandError("\(first.value): unknown command.\(hint) Type help for the list.")
        }
        return try parse(tokens: tokens, for: spec, line: line)
    }

    private func parse(tokens: [CommandToken], for spec: CommandSpec, line: String) throws -> CommandInvocation {
        var positionals: [String: ArgumentValue] = [:]
        var keys: [String: ArgumentValue] = [:]
        var typed: Set<String> = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if let keyText = token.key {
                guard !keyText.isEmpty else {
                    throw CommandError("\(token.text): a key is missing before `=`; \(spec.verb) takes \(keyList(spec)).")
                }
                guard let key = spec.key(spelled: keyText) else {
                    let hint = EditDistance.didYouMean(keyText, among: spec.keys.flatMap(\.spellings)) { "\($0)=" }
                    throw CommandError("\(keyText): \(spec.verb) has no key \(keyText).\(hint) It takes \(keyList(spec)).")
                }
                guard !typed.contains(key.name) else {
                    throw CommandError("\(keyText): given twice; write each key once.")
                }
                guard !token.value.isEmpty || token.wasQuoted else {
                    throw CommandError("\(token.text): missing value; \(keyText) expects \(key.type.accepts), e.g. \(keyText)=\(key.exampleValue)")
                }
                keys[key.name] = try convert(token.value, as: key.type) { reason in
                    "\(token.text): \(keyText) \(reason), e.g. \(keyText)=\(key.exampleValue)"
                }
                typed.insert(key.name)
                continue
            }
            // A positional: either introduced by its keyword (`on corpus`) or the next one in order.
            let target: Int
            let valueToken: CommandToken
            if !token.wasQuoted,
               let keywordIndex = spec.positionals.indices.first(where: {
                   spec.positionals[$0].keyword == token.value && positionals[spec.positionals[$0].name] == nil }) {
                guard index < tokens.count, tokens[index].key == nil else {
                    throw CommandError("\(token.value): expects \(spec.positionals[keywordIndex].name.uppercased()) after it; usage: \(spec.usage)")
                }
                target = keywordIndex
                valueToken = tokens[index]
                index += 1
            } else {
                guard let next = spec.positionals.indices.first(where: {
                    spec.positionals[$0].keyword == nil && positionals[spec.positionals[$0].name] == nil }) else {
                    throw CommandError("\(token.text): unexpected here; usage: \(spec.usage)")
                }
                target = next
                valueToken = token
            }
            let positional = spec.positionals[target]
            positionals[positional.name] = try convert(valueToken.value, as: positional.type) { reason in
                "\(valueToken.value): \(positional.name.uppercased()) \(reason.hasSuffix(".") || reason.hasSuffix("?") ? reason : reason + ".") Usage: \(spec.usage)"
            }
        }
        for positional in spec.positionals where positional.isRequired && positionals[positional.name] == nil {
            throw CommandError("\(spec.verb): missing \(positional.name.uppercased()) (\(positional.type.accepts)); usage: \(spec.usage)")
        }
        for key in spec.keys where keys[key.name] == nil {
            if key.isRequired {
                throw CommandError("\(spec.verb): \(key.name) is required; it expects \(key.type.accepts), e.g. \(key.name)=\(key.exampleValue)")
            }
            if let fallback = key.defaultValue, let value = try? convert(fallback, as: key.type, skipsChecks: true, { $0 }) {
                keys[key.name] = value
            }
        }
        return CommandInvocation(spec: spec, line: line, positionals: positionals, keys: keys, typedKeys: typed)
    }

    private func keyList(_ spec: CommandSpec) -> String {
        spec.keys.isEmpty ? "no keys" : spec.keys.map { ($0.aliases.first ?? $0.name) + "=" }.joined(separator: " ")
    }

    /// `text` converted to `type`, or an error built by `message` from the reason
    /// ("expects a number > 0").
    func convert(_ text: String, as type: ArgumentType, skipsChecks: Bool = false,
                 _ message: (String) -> String) throws -> ArgumentValue {
        func fail(_ reason: String) -> CommandError { CommandError(message(reason)) }
        switch type {
        case let .integer(minimum, maximum):
            var value = Int(text.replacingOccurrences(of: "_", with: ""))
            if value == nil, let number = Double(text), number.isFinite, number == number.rounded(), abs(number) < 1e15 {
                value = Int(number)  // 1e3
            }
            guard let value, minimum.map({ value >= $0 }) ?? true, maximum.map({ value <= $0 }) ?? true else {
                throw fail("expects \(type.accepts)")
            }
            return .integer(value)
        case let .number(range):
            guard let value = Double(text), value.isFinite, !text.lowercased().hasPrefix("0x") else {
                throw fail("expects \(type.accepts)")
            }
            guard range.contains(value) else { throw fail("expects \(type.accepts)") }
            return .number(value)
        case .boolean:
            switch text.lowercased() {
            case "yes", "true", "on", "1", "y": return .boolean(true)
            case "no", "false", "off", "0", "n": return .boolean(false)
            default: throw fail("expects \(type.accepts)")
            }
        case .text:
            return .text(text)
        case let .choice(options):
            if let match = options.first(where: { $0.lowercased() == text.lowercased() }) { return .text(match) }
            throw fail("expects \(type.accepts)" + EditDistance.didYouMean(text, among: options))
        case let .object(kind):
            guard let session, !skipsChecks else { return .text(text) }
            if let object = session.object(named: text) {
                if let kind, object.kind != kind {
                    throw fail("expects the name of a \(kind.name), and \(text) is a \(object.kind.name)")
                }
                return .text(text)
            }
            let names = session.names(of: kind)
            let have = names.isEmpty ? "the session has none yet" : "the session has \(names.joined(separator: ", "))"
            throw fail("expects \(type.accepts); there is no \(text) (\(have))." + EditDistance.didYouMean(text, among: names))
        case .newName:
            guard Self.isValidName(text) else { throw fail("expects \(type.accepts)") }
            return .text(text)
        case .existingFile:
            guard checksFiles, !skipsChecks else { return .text(text) }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: Self.expandingTilde(text), isDirectory: &isFolder) else {
                throw fail("expects \(type.accepts); \(text) does not exist")
            }
            guard !isFolder.boolValue else { throw fail("expects a file, and \(text) is a folder") }
            return .text(text)
        case .writableFile:
            guard checksFiles, !skipsChecks else { return .text(text) }
            let url = URL(fileURLWithPath: Self.expandingTilde(text))
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                throw fail("expects a file to write, and \(text) is a folder")
            }
            let folder = url.deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw fail("expects \(type.accepts); the folder \(folder) does not exist")
            }
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw fail("expects \(type.accepts); the folder \(folder) is not writable")
            }
            return .text(text)
        case .lesson:
            return .text(text)
        }
    }

    /// True for a letter followed by letters, digits or `_` (at most 64 characters), so that
    /// checks can name it in paths such as `r1.best.valAccuracy`.
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 64,
              CharacterSet.letters.contains(first) else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_"))
        return text.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    /// `~/x` as the home folder's `x`.
    public static func expandingTilde(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }
}
