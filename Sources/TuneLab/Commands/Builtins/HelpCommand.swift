extension CommandSpec {
    /// `help` lists the commands; `help VERB` shows one with its keys and examples.
    public static let help = CommandSpec(
        verb: "help", aliases: ["?"],
        summary: "list the commands, or explain one",
        examples: ["help", "help seed"],
        positionals: [PositionalSpec("command", .text, summary: "the command to explain", required: false)]
    ) { invocation, context in
        let output = context.output
        guard let verb = invocation.text("command") else {
            let width = context.registry.commands.map(\.verb.count).max() ?? 8
            output.line(output.styled("Commands", .bold) + " (help VERB for details and an example):")
            for spec in context.registry.commands {
                output.line("  " + output.styled(spec.verb.padding(toLength: width, withPad: " ", startingAt: 0), .cyan) + "  " + spec.summary)
            }
            output.line("A line is: verb [object] [key=value ...]. Tab completes; Ctrl-C stops a long command at the next step.")
            return
        }
        guard let spec = context.registry.command(named: verb) else {
            let hint = EditDistance.didYouMean(verb, among: context.registry.allSpellings) { "`help \($0)`" }
            throw CommandError("\(verb): unknown command.\(hint) Type help for the list.")
        }
        output.line(output.styled(spec.verb, .bold) + " — " + spec.summary)
        if !spec.aliases.isEmpty { output.line("also: " + spec.aliases.joined(separator: ", ")) }
        output.line("usage: " + spec.usage)
        if let details = spec.details {
            for line in LessonProse.wrap(details, width: output.width, first: "", rest: "") { output.line(line) }
        }
        for positional in spec.positionals {
            output.line("  \(positional.name.uppercased())  \(positional.summary): \(positional.type.accepts)" + (positional.isRequired ? "" : " (optional)"))
        }
        for key in spec.keys {
            let names = key.spellings.map { $0 + "=" }.joined(separator: " or ")
            var line = "  \(names)  \(key.summary): \(key.type.accepts)"
            if let fallback = key.defaultValue { line += " (default \(fallback))" }
            if key.isRequired { line += " (required)" }
            output.line(line)
        }
        output.line("example" + (spec.examples.count > 1 ? "s" : "") + ":")
        for example in spec.examples { output.line("  " + output.styled(example, .cyan)) }
    }
}
