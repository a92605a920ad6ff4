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
        // A group: the next word picks the subcommand, whose grammar reads the rest.
        var command = spec
        var group: CommandSpec? = nil
        while !command.subcommands.isEmpty {
            group = command
            command = try chooseSubcommand(of: command, from: &tokens)
        }
        return try parse(tokens: tokens, for: command, in: group, of: spec, line: line)
    }

    /// The subcommand of `group` named by the first of `tokens` (removed), or an error that
    /// lists the subcommands.
    private func chooseSubcommand(of group: CommandSpec, from tokens: inout [CommandToken]) throws -> CommandSpec {
        let names = group.subcommands.map(\.verb)
        let list = names.joined(separator: ", ")
        guard let token = tokens.first else {
            throw CommandError("\(group.fullName): say which one: \(list) (e.g. `\(group.examples.first ?? group.usage)`); "
                + "help \(group.fullName) explains each.")
        }
        if let keyText = token.key {
            let owners = group.leaves.filter { $0.key(spelled: keyText) != nil }.map(\.fullName)
            let hint = owners.isEmpty ? "" : " (\(keyText)= belongs to \(Self.words(owners)))"
            throw CommandError("\(token.text): \(group.fullName) needs a subcommand first: \(list)\(hint); usage: \(group.usage)")
        }
        guard let subcommand = group.subcommand(named: token.value) else {
            let hint = EditDistance.didYouMean(token.value, among: names) { "`\(group.fullName) \($0)`" }
            throw CommandError("\(token.value): \(group.fullName) has no subcommand \(token.value).\(hint) It has \(list); help \(group.fullName) explains each.")
        }
        tokens.removeFirst()
        return subcommand
    }

    /// "a", "a and b", "a, b and c".
    static func words(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The other subcommands of `spec`'s group that take the key spelled `keyText`.
    private func owners(ofKey keyText: String, besides spec: CommandSpec, in group: CommandSpec?) -> [String] {
        (group?.leaves ?? []).filter { $0.fullName != spec.fullName && $0.key(spelled: keyText) != nil }.map(\.fullName)
    }

    /// The invocation of `spec` (a command, or a subcommand of `group`) read from `tokens`;
    /// `root` is the command the line's first word named.
    private func parse(tokens: [CommandToken], for spec: CommandSpec, in group: CommandSpec?, of root: CommandSpec,
                       line: String) throws -> CommandInvocation {
        var positionals: [String: ArgumentValue] = [:]
        var keys: [String: ArgumentValue] = [:]
        var typed: Set<String> = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if let keyText = token.key {
                guard !keyText.isEmpty else {
                    throw CommandError("\(token.text): a key is missing before `=`; \(spec.fullName) takes \(keyList(spec)).")
                }
                guard let key = spec.key(spelled: keyText) else {
                    // A key of a sibling (`data load films perLabel=3`): say whose it is.
                    let others = owners(ofKey: keyText, besides: spec, in: group)
                    if !others.isEmpty {
                        throw CommandError("\(keyText): \(keyText) belongs to \(Self.words(others)), not \(spec.fullName); \(spec.fullName) takes \(keyList(spec)).")
                    }
                    let hint = EditDistance.didYouMean(keyText, among: spec.keys.flatMap(\.spellings)) { "\($0)=" }
                    throw CommandError("\(keyText): \(spec.fullName) has no key \(keyText).\(hint) It takes \(keyList(spec)).")
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
                // A sibling's keyword with a word after it (`as few` in `data load films as few`):
                // say whose it is.
                if !token.wasQuoted, let group, index < tokens.count, tokens[index].key == nil,
                   !spec.positionals.contains(where: { $0.keyword == token.value }) {
                    let others = group.leaves.filter { leaf in leaf.fullName != spec.fullName && leaf.positionals.contains { $0.keyword == token.value } }
                    if let positional = others.first?.positionals.first(where: { $0.keyword == token.value }) {
                        throw CommandError("\(token.text): `\(token.value) \(positional.name.uppercased())` belongs to \(Self.words(others.map(\.fullName))), "
                            + "not \(spec.fullName); usage: \(spec.usage)")
                    }
                }
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
            // `on DATASET` when it has a keyword; the summary says what it is, and the type
            // what it accepts unless that is any text.
            let missing = (positional.keyword.map { "`\($0) " } ?? "") + positional.name.uppercased() + (positional.keyword == nil ? "" : "`")
            var what = positional.summary
            if case .text = positional.type {} else { what += ": " + positional.type.accepts }
            throw CommandError("\(spec.fullName): missing \(missing) (\(what)); usage: \(spec.usage)")
        }
        for key in spec.keys where keys[key.name] == nil {
            if key.isRequired {
                throw CommandError("\(spec.fullName): \(key.name) is required; it expects \(key.type.accepts), e.g. \(key.name)=\(key.exampleValue)")
            }
            if let fallback = key.defaultValue, let value = try? convert(fallback, as: key.type, skipsChecks: true, { $0 }) {
                keys[key.name] = value
            }
        }
        return CommandInvocation(spec: root, command: spec, line: line, positionals: positionals, keys: keys, typedKeys: typed)
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
