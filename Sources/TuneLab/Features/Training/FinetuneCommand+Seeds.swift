import TuneModels

/// `finetune ... seeds=N`: the same fine-tune from the same start, once per seed (seed,
/// seed+1, …), kept as one distribution that checks can read (`SeedStudyObject`).
///
/// One run on 100 test sentences moves by a point per sentence, and another seed (another
/// batch order, other dropout masks, another head) can move it by several. A claim that
/// holds only for one seed is not a claim about fine-tuning; the mean and spread over a
/// few seeds are.
enum FineTuneSeeds {
    static func run(count: Int, invocation: CommandInvocation, source: any TrainableModel, dataset: DatasetObject,
                    runName: String, context: CommandContext) throws {
        let output = context.output
        let firstSeed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        // From a classifier, every run starts from its weights as they are now, so keep a
        // copy before the first run trains it (or its copy NEW). From a language model,
        // every run builds its classifier afresh.
        let start = try (source as? ClassifierObject).map { try $0.copy(named: $0.name) }
        var kept = ""
        let finished = try SeedLoop.run(count: count, firstSeed: firstSeed, name: runName, context: context) { index, seed -> SeedLoop.Outcome<RunObject> in
            // -- the classifier for this seed: the first is kept as NEW, the others are copies
            let setup: FineTuneSetup
            if index == 0 {
                setup = try FineTuneSetup(invocation, source: source, dataset: dataset, seed: seed, context: context)
                if setup.classifier !== source { context.session.add(setup.classifier) }
                kept = setup.classifier.name
                setup.printHeader(dataset: dataset, context: context)
                output.line("\(count) run\(count == 1 ? "" : "s") from the same start, \(SeedLoop.range(first: seed, count: count)); "
                    + "\(kept) keeps the weights of seed \(seed).")
            } else {
                setup = try FineTuneSetup(invocation, source: source, dataset: dataset, seed: seed, copyOf: start,
                                          copyName: "\(runName)_seed\(seed)", context: context)
            }
            // -- train it; one line per seed
            let run = try setup.train(on: dataset, runName: "\(runName)_seed\(seed)", context: context, quiet: true)
            if run.history.stop == .stoppedByRequest { return .stopped(detail: ", after \(run.history.steps) steps") }
            output.line(line(for: run, seed: seed))
            return .finished(run)
        }
        guard !finished.isEmpty else { return }
        let study = SeedStudyObject(
            name: runName, study: study(of: finished), subject: "fine-tunes of \(kept) on \(dataset.name)", labels: RunMeasures.labels,
            runs: finished.map(\.result), keptName: kept, seconds: finished.reduce(0) { $0 + $1.result.history.elapsedSeconds })
        context.session.add(study)
        SeedStudyRendering.printSummary(of: study, headline: ["testAccuracy", "bestValAccuracy"],
                                        kept: "\(kept) holds the weights of seed \(study.seeds[0])", context: context)
        let diverged = study.runs.filter(\.diverged).count
        if diverged > 0 { output.warning("\(diverged) of \(study.runs.count) runs diverged; they have no test accuracy and are left out of its mean.") }
    }

    /// The seed study of finished fine-tune runs (`RunMeasures`).
    static func study(of runs: [(seed: UInt64, result: RunObject)]) -> SeedStudy {
        var study = SeedStudy(measures: RunMeasures.names)
        for (seed, run) in runs { study.record(seed: seed, values: RunMeasures.values(of: run)) }
        return study
    }

    /// `  seed 3  best val acc 0.72 at epoch 5  test acc 0.71 (71 of 100)  0:12`
    static func line(for run: RunObject, seed: UInt64) -> String {
        var text = "  seed \(seed)"
        if let divergence = run.divergence { return text + "  diverged: \(divergence)" }
        if let best = run.diagnosis.bestAccuracy, let accuracy = best.accuracy {
            text += "  best val acc \(OutputRendering.number(accuracy)) at epoch \(OutputRendering.number(best.epoch))"
        }
        if let test = run.test { text += "  test acc \(OutputRendering.number(test.accuracy)) (\(test.correct) of \(test.total))" }
        return text + "  \(NumberFormatting.duration(seconds: run.history.elapsedSeconds))"
    }
}
