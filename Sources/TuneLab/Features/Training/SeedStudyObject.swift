import TuneModels

extension SessionObjectKind {
    /// The same fine-tune repeated with several seeds (`finetune ... seeds=5`).
    public static let seedStudy = SessionObjectKind("seed study", plural: "seed studies")
}

/// One fine-tune repeated with seeds seed, seed+1, …, each run from the same starting
/// model, kept as a distribution rather than one lucky (or unlucky) number.
///
/// Checks read `NAME.seeds` (runs that finished), `NAME.firstSeed`, `NAME.diverged`, and
/// for each measure `testAccuracy`, `bestValAccuracy` and `bestEpoch` its
/// `NAME.mean.M`, `NAME.sd.M` (sample standard deviation, n − 1), `NAME.min.M` and
/// `NAME.max.M`; one run's numbers are `NAME.run.K.M` (K from 1) and `NAME.run.K.seed`.
public final class SeedStudyObject: SessionObject {
    public let kind = SessionObjectKind.seedStudy
    public let name: String
    /// The runs in seed order; the first trained the classifier the command kept.
    public let runs: [RunObject]
    /// The seed of each run.
    public let seeds: [UInt64]
    /// The classifier that kept the first run's weights.
    public let classifierName: String

    init(name: String, runs: [RunObject], seeds: [UInt64], classifierName: String) {
        self.name = name
        self.runs = runs
        self.seeds = seeds
        self.classifierName = classifierName
    }

    /// What is measured on every run, as check names.
    public enum Measure: String, CaseIterable, Sendable {
        /// Accuracy on the dataset's test part after training.
        case testAccuracy
        /// The highest validation accuracy of the run's evaluations.
        case bestValAccuracy
        /// The epoch of that evaluation.
        case bestEpoch

        /// How tables label the measure.
        var label: String {
            switch self {
            case .testAccuracy: return "test accuracy"
            case .bestValAccuracy: return "best val accuracy"
            case .bestEpoch: return "epoch of best val"
            }
        }
    }

    /// `measure` on one run (nil when the run has none: no test part, or it diverged).
    public static func value(_ measure: Measure, of run: RunObject) -> Double? {
        switch measure {
        case .testAccuracy: return run.test?.accuracy
        case .bestValAccuracy: return run.value(at: ["best", "valAccuracy"])
        case .bestEpoch: return run.diagnosis.bestAccuracy?.epoch
        }
    }

    /// Mean, sample standard deviation, min and max of `measure` over the runs that have it.
    public func summary(of measure: Measure) -> SampleSummary? {
        SampleSummary(runs.compactMap { Self.value(measure, of: $0) })
    }

    public var summary: String {
        var text = "\(runs.count) fine-tunes of \(runs.first?.modelName ?? classifierName) on \(runs.first?.dataName ?? "")"
            + " with seeds \(seeds.first ?? 0) to \(seeds.last ?? 0); \(classifierName) kept the first"
        for measure in [Measure.testAccuracy, .bestValAccuracy] {
            if let s = summary(of: measure) {
                text += "\n\(measure.label): mean \(InspectRendering.number(s.mean))"
                    + (s.standardDeviation.map { " ± \(InspectRendering.number($0))" } ?? "")
                    + " (min \(InspectRendering.number(s.minimum)), max \(InspectRendering.number(s.maximum)))"
            }
        }
        return text
    }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        switch path {
        case ["seeds"]: return Double(runs.count)
        case ["firstSeed"]: return seeds.first.map { Double($0) }
        case ["diverged"]: return Double(runs.filter(\.diverged).count)
        default: break
        }
        if path.count == 3, path[0] == "run", let index = Int(path[1]), runs.indices.contains(index - 1) {
            if path[2] == "seed" { return Double(seeds[index - 1]) }
            return Measure(rawValue: path[2]).flatMap { Self.value($0, of: runs[index - 1]) }
        }
        guard path.count == 2, let measure = Measure(rawValue: path[1]), let s = summary(of: measure) else { return nil }
        switch path[0] {
        case "mean": return s.mean
        case "sd": return s.standardDeviation
        case "min": return s.minimum
        case "max": return s.maximum
        default: return nil
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["seeds"], ["firstSeed"], ["diverged"]]
        for measure in Measure.allCases {
            guard let s = summary(of: measure) else { continue }
            paths += [["mean", measure.rawValue], ["min", measure.rawValue], ["max", measure.rawValue]]
            if s.standardDeviation != nil { paths.append(["sd", measure.rawValue]) }
        }
        for index in runs.indices {
            paths.append(["run", String(index + 1), "seed"])
            paths += Measure.allCases.filter { Self.value($0, of: runs[index]) != nil }.map { ["run", String(index + 1), $0.rawValue] }
        }
        return paths
    }
}
