import TuneEngine

extension CommandSpec {
    /// `activations MODEL`: per-layer statistics of a traced forward pass.
    public static let activations = CommandSpec(
        verb: "activations",
        summary: "per-layer activation statistics: mean, std, dead and saturated units",
        details: """
            Runs the model once on its reference batch with the activation trace on (or shows the \
            last traced pass), then one row per layer: mean and std of its outputs, the fraction \
            of ReLU outputs that are 0 and of units that are 0 for every example (dead; in an \
            image model a convolution's unit is a channel, dead when 0 at every position), and the \
            fraction of sigmoid/tanh outputs pinned near their limits (saturated).
            """,
        examples: ["activations base"],
        positionals: [PositionalSpec("model", .object(nil), summary: "a model in the session")]
    ) { invocation, context in
        var holder = try invocation.moduleHolder(in: context.session)
        let module = holder.module
        let traced = try ActivationTrace.collect { try GradientMode.withoutGradients { try holder.referenceLoss() } }
        if traced.result != nil {
            let rows = holder.referenceRowCount
            holder.inspection.activations = LayerActivationStatistics.of(trace: traced.records, in: module) { position in
                LayerActivationStatistics.units(of: traced.records[position], rows: rows)
            }
        }
        guard let layers = holder.inspection.activations, !layers.isEmpty else {
            throw CommandError("\(holder.name) has no traced pass: it has no layer that records its outputs, or no batch to run on.")
        }
        ActivationsRendering.render(layers, title: "activations of \(holder.name)", to: context.output)
    }
}

/// Draws per-layer activation statistics as a table with a bar per layer.
enum ActivationsRendering {
    static func render(_ layers: [LayerActivationStatistics], title: String, to output: Output) {
        let style = OutputRendering.style(for: output)
        let showsZero = layers.contains { $0.zeroFraction != nil }
        let showsDead = layers.contains { $0.deadUnitFraction != nil }
        let showsSaturated = layers.contains { $0.saturatedFraction != nil }
        var titles = ["layer", "key", "kind", "mean", "std"]
        if showsZero { titles.append("zero") }
        if showsDead { titles.append("dead") }
        if showsSaturated { titles.append("saturated") }
        titles.append("std, drawn")
        let largest = layers.map(\.statistics.standardDeviation).max() ?? 1
        let table = TableRenderer(titles: titles, title: title)
        let rows: [[TableRenderer.Cell]] = layers.enumerated().map { position, layer in
            var row: [TableRenderer.Cell] = [.integer(position + 1), .text(layer.key), .text(layer.kind?.rawValue ?? "output"),
                                             .number(layer.statistics.mean), .number(layer.statistics.standardDeviation)]
            if showsZero { row.append(layer.zeroFraction.map { .number($0) } ?? .empty) }
            if showsDead { row.append(layer.deadUnitFraction.map { .number($0) } ?? .empty) }
            if showsSaturated { row.append(layer.saturatedFraction.map { .number($0) } ?? .empty) }
            row.append(.text(OutputRendering.bar(largest > 0 ? layer.statistics.standardDeviation / largest : 0, width: 10)))
            return row
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
    }
}
