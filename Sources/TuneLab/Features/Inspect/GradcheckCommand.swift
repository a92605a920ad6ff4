import TuneEngine

extension CommandSpec {
    /// `gradcheck MODEL [key=KEY] [count=N] [epsilon=X]`: autograd against finite differences.
    public static let gradcheck = CommandSpec(
        verb: "gradcheck",
        summary: "compare autograd with finite differences for one parameter",
        details: """
            Computes the model's loss on its batch and its gradient by backward(); then, for \
            count values of the parameter key (drawn with the session seed), nudges the value by \
            ±epsilon and measures the slope (L(w+ε) − L(w−ε)) / 2ε. Each pair and its relative \
            error |a − n| / (|a| + |n|) is printed; the largest is published as \
            NAME.gradcheck.maxRelativeError. With 32-bit numbers, errors below about 1e-2 mean agreement; \
            so does a difference smaller than the finite difference's own rounding (two units in \
            the last place of the loss, over the step), which tiny gradients can show. The verdict \
            is published as NAME.gradcheck.agrees (1 or 0).
            """,
        examples: ["gradcheck base", "gradcheck base key=weight count=4"],
        positionals: [PositionalSpec("model", .object(nil), summary: "a model in the session")],
        keys: [
            KeySpec("key", .text, summary: "the parameter to check (default: the first one)", example: "weight"),
            KeySpec("count", .integer(in: 1...64), summary: "how many of its values to check", default: "6"),
            KeySpec("epsilon", aliases: ["eps"], .number(NumberRange(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: true)),
                    summary: "the nudge for finite differences", default: "1e-3"),
        ]
    ) { invocation, context in
        var holder = try invocation.moduleHolder(in: context.session)
        let parameters = holder.module.namedParameters()
        let key: String
        if let pattern = invocation.text("key") {
            let matches = ParameterKeyPattern.matching(pattern, in: holder.module)
            guard let first = matches.first else { throw ParameterKeyPattern.noMatch(pattern, in: holder) }
            guard matches.count == 1 else {
                throw CommandError("key=\(pattern) matches \(matches.count) parameters (\(matches.prefix(4).map(\.key).joined(separator: ", "))\(matches.count > 4 ? ", …" : "")); give one key")
            }
            key = first.key
        } else {
            guard let first = parameters.first(where: { $0.tensor.requiresGradient }) else {
                throw CommandError("\(holder.name) has no trainable parameter to check.")
            }
            key = first.key
        }
        var generator = context.session.randomGenerator(for: "gradcheck \(holder.name) \(key)")
        let result = try GradientCheckResult.run(on: holder, key: key, count: invocation.integer("count") ?? 6,
                                                 epsilon: invocation.number("epsilon") ?? 1e-3, generator: &generator)
        holder.inspection.gradientCheck = result
        let output = context.output
        output.line("gradient check of \(holder.name).\(key) \(OutputRendering.shape(result.shape)), loss \(OutputRendering.number(result.loss)), ε = \(OutputRendering.number(result.epsilon))")
        let table = TableRenderer(titles: ["index", "autograd", "finite difference", "relative error"])
        let rows: [[TableRenderer.Cell]] = result.pairs.map { pair in
            [.integer(pair.index), .text(NumberFormatting.scientific(pair.autograd, significantDigits: 6)),
             .text(NumberFormatting.scientific(pair.numeric, significantDigits: 6)),
             .text(NumberFormatting.scientific(pair.relativeError, significantDigits: 2))]
        }
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        let worst = result.maximumRelativeError
        let verdict = result.agrees ? output.styled("they agree", .green) : output.styled("they disagree", .red)
        output.line("largest relative error \(NumberFormatting.scientific(worst, significantDigits: 2)): \(verdict) "
            + "(with 32-bit numbers, below 1e-2 is agreement" + (result.withinNoiseCount > 0 ? ", and so is a difference inside the rounding)" : ")"))
        if result.withinNoiseCount > 0 {
            let noise = result.pairs.map(\.noiseFloor).max() ?? 0
            output.line("\(result.withinNoiseCount) of \(result.pairs.count) differ by more than 1e-2 in relative terms but by less than the finite difference's own rounding "
                + "(about \(NumberFormatting.scientific(noise, significantDigits: 2)) for a 32-bit loss of "
                + "\(OutputRendering.number(result.loss)) and ε = \(OutputRendering.number(result.epsilon))): "
                + "these gradients are too small for finite differences to see; a larger ε= shows more")
        }
        output.line("published as \(holder.name).gradcheck.maxRelativeError")
    }
}
