import TuneEngine

extension CommandSpec {
    /// `grads MODEL`: per-parameter gradient norms and, after a step, update-to-weight ratios.
    public static let grads = CommandSpec(
        verb: "grads",
        summary: "gradient norms per parameter, and update-to-weight ratios of the last step",
        details: """
            The gradient each parameter holds now (from the last backward pass), and, when the \
            model's last optimizer step was recorded, how big that update was next to the weight. \
            Ratios near 1e-3 are the usual healthy range; much larger ones mean the rate is high \
            for that parameter, much smaller ones that it barely moves.
            """,
        examples: ["grads base"],
        positionals: [PositionalSpec("model", .object(nil), summary: "a model in the session")],
        keys: [KeySpec("key", .text, summary: "which parameters: a key, part of one, or a pattern with *", example: "weight")]
    ) { invocation, context in
        let holder = try invocation.moduleHolder(in: context.session)
        let chosen = try invocation.chosenParameters(of: holder)
        let output = context.output
        let style = OutputRendering.style(for: output)
        let report = holder.lastStepReport
        let ratios = Dictionary((report?.parameters ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var titles = ["key", "shape", "gradient norm"]
        if !ratios.isEmpty { titles += ["update/weight", ""] }
        let table = TableRenderer(titles: titles, title: "gradients of \(holder.name)")
        var anyGradient = false
        let rows: [[TableRenderer.Cell]] = chosen.map { key, tensor in
            var row: [TableRenderer.Cell] = [.text(key), .text(OutputRendering.shape(tensor.shape))]
            if let gradient = tensor.gradient {
                anyGradient = true
                row.append(.number(TensorStatistics(gradient).norm))
            } else {
                row.append(.text(tensor.requiresGradient ? "none" : "frozen"))
            }
            if !ratios.isEmpty {
                if let statistics = ratios[key] {
                    let ratio = Double(statistics.updateToWeightRatio)
                    row.append(.number(ratio))
                    row.append(.text(ratio > 1e-2 ? output.styled("high", .yellow) : ratio < 1e-4 ? output.styled("low", .yellow) : ""))
                } else {
                    row += [.empty, .empty]
                }
            }
            return row
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
        if !anyGradient {
            output.line("No gradients yet: they appear after a backward pass (a training step or gradcheck).")
        }
        if let report {
            output.line("Last step: \(report.step), learning rate \(OutputRendering.number(report.learningRate)), "
                + "global gradient norm \(OutputRendering.number(report.globalGradientNorm)).")
            if !ratios.isEmpty { output.line("update/weight near 1e-3 is typical; \"high\" marks > 1e-2, \"low\" < 1e-4.") }
        }
    }
}
