extension CommandSpec {
    /// `ls`: the session's objects, by kind.
    public static let list = CommandSpec(
        verb: "ls", aliases: ["list"],
        summary: "list the session's models, datasets and runs",
        examples: ["ls"]
    ) { _, context in
        let objects = context.session.allObjects()
        guard !objects.isEmpty else {
            context.output.line("The session has no objects yet.")
            return
        }
        var kinds: [SessionObjectKind] = []
        for object in objects where !kinds.contains(object.kind) { kinds.append(object.kind) }
        for kind in kinds {
            let names = objects.filter { $0.kind == kind }.map(\.name)
            context.output.line(context.output.styled(kind.plural + ":", .bold) + " " + names.joined(separator: ", "))
        }
    }

    /// `show NAME`: one object's description and the values checks can read.
    public static let show = CommandSpec(
        verb: "show",
        summary: "describe a model, dataset or run and the values checks can read from it",
        examples: ["show r1"],
        positionals: [PositionalSpec("name", .object(nil), summary: "the object to describe")]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        guard let object = context.session.object(named: name) else { throw CommandError("\(name): no such object.") }
        let output = context.output
        output.line(output.styled("\(object.kind.name) \(object.name)", .bold))
        if !object.summary.isEmpty { output.line(object.summary) }
        let paths = object.publishedPaths
        if !paths.isEmpty {
            output.line("values for checks:")
            for path in paths {
                let value = object.value(at: path).map { CheckExpression.format($0) } ?? "(none)"
                output.line("  \(([name] + path).joined(separator: ".")) = \(value)")
            }
        }
    }

    /// `rm NAME`: forget an object.
    public static let remove = CommandSpec(
        verb: "rm", aliases: ["remove"],
        summary: "remove a model, dataset or run from the session",
        examples: ["rm r1"],
        positionals: [PositionalSpec("name", .object(nil), summary: "the object to remove")]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        guard let removed = context.session.remove(name) else { throw CommandError("\(name): no such object.") }
        context.output.line("Removed \(removed.kind.name) \(name).")
    }

    /// `seed [N]`: show or set the seed every random draw derives from.
    public static let seed = CommandSpec(
        verb: "seed",
        summary: "show or set the random seed (same seed, same commands: same numbers)",
        examples: ["seed", "seed 7"],
        positionals: [PositionalSpec("value", .integer(atLeast: 0), summary: "the new seed", required: false)]
    ) { invocation, context in
        if let value = invocation.integer("value") {
            context.session.seed = UInt64(value)
            context.output.line("Seed set to \(value).")
        } else {
            context.output.line("Seed: \(context.session.seed)")
        }
    }
}
