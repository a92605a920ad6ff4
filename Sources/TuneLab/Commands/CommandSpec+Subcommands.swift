/// Groups and their subcommands: `data load`, `data show`, `encoder probe`.
///
/// A group is a `CommandSpec` made with `subcommands:`. The parser reads the word after
/// the group's verb, picks the subcommand of that name, and parses the rest of the line
/// against the subcommand's own grammar, so a key of another subcommand is refused before
/// anything runs. The action of the chosen subcommand then runs.
extension CommandSpec {
    /// The subcommand spelled `name` (its verb or an alias; case does not matter).
    public func subcommand(named name: String) -> CommandSpec? {
        let lowered = name.lowercased()
        return subcommands.first { sub in ([sub.verb] + sub.aliases).contains { $0.lowercased() == lowered } }
    }

    /// Every (sub)command under this one that takes no further subcommand, depth first:
    /// `data load`, `data show`, ...; a plain command is its own only leaf.
    public var leaves: [CommandSpec] {
        subcommands.isEmpty ? [self] : subcommands.flatMap(\.leaves)
    }

    /// This spec as a subcommand reached through `parents` (`["data"]`), its own
    /// subcommands one level further down.
    func adopted(under parents: [String]) -> CommandSpec {
        var copy = self
        copy.parentVerbs = parents
        copy.subcommands = subcommands.map { $0.adopted(under: parents + [verb]) }
        return copy
    }

    /// A group's action: the parser chose a subcommand (`invocation.command`), which runs.
    static let runChosenSubcommand: Action = { invocation, context in
        // The parser never hands a group itself to this action; the check keeps a
        // hand-made invocation from looping.
        guard invocation.command.subcommands.isEmpty else {
            throw CommandError("\(invocation.command.fullName): say which one: "
                + invocation.command.subcommands.map(\.verb).joined(separator: ", ") + ".")
        }
        try invocation.command.action(invocation, context)
    }
}
