/// The commands the shell knows; every feature plugs its `CommandSpec` in here.
public final class CommandRegistry {
    public private(set) var commands: [CommandSpec] = []
    private var bySpelling: [String: Int] = [:]
    /// Ways to recreate what a lesson needs (`needs: [pretrained: base]`), by the need's kind.
    /// A feature that can make a `pretrained` model registers a handler for "pretrained".
    public private(set) var needHandlers: [String: NeedHandler] = [:]

    /// Makes the object a lesson needs (`kind`: `name`) when the session lacks it.
    public typealias NeedHandler = (_ name: String, _ context: CommandContext) throws -> Void

    public init() {}

    /// Adds a command. Two commands with one spelling is a programming mistake, caught at start-up.
    public func register(_ spec: CommandSpec) {
        for spelling in [spec.verb] + spec.aliases {
            precondition(bySpelling[spelling.lowercased()] == nil, "two commands are spelled \(spelling)")
            bySpelling[spelling.lowercased()] = commands.count
        }
        commands.append(spec)
    }

    /// Teaches lessons how to make a need of `kind` (e.g. "pretrained") when it is missing.
    public func registerNeed(_ kind: String, handler: @escaping NeedHandler) {
        needHandlers[kind] = handler
    }

    /// The command spelled `name` (its verb or an alias; case does not matter).
    public func command(named name: String) -> CommandSpec? {
        bySpelling[name.lowercased()].map { commands[$0] }
    }

    /// Every verb and alias (for completion and "did you mean").
    public var allSpellings: [String] { commands.flatMap { [$0.verb] + $0.aliases } }
}
