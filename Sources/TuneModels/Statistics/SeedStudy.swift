/// One experiment repeated with several seeds (seed, seed+1, …), every run's numbers kept:
/// a result as a distribution rather than one lucky, or unlucky, draw.
///
/// A run is a seed and a value for each measure it has; a measure is named by its check
/// path (`accuracy`, `testAccuracy`, `loss.final`, `recall.positive`). A run may lack a
/// measure (a diverged fine-tune has no test accuracy); summaries cover the runs that
/// have it. Mean, sample standard deviation, min and max come from `SampleSummary`.
public struct SeedStudy: Sendable, Equatable {
    /// One seed's numbers.
    public struct Run: Sendable, Equatable {
        public let seed: UInt64
        /// Value per measure name; measures the run lacks are absent.
        public let values: [String: Double]
    }

    /// The measures, in the order tables list them.
    public let measures: [String]
    /// The runs in the order they finished (seed order).
    public private(set) var runs: [Run] = []

    /// An empty study of `measures` (names as check paths, dots between parts).
    public init(measures: [String]) {
        self.measures = measures
    }

    /// Adds a finished run. Values of measures the study does not list are dropped, and so
    /// are values that are not finite (a diverged run's loss): they would poison the mean.
    public mutating func record(seed: UInt64, values: [String: Double]) {
        let kept = values.filter { measures.contains($0.key) && $0.value.isFinite }
        runs.append(Run(seed: seed, values: kept))
    }

    /// The seeds of the runs, in order.
    public var seeds: [UInt64] { runs.map(\.seed) }

    /// `measure` of every run that has it, in seed order.
    public func values(of measure: String) -> [Double] {
        runs.compactMap { $0.values[measure] }
    }

    /// Mean, sample sd (n − 1), min and max of `measure`; nil when no run has it.
    public func summary(of measure: String) -> SampleSummary? {
        SampleSummary(values(of: measure))
    }

    // MARK: - Values for checks

    /// The study's numbers by check path: `seeds` (runs that finished), `firstSeed`,
    /// `mean.M`, `sd.M`, `min.M`, `max.M` for each measure M, and one run's `run.K.seed`
    /// and `run.K.M` (K from 1). A measure with dots is several path parts.
    public func value(at path: [String]) -> Double? {
        switch path {
        case ["seeds"]: return Double(runs.count)
        case ["firstSeed"]: return runs.first.map { Double($0.seed) }
        default: break
        }
        if path.count >= 3, path[0] == "run", let index = Int(path[1]), runs.indices.contains(index - 1) {
            let run = runs[index - 1]
            let rest = path.dropFirst(2).joined(separator: ".")
            return rest == "seed" ? Double(run.seed) : run.values[rest]
        }
        guard path.count >= 2, let summary = summary(of: path.dropFirst().joined(separator: ".")) else { return nil }
        switch path[0] {
        case "mean": return summary.mean
        case "sd": return summary.standardDeviation
        case "min": return summary.minimum
        case "max": return summary.maximum
        default: return nil
        }
    }

    /// Every path `value(at:)` answers, in table order.
    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["seeds"], ["firstSeed"]]
        for measure in measures {
            guard let summary = summary(of: measure) else { continue }
            let parts = measure.split(separator: ".").map(String.init)
            paths += [["mean"] + parts, ["min"] + parts, ["max"] + parts]
            if summary.standardDeviation != nil { paths.append(["sd"] + parts) }
        }
        for (index, run) in runs.enumerated() {
            paths.append(["run", String(index + 1), "seed"])
            for measure in measures where run.values[measure] != nil {
                paths.append(["run", String(index + 1)] + measure.split(separator: ".").map(String.init))
            }
        }
        return paths
    }
}
