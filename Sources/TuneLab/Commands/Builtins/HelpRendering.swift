/// What `help` prints: the list of commands, one command with its keys and examples, or a
/// group with its subcommands.
enum HelpRendering {
    /// One line per command; a group's line names its subcommands below the summary.
    static func listCommands(_ registry: CommandRegistry, to output: Output) {
        let width = registry.commands.map(\.verb.count).max() ?? 8
        output.line(output.styled("Commands", .bold) + " (help VERB for details and an example):")
        for spec in registry.commands {
            let verb = output.styled(spec.verb.padding(toLength: width, withPad: " ", startingAt: 0), .cyan)
            output.line("  " + verb + "  " + spec.summary)
            if !spec.subcommands.isEmpty {
                let indent = String(repeating: " ", count: width + 4)
                output.line(indent + output.styled(spec.subcommands.map(\.verb).joined(separator: " | "), .dim))
            }
        }
        output.line("A line is: verb [object] [key=value ...]. Tab completes; Ctrl-C stops a long command at the next step.")
    }

    /// `help VERB` (or `help VERB SUBCOMMAND`): the usage, the details, each positional and
    /// key, the subcommands of a group, and the examples.
    static func explain(_ spec: CommandSpec, to output: Output) {
        output.line(output.styled(spec.fullName, .bold) + " — " + spec.summary)
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
        if !spec.subcommands.isEmpty {
            output.line("subcommands (help \(spec.fullName) SUBCOMMAND for its keys and examples):")
            let width = spec.subcommands.map(\.verb.count).max() ?? 4
            for subcommand in spec.subcommands {
                output.line("  " + output.styled(subcommand.verb.padding(toLength: width, withPad: " ", startingAt: 0), .cyan) + "  " + subcommand.summary)
                output.line("  " + String(repeating: " ", count: width) + "  " + output.styled(subcommand.usage, .dim))
            }
        }
        output.line("example" + (spec.examples.count > 1 ? "s" : "") + ":")
        for example in spec.examples { output.line("  " + output.styled(example, .cyan)) }
    }
}
