import TuneModels

extension SessionObjectKind {
    /// One command repeated with several seeds (`finetune ... seeds=5`, `encoder probe ... seeds=5`).
    public static let seedStudy = SessionObjectKind("seed study", plural: "seed studies")
}

/// One command repeated with seeds seed, seed+1, …, kept as a distribution (a `SeedStudy`)
/// rather than one lucky (or unlucky) number. Every `seeds=` key makes one of these:
/// `finetune`, `encoder probe`, `encoder finetune`, `zeroshot` and each setting of `sweep`.
///
/// Checks read `NAME.seeds` (runs that finished), `NAME.firstSeed`, and for each measure M
/// `NAME.mean.M`, `NAME.sd.M` (sample standard deviation, n − 1), `NAME.min.M`,
/// `NAME.max.M`; one run's numbers are `NAME.run.K.M` and `NAME.run.K.seed` (K from 1).
/// A study of fine-tunes (`finetune`, `sweep`) also publishes `NAME.diverged`.
public final class SeedStudyObject: SessionObject {
    public let kind = SessionObjectKind.seedStudy
    public let name: String
    /// The numbers of every seed.
    public let study: SeedStudy
    /// What one run is, for `ls` and titles: "linear probes of mini on films".
    public let subject: String
    /// How tables name each measure; a measure not listed shows its check name.
    public let labels: [String: String]
    /// The fine-tune runs behind the numbers (`finetune`, `sweep`), in seed order; empty otherwise.
    public let runs: [RunObject]
    /// The session object that keeps the first seed's model, if one is kept.
    public let keptName: String?
    /// Seconds the runs took together.
    public let seconds: Double

    /// - Parameter labels: table names of the measures (by measure name).
    init(name: String, study: SeedStudy, subject: String, labels: [String: String] = [:], runs: [RunObject] = [],
         keptName: String? = nil, seconds: Double) {
        self.name = name
        self.study = study
        self.subject = subject
        self.labels = labels
        self.runs = runs
        self.keptName = keptName
        self.seconds = seconds
    }

    /// The seed of each run.
    public var seeds: [UInt64] { study.seeds }

    /// How tables name `measure`.
    public func label(of measure: String) -> String { labels[measure] ?? measure }

    public var summary: String {
        let seeds = study.seeds
        var text = "\(seeds.count) \(subject) with seeds \(seeds.first ?? 0) to \(seeds.last ?? 0)"
            + (keptName.map { "; \($0) kept the first" } ?? "")
        for measure in study.measures.prefix(2) {
            guard let s = study.summary(of: measure) else { continue }
            text += "\n\(label(of: measure)): mean \(OutputRendering.number(s.mean))"
                + (s.standardDeviation.map { " ± \(OutputRendering.number($0))" } ?? "")
                + " (min \(OutputRendering.number(s.minimum)), max \(OutputRendering.number(s.maximum)))"
        }
        return text
    }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        if path == ["diverged"], !runs.isEmpty { return Double(runs.filter(\.diverged).count) }
        return study.value(at: path)
    }

    public var publishedPaths: [[String]] {
        study.publishedPaths + (runs.isEmpty ? [] : [["diverged"]])
    }
}
