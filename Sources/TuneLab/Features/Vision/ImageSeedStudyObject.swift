import TuneModels

/// An image model fine-tuned (or trained from scratch) on the same images once per seed:
/// `finetune cnn on few strategy=head seeds=5 run=h5`.
///
/// Checks read `NAME.seeds`, `NAME.firstSeed`, `NAME.parameters.trainable`, and for each
/// measure `valAccuracy`, `testAccuracy` and (from a pre-trained model whose own data is in
/// the session) `oldTaskAccuracy`: `NAME.mean.M`, `NAME.sd.M` (sample, n − 1), `NAME.min.M`,
/// `NAME.max.M`, and one run's `NAME.run.K.M` (K from 1). `NAME.before.oldTaskAccuracy`
/// is the pre-trained model's own accuracy on that task, before any fine-tuning.
public final class ImageSeedStudyObject: SessionObject {
    public let kind = SessionObjectKind.seedStudy
    public let name: String
    /// "head only (frozen trunk)", "from scratch", ...
    public let recipeName: String
    public let seeds: [UInt64]
    /// Per run, in seed order: measure name → value.
    public let runs: [[String: Double]]
    public let trainableParameters: Int
    /// The old task's accuracy before fine-tuning, when measured.
    public let oldTaskBefore: Double?

    public static let measures = ["valAccuracy", "testAccuracy", "oldTaskAccuracy"]

    init(name: String, recipeName: String, seeds: [UInt64], runs: [[String: Double]], trainableParameters: Int, oldTaskBefore: Double?) {
        self.name = name
        self.recipeName = recipeName
        self.seeds = seeds
        self.runs = runs
        self.trainableParameters = trainableParameters
        self.oldTaskBefore = oldTaskBefore
    }

    /// The spread of `measure` over the runs that have it; nil when none has it.
    public func summary(_ measure: String) -> SampleSummary? { SampleSummary(runs.compactMap { $0[measure] }) }

    public var summary: String {
        let test = summary("testAccuracy").map { " test accuracy \(InspectRendering.number($0.mean * 100))%" } ?? ""
        return "\(recipeName), \(runs.count) seeds from \(seeds.first ?? 0);\(test)"
    }

    public func value(at path: [String]) -> Double? {
        switch path {
        case ["seeds"]: return Double(runs.count)
        case ["firstSeed"]: return seeds.first.map(Double.init)
        case ["parameters", "trainable"]: return Double(trainableParameters)
        case ["before", "oldTaskAccuracy"]: return oldTaskBefore
        default: break
        }
        guard path.count >= 2 else { return nil }
        if path.count == 3, path[0] == "run", let index = Int(path[1]), runs.indices.contains(index - 1) {
            return runs[index - 1][path[2]]
        }
        guard path.count == 2, let summary = summary(path[1]) else { return nil }
        switch path[0] {
        case "mean": return summary.mean
        case "sd": return summary.standardDeviation
        case "min": return summary.minimum
        case "max": return summary.maximum
        default: return nil
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["seeds"], ["firstSeed"], ["parameters", "trainable"]]
        if oldTaskBefore != nil { paths.append(["before", "oldTaskAccuracy"]) }
        for measure in Self.measures where summary(measure) != nil {
            paths += ["mean", "sd", "min", "max"].map { [$0, measure] }
            paths += runs.indices.filter { runs[$0][measure] != nil }.map { ["run", "\($0 + 1)", measure] }
        }
        return paths
    }
}
