/// A command line after parsing and validation: what a command's action receives.
public struct CommandInvocation {
    /// The command the line's first word named, as registered (`data`).
    public let spec: CommandSpec
    /// The command whose grammar parsed the line and whose action runs: `spec` itself, or
    /// for a group the subcommand the next word chose (`data load`).
    public let command: CommandSpec
    /// The line as typed.
    public let line: String
    /// Positional values by the positional's name.
    public let positionals: [String: ArgumentValue]
    /// Key values by the key's full name (aliases resolved), defaults filled in.
    public let keys: [String: ArgumentValue]
    /// Names of the keys the learner typed (the rest came from defaults).
    public let typedKeys: Set<String>

    /// `command` is the subcommand that parsed the line (nil: `spec` itself).
    public init(spec: CommandSpec, command: CommandSpec? = nil, line: String, positionals: [String: ArgumentValue],
                keys: [String: ArgumentValue], typedKeys: Set<String>) {
        self.spec = spec
        self.command = command ?? spec
        self.line = line
        self.positionals = positionals
        self.keys = keys
        self.typedKeys = typedKeys
    }

    /// The value of a key or positional called `name`.
    public subscript(name: String) -> ArgumentValue? { keys[name] ?? positionals[name] }

    /// An integer argument (nil when absent).
    public func integer(_ name: String) -> Int? {
        if case let .integer(value)? = self[name] { return value }
        return nil
    }

    /// A number argument (integers widen; nil when absent).
    public func number(_ name: String) -> Double? {
        switch self[name] {
        case let .number(value)?: return value
        case let .integer(value)?: return Double(value)
        default: return nil
        }
    }

    /// A yes/no argument (nil when absent).
    public func boolean(_ name: String) -> Bool? {
        if case let .boolean(value)? = self[name] { return value }
        return nil
    }

    /// A text, choice, name or path argument (nil when absent).
    public func text(_ name: String) -> String? {
        if case let .text(value)? = self[name] { return value }
        return nil
    }

    /// The session object named by argument `name`, as `T`; throws a readable error when it
    /// is missing or of another type.
    public func object<T: SessionObject>(_ name: String, as type: T.Type, in session: Session) throws -> T {
        guard let objectName = text(name) else { throw CommandError("\(command.fullName): missing \(name)") }
        guard let object = session.object(named: objectName) else {
            throw CommandError("\(objectName): no such object in the session.")
        }
        guard let typed = object as? T else {
            throw CommandError("\(objectName) is a \(object.kind.name), and \(command.fullName) needs something else here.")
        }
        return typed
    }
}
