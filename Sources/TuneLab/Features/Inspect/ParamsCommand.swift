import TuneEngine

extension CommandSpec {
    /// `params MODEL`: how many parameters, trainable or frozen, per top-level module.
    public static let params = CommandSpec(
        verb: "params",
        summary: "parameter counts: total, trainable, and per top-level module",
        examples: ["params base"],
        positionals: [PositionalSpec("model", .object(nil), summary: "a model in the session")]
    ) { invocation, context in
        let holder = try invocation.moduleHolder(in: context.session)
        let output = context.output
        // Group by the first part of the key, keeping an array position with it (`blocks.3`).
        var order: [String] = []
        var groups: [String: (total: Int, trainable: Int)] = [:]
        for (key, tensor) in holder.module.namedParameters() {
            let parts = key.split(separator: ".").map(String.init)
            var group = parts.count > 1 ? parts[0] : "(own)"
            if parts.count > 2, Int(parts[1]) != nil { group += "." + parts[1] }
            if groups[group] == nil { order.append(group) }
            var entry = groups[group] ?? (0, 0)
            entry.total += tensor.count
            if tensor.requiresGradient { entry.trainable += tensor.count }
            groups[group] = entry
        }
        let table = TableRenderer(titles: ["module", "parameters", "trainable", ""], title: "parameters of \(holder.name)")
        var rows: [[TableRenderer.Cell]] = order.map { group in
            let entry = groups[group]!
            let mark = entry.trainable == 0 ? "frozen" : entry.trainable < entry.total ? "partly frozen" : ""
            return [.text(group), .integer(entry.total), .integer(entry.trainable), .text(mark)]
        }
        let total = holder.module.parameterCount, trainable = holder.module.trainableParameterCount
        rows.append([.text("total"), .integer(total), .integer(trainable), .text(trainable == 0 ? "frozen" : "")])
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
    }
}
