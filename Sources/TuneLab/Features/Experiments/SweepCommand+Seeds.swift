import TuneModels

/// `sweep ... seeds=N`: every setting trained with seeds seed, seed+1, …, so settings are
/// compared by their mean and spread, not by one draw each. A learning rate that wins by
/// two points at one seed may lose at the next; the mean over seeds is what to choose on,
/// and it is chosen on validation, never on test.
enum SweepSeeds {
    /// The measures the table compares, in order (those of `RunMeasures`).
    static let compared: [(name: String, label: String)] = [
        ("bestValAccuracy", "best val acc"), ("bestValLoss", "best val loss"), ("testAccuracy", "test acc"),
    ]

    /// - Parameters:
    ///   - describe: how a setting is shown ("lr=1e-3 epochs=3").
    ///   - short: the same with only the keys that vary, for the table ("lr=1e-3").
    ///   - target: a fresh copy of the model for the run named, a new head drawn with the seed.
    static func run(count: Int, combinations: [[(name: String, value: ArgumentValue)]], describe: ([(name: String, value: ArgumentValue)]) -> String,
                    short: ([(name: String, value: ArgumentValue)]) -> String,
                    prefix: String, sweepName: String, target: (String, UInt64) throws -> TrainingTarget,
                    context: CommandContext) throws {
        let output = context.output
        let firstSeed = context.session.seed
        var studies: [SeedStudyObject] = []
        var settings: [String] = []
        for (index, combination) in combinations.enumerated() {
            if index > 0, context.shouldStop() {
                output.line("Stopped by Ctrl-C after \(studies.count) of \(combinations.count) settings; kept those.")
                break
            }
            var values: [String: ArgumentValue] = [:]
            for (name, value) in combination { values[name] = value }
            let studyName = TrainingRunner.nextRunName(in: context.session, prefix: prefix)
            output.line("  \(studyName)  \(describe(combination))")
            let finished = try SeedLoop.run(count: count, firstSeed: firstSeed, name: studyName, context: context) { _, seed -> SeedLoop.Outcome<RunObject> in
                let runName = "\(studyName)_seed\(seed)"
                let target = try target(runName, seed)
                let (options, settings) = try TrainingKeys.options(values, languageModel: target.isLanguageModel, seed: seed)
                let run = try TrainingRunner.run(target, options: options, settings: settings, runName: runName, context: context, quiet: true)
                if run.history.stop == .stoppedByRequest { return .stopped(detail: ", after \(run.history.steps) steps") }
                output.line("  " + FineTuneSeeds.line(for: run, seed: seed))
                return .finished(run)
            }
            guard !finished.isEmpty else { break }
            let study = SeedStudyObject(
                name: studyName, study: FineTuneSeeds.study(of: finished), subject: "runs of \(describe(combination))", labels: RunMeasures.labels,
                runs: finished.map(\.result), seconds: finished.reduce(0) { $0 + $1.result.history.elapsedSeconds })
            context.session.add(study)
            studies.append(study)
            settings.append(short(combination))
            // A setting cut short by Ctrl-C ends the sweep: the next would start a new one.
            if finished.count < count { break }
        }
        guard !studies.isEmpty else { return }
        let sweep = SweepObject(name: sweepName, runs: studies.flatMap(\.runs), studies: studies)
        context.session.add(sweep)
        let measures = compared.filter { measure in studies.contains { $0.study.summary(of: measure.name) != nil } }
        SeedStudyRendering.comparison(zip(studies, settings).map { (cells: [$0.name, $1], study: $0.study) }, titles: ["study", "setting"],
                                      measures: measures, title: "sweep \(sweepName): mean ± sample sd over \(count) seeds per setting", context: context)
        if let best = sweep.bestIndex {
            let chosenOn = studies[best].study.summary(of: "bestValAccuracy") != nil ? "mean best validation accuracy" : "mean best validation loss"
            output.line("Best by \(chosenOn): \(studies[best].name) (\(settings[best])).")
        }
        let diverged = sweep.runs.filter(\.diverged).count
        if diverged > 0 { output.warning("\(diverged) of \(sweep.runs.count) runs diverged; they are left out of the means they lack.") }
        output.line("Kept as \(sweepName) (\(sweepName).best.valAccuracy, \(sweepName).best.sd.valAccuracy, \(sweepName).best.index) "
            + "and seed studies \(studies.map(\.name).joined(separator: ", ")) (\(studies[0].name).mean.bestValAccuracy, ...).")
    }
}
