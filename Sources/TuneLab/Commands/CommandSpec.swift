/// A named setting of a command: `steps=300`, `lr=3e-4`.
public struct KeySpec: Sendable {
    /// The full name (`learningRate`); help lists it first.
    public var name: String
    /// Short spellings people type (`lr`).
    public var aliases: [String]
    public var type: ArgumentType
    /// One line for help.
    public var summary: String
    /// The value used when the key is left out (parsed like typed input); nil: no default.
    public var defaultValue: String?
    /// True when the command cannot run without it.
    public var isRequired: Bool
    /// A value to show in messages (`3e-4`); the type's sample when nil.
    public var example: String?

    public init(_ name: String, aliases: [String] = [], _ type: ArgumentType, summary: String,
                default defaultValue: String? = nil, required isRequired: Bool = false, example: String? = nil) {
        self.name = name
        self.aliases = aliases
        self.type = type
        self.summary = summary
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.example = example
    }

    /// All spellings: the name and its aliases.
    public var spellings: [String] { [name] + aliases }

    /// An example value for messages.
    public var exampleValue: String { example ?? defaultValue ?? type.sampleValue }
}

/// A value written without `key=` after the verb, e.g. the model in `train base on corpus`.
public struct PositionalSpec: Sendable {
    /// How help and errors call it (`model`).
    public var name: String
    public var type: ArgumentType
    public var summary: String
    public var isRequired: Bool
    /// A word that introduces it (`on` in `train base on corpus`), or nil.
    public var keyword: String?

    public init(_ name: String, _ type: ArgumentType, summary: String, required isRequired: Bool = true, keyword: String? = nil) {
        self.name = name
        self.type = type
        self.summary = summary
        self.isRequired = isRequired
        self.keyword = keyword
    }
}

/// Everything the shell knows about one command: its grammar, help, and what it does.
///
/// A feature adds a command by writing one file with
/// `extension CommandSpec { public static let train = CommandSpec(...) }` and one line
/// `registry.register(.train)` in `CommandRegistry+Standard.swift`.
///
/// A command that does several things (`data load`, `data show`, ...) is a group: it is made
/// with `subcommands:` instead of an action, and each subcommand is a `CommandSpec` of its
/// own, with its own positionals, keys, examples and action (see `CommandSpec+Subcommands.swift`).
public struct CommandSpec: Sendable {
    /// What runs the command: the validated arguments and the shell's context.
    public typealias Action = @Sendable (CommandInvocation, CommandContext) throws -> Void

    /// The word that picks it: the first word of a line, or for a subcommand the word after
    /// its group's (`load` in `data load`).
    public var verb: String
    public var aliases: [String]
    /// One line for `help`.
    public var summary: String
    /// Longer explanation for `help VERB` (optional).
    public var details: String?
    /// Working examples; `help VERB` shows them and the tests parse each one.
    public var examples: [String]
    public var positionals: [PositionalSpec]
    public var keys: [KeySpec]
    /// The subcommands of a group (`load`, `show`, ... of `data`); empty for a plain command.
    /// The first word after the verb picks one, and the rest of the line is parsed against
    /// that subcommand's own positionals and keys.
    public internal(set) var subcommands: [CommandSpec]
    /// The words before `verb` that lead to it: `["data"]` for `data load`, empty for a
    /// command. Set when a group adopts its subcommands.
    public internal(set) var parentVerbs: [String] = []
    public var action: Action

    /// A command that does one thing.
    public init(verb: String, aliases: [String] = [], summary: String, details: String? = nil,
                examples: [String], positionals: [PositionalSpec] = [], keys: [KeySpec] = [],
                action: @escaping Action) {
        self.verb = verb
        self.aliases = aliases
        self.summary = summary
        self.details = details
        self.examples = examples
        self.positionals = positionals
        self.keys = keys
        self.subcommands = []
        self.action = action
    }

    /// A group of subcommands: `data load ...`, `data show ...`. Running it runs the
    /// subcommand the line chose. `examples` defaults to each subcommand's first example.
    public init(verb: String, aliases: [String] = [], summary: String, details: String? = nil,
                examples: [String]? = nil, subcommands: [CommandSpec]) {
        precondition(!subcommands.isEmpty, "\(verb): a group needs at least one subcommand")
        let spellings = subcommands.flatMap { [$0.verb] + $0.aliases }.map { $0.lowercased() }
        precondition(Set(spellings).count == spellings.count, "\(verb): two subcommands are spelled alike")
        self.verb = verb
        self.aliases = aliases
        self.summary = summary
        self.details = details
        self.examples = examples ?? subcommands.compactMap(\.examples.first)
        self.positionals = []
        self.keys = []
        self.subcommands = []
        self.action = Self.runChosenSubcommand
        self.subcommands = subcommands.map { $0.adopted(under: [verb]) }
    }

    /// The words that run it: `data load` for a subcommand, `seed` for a command.
    public var fullName: String { (parentVerbs + [verb]).joined(separator: " ") }

    /// The usage line: `train MODEL on DATASET [steps=N] [lr=X]`; for a group,
    /// `data load|show|split ...`.
    public var usage: String {
        if !subcommands.isEmpty {
            return fullName + " " + subcommands.map(\.verb).joined(separator: "|") + " ..."
        }
        var parts = [fullName]
        for positional in positionals {
            var part = (positional.keyword.map { $0 + " " } ?? "") + positional.name.uppercased()
            if !positional.isRequired { part = "[" + part + "]" }
            parts.append(part)
        }
        for key in keys {
            let shortest = key.spellings.min { $0.count < $1.count } ?? key.name
            let part = "\(shortest)=\(placeholder(for: key.type))"
            parts.append(key.isRequired ? part : "[" + part + "]")
        }
        return parts.joined(separator: " ")
    }

    /// The key spelled `spelling` (name or alias; case does not matter).
    public func key(spelled spelling: String) -> KeySpec? {
        let lowered = spelling.lowercased()
        return keys.first { key in key.spellings.contains { $0.lowercased() == lowered } }
    }

    private func placeholder(for type: ArgumentType) -> String {
        switch type {
        case .integer: return "N"
        case .number: return "X"
        case .boolean: return "yes|no"
        case let .choice(options): return options.joined(separator: "|")
        case .object(let kind): return (kind?.name ?? "name").uppercased()
        case .newName: return "NAME"
        case .existingFile, .writableFile: return "FILE"
        case .text: return "TEXT"
        case .lesson: return "LESSON"
        }
    }
}
