import Foundation
import TuneModels

extension SessionObjectKind {
    /// A group of runs made by one `sweep`.
    public static let sweep = SessionObjectKind("sweep")
}

/// The runs of one sweep, in order; publishes `NAME.runs`, `NAME.best.valLoss`,
/// `NAME.best.valAccuracy`, `NAME.best.index` (1-based) and `NAME.diverged` (how many).
/// With `seeds=N` every setting is a seed study: the best setting is the one with the best
/// mean (highest mean best validation accuracy, else lowest mean best validation loss), and
/// `NAME.best.valAccuracy`, `NAME.best.valLoss` are its means; `NAME.best.sd.valAccuracy`
/// and `NAME.best.sd.valLoss` their spread, and `NAME.seeds` the seeds per setting.
public final class SweepObject: SessionObject {
    public let kind = SessionObjectKind.sweep
    public let name: String
    /// Every run, in order (with seeds: every setting's seeds in turn).
    public let runs: [RunObject]
    /// With seeds=: one study per setting, in order; empty otherwise.
    public let studies: [SeedStudyObject]

    init(name: String, runs: [RunObject], studies: [SeedStudyObject] = []) {
        self.name = name
        self.runs = runs
        self.studies = studies
    }

    public var summary: String {
        studies.isEmpty ? "\(runs.count) runs: " + runs.map(\.name).joined(separator: ", ")
            : "\(studies.count) settings × \(studies.first?.study.runs.count ?? 0) seeds: " + studies.map(\.name).joined(separator: ", ")
    }

    /// The run with the best evaluation (highest accuracy, else lowest validation loss);
    /// with seeds, the setting with the best mean.
    var bestIndex: Int? {
        if !studies.isEmpty {
            let mean = { (index: Int, measure: String) in self.studies[index].study.summary(of: measure)?.mean }
            let scored = studies.indices.filter { mean($0, "bestValLoss") != nil }
            if scored.contains(where: { mean($0, "bestValAccuracy") != nil }) {
                return scored.max { (mean($0, "bestValAccuracy") ?? 0) < (mean($1, "bestValAccuracy") ?? 0) }
            }
            return scored.min { mean($0, "bestValLoss")! < mean($1, "bestValLoss")! }
        }
        let scored = runs.indices.filter { !runs[$0].diverged && runs[$0].diagnosis.bestLoss != nil }
        if scored.contains(where: { runs[$0].diagnosis.bestAccuracy != nil }) {
            return scored.max { (runs[$0].diagnosis.bestAccuracy?.accuracy ?? 0) < (runs[$1].diagnosis.bestAccuracy?.accuracy ?? 0) }
        }
        return scored.min { runs[$0].diagnosis.bestLoss!.loss < runs[$1].diagnosis.bestLoss!.loss }
    }

    public func value(at path: [String]) -> Double? {
        if !studies.isEmpty {
            let best = bestIndex.map { studies[$0].study }
            switch path {
            case ["runs"]: return Double(runs.count)
            case ["settings"]: return Double(studies.count)
            case ["seeds"]: return studies.first.map { Double($0.study.runs.count) }
            case ["diverged"]: return Double(runs.filter { $0.diverged || $0.diagnosis.isExploding }.count)
            case ["best", "index"]: return bestIndex.map { Double($0 + 1) }
            case ["best", "valLoss"]: return best?.summary(of: "bestValLoss")?.mean
            case ["best", "valAccuracy"]: return best?.summary(of: "bestValAccuracy")?.mean
            case ["best", "sd", "valLoss"]: return best?.summary(of: "bestValLoss")?.standardDeviation
            case ["best", "sd", "valAccuracy"]: return best?.summary(of: "bestValAccuracy")?.standardDeviation
            default: return nil
            }
        }
        switch path {
        case ["runs"]: return Double(runs.count)
        case ["diverged"]: return Double(runs.filter { $0.diverged || $0.diagnosis.isExploding }.count)
        case ["best", "index"]: return bestIndex.map { Double($0 + 1) }
        case ["best", "valLoss"]: return bestIndex.flatMap { runs[$0].value(at: ["best", "valLoss"]) }
        case ["best", "valAccuracy"]: return bestIndex.flatMap { runs[$0].value(at: ["best", "valAccuracy"]) }
        default: return nil
        }
    }

    public var publishedPaths: [[String]] {
        let paths: [[String]] = [["runs"], ["diverged"], ["best", "index"], ["best", "valLoss"], ["best", "valAccuracy"]]
        return studies.isEmpty ? paths : paths + [["settings"], ["seeds"], ["best", "sd", "valLoss"], ["best", "sd", "valAccuracy"]]
    }
}

extension CommandSpec {
    /// `sweep MODEL on DATA lr=a,b,c epochs=x,y [...]`: one run per combination.
    public static let sweep = CommandSpec(
        verb: "sweep",
        summary: "train one copy of a model per combination of settings (lr=1e-4,1e-3 epochs=2,5) and compare",
        details: """
            Any training key takes a comma list; every combination trains a fresh copy of MODEL \
            (the model itself is unchanged), as runs NAME1, NAME2, ... (default s1, s2, ...), each kept \
            for diagnose, compare and checks. A language model on a labelled dataset is fine-tuned \
            (full) for each run. At the end: a results table and the curves overlaid. At most 24 runs. \
            seeds=N repeats every setting with seeds seed, seed+1, ... (batch order, dropout, a \
            new head's start): each setting becomes a seed study NAME1, NAME2, ... (NAME1.mean.bestValAccuracy, \
            NAME1.sd.bestValAccuracy, ...), the table shows mean ± sd per setting, and the best \
            setting is the one with the best mean validation accuracy (else loss). At most 60 runs in all.
            """,
        examples: ["sweep clf on films lr=1e-4,1e-3,1e-2 epochs=3", "sweep base on films lr=3e-4,3e-3 epochs=2,5 as lr",
                   "sweep base on films lr=3e-4,3e-3 epochs=3 seeds=3 as lr3"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "the model to copy for every run"),
            PositionalSpec("data", .text, summary: "the data", keyword: "on"),
            PositionalSpec("name", .newName, summary: "the sweep's name and its runs' prefix (default s)", required: false, keyword: "as"),
        ],
        keys: TrainingKeys.keys.map { key in
            KeySpec(key.name, aliases: key.aliases, .text, summary: key.summary + "; a comma list sweeps it",
                    example: key.name == "learningRate" ? "1e-4,1e-3,1e-2" : key.exampleValue)
        } + [KeySpec("seeds", .integer(in: 1...20), summary: "repeat every setting with seeds seed, seed+1, ...; compare mean ± sd", example: "3")]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let dataName = invocation.text("data") ?? ""
        let source = try TrainingRunner.model(modelName, context: context, verb: "sweep")
        let data = try TrainingData.resolve(dataName, context: context)
        // Every run trains a fresh copy of the model, or (a language model on a labelled
        // dataset) a new classifier on it, its head drawn with the run's seed.
        let freshTarget: (_ runName: String, _ seed: UInt64) throws -> TrainingTarget
        if source is LanguageModelObject, let dataset = data as? DatasetObject {
            freshTarget = { runName, seed in
                TrainingTarget(try ClassifierSupport.make(name: "\(runName)_model", source: modelName, like: nil, labels: dataset.labelNames,
                                                          pooling: .mean, dropout: nil, seed: seed, context: context), on: dataset)
            }
        } else {
            let base = try source.target(on: dataName, context: context)
            freshTarget = { runName, _ in try base.copy(named: "\(runName)_model") }
        }
        // -- the values of every key, lists expanded and checked like train's keys
        let parser = CommandParser(registry: context.registry, session: context.session)
        var axes: [(name: String, label: String, values: [ArgumentValue])] = []
        for key in TrainingKeys.keys where invocation.typedKeys.contains(key.name) {
            let typed = invocation.text(key.name) ?? ""
            let label = key.spellings.min { $0.count < $1.count } ?? key.name
            let parts = typed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            var values: [ArgumentValue] = []
            for part in parts {
                guard !part.isEmpty else { throw CommandError("\(label)=\(typed): an empty value in the list; write values separated by commas, e.g. \(label)=\(key.exampleValue)") }
                values.append(try parser.convert(part, as: key.type) { reason in
                    "\(label)=\(typed): \(part) is not accepted; \(label) \(reason), e.g. \(label)=\(key.exampleValue)"
                })
            }
            axes.append((key.name, label, values))
        }
        var combinations: [[(name: String, value: ArgumentValue)]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { partial in axis.values.map { partial + [(axis.name, $0)] } }
        }
        guard combinations.count <= 24 else {
            throw CommandError("that is \(combinations.count) runs; a sweep makes at most 24. Use fewer values per key.")
        }
        if let seeds = invocation.integer("seeds") {
            if invocation.typedKeys.contains("seed") {
                throw CommandError("seed= and seeds= both given: seeds=\(seeds) repeats every setting with seeds from the session seed (`seed N` sets it); leave out seed=.")
            }
            guard combinations.count * seeds <= 60 else {
                throw CommandError("seeds=\(seeds): \(combinations.count) setting\(combinations.count == 1 ? "" : "s") × \(seeds) seeds is \(combinations.count * seeds) runs; "
                    + "a sweep with seeds makes at most 60. Use fewer values per key or fewer seeds.")
            }
        }
        let prefix = invocation.text("name") ?? "s"
        if let existing = context.session.object(named: prefix), !(existing is SweepObject) {
            throw CommandError("\(prefix) is already a \(existing.kind.name) in the session; name the sweep with `as NAME`.")
        }
        let sweepName = invocation.text("name") ?? TrainingRunner.nextRunName(in: context.session, prefix: "sweep")
        let swept = axes.filter { $0.values.count > 1 }.map(\.label)
        let output = context.output
        let seedsText = invocation.integer("seeds").map { " × \($0) seed\($0 == 1 ? "" : "s")" } ?? ""
        output.line("Sweeping \(modelName) on \(dataName): \(combinations.count) \(seedsText.isEmpty ? "run" : "setting")\(combinations.count == 1 ? "" : "s")\(seedsText)"
            + (swept.isEmpty ? "." : " over \(swept.joined(separator: " × ")).") + " Each trains a fresh copy of \(modelName).")
        let describe = { (combination: [(name: String, value: ArgumentValue)]) in
            combination.map { pair in "\(axes.first { $0.name == pair.name }!.label)=\(SweepSupport.show(pair.value))" }.joined(separator: " ")
        }
        if let seeds = invocation.integer("seeds") {
            // The table shows only the keys that vary, so that it fits 80 columns.
            let varying = Set(axes.filter { $0.values.count > 1 }.map(\.name))
            let short = { (combination: [(name: String, value: ArgumentValue)]) in
                varying.isEmpty ? describe(combination) : describe(combination.filter { varying.contains($0.name) })
            }
            try SweepSeeds.run(count: seeds, combinations: combinations, describe: describe, short: short, prefix: prefix, sweepName: sweepName,
                               target: freshTarget, context: context)
            return
        }
        var runs: [RunObject] = []
        for combination in combinations {
            if context.shouldStop() { output.line("Stopped by Ctrl-C after \(runs.count) of \(combinations.count) runs; kept those."); break }
            var values: [String: ArgumentValue] = [:]
            for (name, value) in combination { values[name] = value }
            let runName = TrainingRunner.nextRunName(in: context.session, prefix: prefix)
            let target = try freshTarget(runName, context.session.seed)
            let (options, settings) = try TrainingKeys.options(values, languageModel: target.isLanguageModel, seed: context.session.seed)
            let run = try TrainingRunner.run(target, options: options, settings: settings, runName: runName, context: context, quiet: true)
            context.session.add(run)
            runs.append(run)
            let d = run.diagnosis
            output.line("  \(runName)  " + describe(combination)
                + "  → " + (run.diverged ? "\(RunDiagnosis.Symptom.diverged)" : "val loss \(d.bestLoss.map { OutputRendering.number($0.loss) } ?? "–")"
                + (d.bestAccuracy?.accuracy.map { ", accuracy \(OutputRendering.number($0))" } ?? ""))
                + "  (\(NumberFormatting.duration(seconds: run.history.elapsedSeconds)))")
        }
        guard !runs.isEmpty else { return }
        let sweep = SweepObject(name: sweepName, runs: runs)
        context.session.add(sweep)
        SweepSupport.printComparison(runs, title: "sweep \(sweepName)", context: context)
        if let best = sweep.bestIndex { output.line("Best: \(runs[best].name) (" + runs[best].settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + ").") }
        output.line("Kept as \(sweepName) (\(sweepName).best.valLoss, \(sweepName).best.index) and runs \(runs.map(\.name).joined(separator: ", ")).")
    }
}

enum SweepSupport {
    static func show(_ value: ArgumentValue) -> String {
        if case .number(let v) = value { return NumberFormatting.setting(v) }
        return value.description
    }

    /// A results table and the runs' curves overlaid.
    static func printComparison(_ runs: [RunObject], title: String, context: CommandContext) {
        let output = context.output
        let style = OutputRendering.style(for: output)
        // Settings that differ between runs get a column each.
        var keys: [String] = []
        for run in runs { for (key, _) in run.settings where !keys.contains(key) { keys.append(key) } }
        let varying = keys.filter { key in Set(runs.map { $0.setting(key) ?? "" }).count > 1 }
        let hasAccuracy = runs.contains { $0.diagnosis.bestAccuracy != nil }
        let hasTest = runs.contains { $0.test != nil }
        var titles = ["run"] + varying + ["train", "best val", "step"]
        if hasAccuracy { titles.append("val acc") }
        if hasTest { titles.append("test acc") }
        titles += ["s", "note"]
        var table = TableRenderer(titles: titles, title: title, significantDigits: 3)
        table.repeatsFirstColumn = true
        let rows: [[TableRenderer.Cell]] = runs.map { run in
            let d = run.diagnosis
            var row: [TableRenderer.Cell] = [.text(run.name)] + varying.map { .text(run.setting($0) ?? "") }
            row.append(d.finalTrainLoss.map { .number(Double($0)) } ?? .empty)
            row.append(d.bestLoss.map { .number(Double($0.loss)) } ?? .empty)
            row.append(d.best.map { .integer($0.step) } ?? .empty)
            if hasAccuracy { row.append(d.bestAccuracy?.accuracy.map { .number(Double($0)) } ?? .empty) }
            if hasTest { row.append(run.test.map { .number($0.accuracy) } ?? .empty) }
            row.append(.text(NumberFormatting.format(run.history.elapsedSeconds, significantDigits: 2)))
            row.append(.text(d.symptom?.description ?? ""))
            return row
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
        output.line(output.styled("train: final training loss; best val: lowest validation loss; s: seconds.", .dim))
        let curve = RunCurves.bestCurve(for: runs)
        let plot = RunCurves.overlay(runs, curve: curve, title: curve == .validation ? "validation loss" : "training loss (smoothed)")
        OutputRendering.print(plot.render(style: style), to: output)
    }
}
