import TuneModels

/// How every seed study is shown: one study as a table of its measures (mean, sd, min,
/// max), or several (a sweep's settings) as rows of mean ± sd. Both read `SampleSummary`.
enum SeedStudyRendering {
    /// "0.703 ± 0.0412" (sample sd), or "0.703" for one run.
    static func meanSD(_ summary: SampleSummary) -> String {
        let three = { (value: Double) in NumberFormatting.format(value, significantDigits: 3) }
        return three(summary.mean) + (summary.standardDeviation.map { " ± \(three($0))" } ?? "")
    }

    /// A table of mean, sd, min and max per measure; a line with the `headline` measures as
    /// mean ± sd; the names checks read, and `kept` (what holds the first seed's model).
    static func printSummary(of object: SeedStudyObject, headline: [String], kept: String? = nil, context: CommandContext) {
        let output = context.output
        let study = object.study
        let n = study.runs.count
        let table = TableRenderer(titles: ["over \(n) seed\(n == 1 ? "" : "s")", "mean", "sd", "min", "max"],
                                  title: "\(object.name): \(object.subject), one run per seed", significantDigits: 3)
        let rows: [[TableRenderer.Cell]] = study.measures.compactMap { measure in
            guard let s = study.summary(of: measure) else { return nil }
            return [.text(object.label(of: measure)), .number(s.mean), s.standardDeviation.map { .number($0) } ?? .empty,
                    .number(s.minimum), .number(s.maximum)]
        }
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        var closing = "\(object.name): \(n) run\(n == 1 ? "" : "s") in \(NumberFormatting.duration(seconds: object.seconds))"
        for measure in headline {
            guard let s = study.summary(of: measure) else { continue }
            closing += "; \(object.label(of: measure)) \(meanSD(s))"
        }
        output.line(closing + (n > 1 ? " (mean ± sample sd)." : "."))
        let first = headline.first ?? study.measures.first ?? "accuracy"
        output.line("Kept as \(object.name) (\(object.name).mean.\(first), \(object.name).sd.\(first), \(object.name).run.1.\(first), ...)"
            + (kept.map { "; \($0)" } ?? "") + ".")
    }

    /// One row per study: `cells` (e.g. the settings), then mean ± sd of each of `measures`
    /// (say so in `title`: the columns carry only the measures' names, to fit 80 columns).
    static func comparison(_ rows: [(cells: [String], study: SeedStudy)], titles: [String], measures: [(name: String, label: String)],
                           title: String, context: CommandContext) {
        let table = TableRenderer(titles: titles + measures.map(\.label) + ["seeds"], title: title)
        let body: [[TableRenderer.Cell]] = rows.map { row in
            row.cells.map { TableRenderer.Cell.text($0) }
                + measures.map { measure in row.study.summary(of: measure.name).map { .text(meanSD($0)) } ?? .empty }
                + [.integer(row.study.runs.count)]
        }
        OutputRendering.print(table.render(rows: body, style: OutputRendering.style(for: context.output)), to: context.output)
    }
}
