import TuneEngine

extension CommandSpec {
    /// `weights MODEL [key=PATTERN]`: statistics of a model's parameters.
    public static let weights = CommandSpec(
        verb: "weights",
        summary: "statistics of a model's weights (one key: histogram and heatmap)",
        details: """
            A table of every parameter (or those whose key matches key=PATTERN: an exact key, \
            part of a key, or a pattern with *): shape, count, mean, std, min, max. When exactly \
            one parameter matches, also a histogram of its values and a heatmap of a slice.
            """,
        examples: ["weights base", "weights base key=weight"],
        positionals: [PositionalSpec("model", .object(nil), summary: "a model in the session")],
        keys: [KeySpec("key", .text, summary: "which parameters: a key, part of one, or a pattern with *", example: "weight")]
    ) { invocation, context in
        let holder = try invocation.moduleHolder(in: context.session)
        let chosen = try invocation.chosenParameters(of: holder)
        let output = context.output
        let style = OutputRendering.style(for: output)
        let table = TableRenderer(titles: ["key", "shape", "count", "mean", "std", "min", "max", ""],
                                  title: "weights of \(holder.name)")
        let rows: [[TableRenderer.Cell]] = chosen.map { key, tensor in
            let stats = TensorStatistics(tensor.values)
            return [.text(key), .text(OutputRendering.shape(tensor.shape)), .integer(tensor.count),
                    .number(stats.mean), .number(stats.standardDeviation), .number(stats.minimum), .number(stats.maximum),
                    .text(tensor.requiresGradient ? "" : "frozen")]
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
        guard chosen.count == 1, let (key, tensor) = chosen.first else { return }
        output.line()
        let histogram = try Histogram(values: tensor.values, binCount: min(12, max(2, tensor.count)), title: "values of \(key)")
        OutputRendering.print(histogram.render(style: style), to: output)
        // A slice small enough to read: at most 12 rows and 24 columns.
        let columns = tensor.shape.last ?? 1
        let rowCount = max(1, tensor.count / max(columns, 1))
        let shownRows = min(rowCount, 12), shownColumns = min(columns, 24)
        let matrix: [[Float]] = (0..<shownRows).map { row in
            (0..<shownColumns).map { column in tensor.values[row * columns + column] }
        }
        let sliceName = tensor.rank >= 2 ? "rows 0–\(shownRows - 1), columns 0–\(shownColumns - 1)" : "values 0–\(shownColumns - 1)"
        output.line()
        let heatmap = try Heatmap(matrix: matrix, rowLabels: (0..<shownRows).map(String.init),
                                  title: "\(key) \(sliceName)")
        OutputRendering.print(heatmap.render(style: style), to: output)
    }
}
