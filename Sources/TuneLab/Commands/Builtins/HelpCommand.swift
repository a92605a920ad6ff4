extension CommandSpec {
    /// `help` lists the commands; `help VERB` shows one with its keys and examples (for a
    /// group, its subcommands); `help VERB SUBCOMMAND` shows one subcommand.
    public static let help = CommandSpec(
        verb: "help", aliases: ["?"],
        summary: "list the commands, or explain one",
        examples: ["help", "help seed", "help data load"],
        positionals: [
            PositionalSpec("command", .text, summary: "the command to explain", required: false),
            PositionalSpec("subcommand", .text, summary: "one of its subcommands (data load)", required: false),
        ]
    ) { invocation, context in
        let output = context.output
        guard let verb = invocation.text("command") else {
            HelpRendering.listCommands(context.registry, to: output)
            return
        }
        guard var spec = context.registry.command(named: verb) else {
            let hint = EditDistance.didYouMean(verb, among: context.registry.allSpellings) { "`help \($0)`" }
            throw CommandError("\(verb): unknown command.\(hint) Type help for the list.")
        }
        if let name = invocation.text("subcommand") {
            guard !spec.subcommands.isEmpty else {
                throw CommandError("\(name): \(spec.verb) has no subcommands; help \(spec.verb) explains it.")
            }
            guard let subcommand = spec.subcommand(named: name) else {
                let names = spec.subcommands.map(\.verb)
                let hint = EditDistance.didYouMean(name, among: names) { "`help \(spec.verb) \($0)`" }
                throw CommandError("\(name): \(spec.verb) has no subcommand \(name).\(hint) It has \(names.joined(separator: ", ")).")
            }
            spec = subcommand
        }
        HelpRendering.explain(spec, to: output)
    }
}
