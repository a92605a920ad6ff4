import TuneModels

/// `finetune ... seeds=N`: the same fine-tune from the same start, once per seed (seed,
/// seed+1, …), kept as one distribution that checks can read (`SeedStudyObject`).
///
/// One run on 100 test sentences moves by a point per sentence, and another seed (another
/// batch order, other dropout masks, another head) can move it by several. A claim that
/// holds only for one seed is not a claim about fine-tuning; the mean and spread over a
/// few seeds are.
enum FineTuneSeeds {
    static func run(count: Int, invocation: CommandInvocation, source: ModuleHolder, dataset: DatasetObject,
                    runName: String, context: CommandContext) throws {
        let output = context.output
        let firstSeed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        // From a classifier, every run starts from its weights as they are now, so keep a
        // copy before the first run trains it (or its copy NEW). From a language model,
        // every run builds its classifier afresh.
        let start = try (source as? ClassifierObject).map { try $0.copy(named: $0.name) }
        var runs: [RunObject] = []
        var seeds: [UInt64] = []
        var kept = ""
        for index in 0..<count {
            let seed = firstSeed + UInt64(index)
            // -- Ctrl-C between seeds: keep the seeds that finished
            if index > 0, context.shouldStop() {
                output.line("Stopped by Ctrl-C after \(runs.count) of \(count) seeds; the summary covers those.")
                break
            }
            // -- the classifier for this seed: the first is kept as NEW, the others are copies
            let setup: FineTuneSetup
            if index == 0 {
                setup = try FineTuneSetup(invocation, source: source, dataset: dataset, seed: seed, context: context)
                if setup.classifier !== source { context.session.add(setup.classifier) }
                kept = setup.classifier.name
                setup.printHeader(dataset: dataset, context: context)
                output.line("\(count) run\(count == 1 ? "" : "s") from the same start, seed\(count == 1 ? " \(seed)" : "s \(seed) to \(seed + UInt64(count - 1))"); "
                    + "\(kept) keeps the weights of seed \(seed).")
            } else {
                setup = try FineTuneSetup(invocation, source: source, dataset: dataset, seed: seed, copyOf: start,
                                          copyName: "\(runName)_seed\(seed)", context: context)
            }
            // -- train it; one line per seed
            let run = try setup.train(on: dataset, runName: "\(runName)_seed\(seed)", context: context, quiet: true)
            if run.history.stopReason == "stopped by request" {
                output.line("Stopped by Ctrl-C during seed \(seed), after \(run.history.steps) steps; that run is left out"
                    + (runs.isEmpty ? "." : ", the summary covers the \(runs.count) seed\(runs.count == 1 ? "" : "s") before it."))
                break
            }
            runs.append(run)
            seeds.append(seed)
            output.line(line(for: run, seed: seed))
        }
        guard !runs.isEmpty else {
            output.line("No seed finished, so nothing is kept as \(runName).")
            return
        }
        let study = SeedStudyObject(name: runName, runs: runs, seeds: seeds, classifierName: kept)
        context.session.add(study)
        printSummary(of: study, context: context)
    }

    /// `  seed 3  best val acc 0.72 at epoch 5  test acc 0.71 (71 of 100)  0:12`
    static func line(for run: RunObject, seed: UInt64) -> String {
        var text = "  seed \(seed)"
        if let divergence = run.divergence { return text + "  diverged: \(divergence)" }
        if let best = run.diagnosis.bestAccuracy, let accuracy = best.accuracy {
            text += "  best val acc \(InspectRendering.number(accuracy)) at epoch \(InspectRendering.number(best.epoch))"
        }
        if let test = run.test { text += "  test acc \(InspectRendering.number(test.accuracy)) (\(test.correct) of \(test.total))" }
        return text + "  \(NumberFormatting.duration(seconds: run.history.elapsedSeconds))"
    }

    /// A table of mean ± sd, min and max per measure, and the names checks read.
    static func printSummary(of study: SeedStudyObject, context: CommandContext) {
        let output = context.output
        let n = study.runs.count
        let table = TableRenderer(titles: ["over \(n) seed\(n == 1 ? "" : "s")", "mean", "sd", "min", "max"],
                                    title: "\(study.name): \(study.classifierName) on \(study.runs[0].dataName), one run per seed", significantDigits: 3)
        let rows: [[TableRenderer.Cell]] = SeedStudyObject.Measure.allCases.compactMap { measure in
            guard let s = study.summary(of: measure) else { return nil }
            return [.text(measure.label), .number(s.mean), s.standardDeviation.map { .number($0) } ?? .empty, .number(s.minimum), .number(s.maximum)]
        }
        InspectRendering.print(table.render(rows: rows, style: InspectRendering.style(for: output)), to: output)
        let seconds = study.runs.reduce(0) { $0 + $1.history.elapsedSeconds }
        var closing = "\(study.name): \(n) run\(n == 1 ? "" : "s") in \(NumberFormatting.duration(seconds: seconds))"
        for measure in [SeedStudyObject.Measure.testAccuracy, .bestValAccuracy] {
            guard let s = study.summary(of: measure) else { continue }
            let three = { (value: Double) in NumberFormatting.format(value, significantDigits: 3) }
            closing += "; \(measure.label) \(three(s.mean))" + (s.standardDeviation.map { " ± \(three($0))" } ?? "")
        }
        output.line(closing + (n > 1 ? " (mean ± sample sd)." : "."))
        let diverged = study.runs.filter(\.diverged).count
        if diverged > 0 { output.warning("\(diverged) of \(n) runs diverged; they have no test accuracy and are left out of its mean.") }
        output.line("Kept as \(study.name) (\(study.name).mean.testAccuracy, \(study.name).sd.testAccuracy, "
            + "\(study.name).mean.bestValAccuracy, \(study.name).run.1.testAccuracy, ...); \(study.classifierName) holds the weights of seed \(study.seeds[0]).")
    }
}
