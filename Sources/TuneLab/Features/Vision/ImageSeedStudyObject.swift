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
    /// The runs' numbers: the same seed study every `seeds=` command keeps.
    public let study: SeedStudy
    public let trainableParameters: Int
    /// The old task's accuracy before fine-tuning, when measured.
    public let oldTaskBefore: Double?

    public static let measures = ["valAccuracy", "testAccuracy", "oldTaskAccuracy"]

    /// `runs[i]` holds the measures of the run with seed `seeds[i]`.
    init(name: String, recipeName: String, seeds: [UInt64], runs: [[String: Double]], trainableParameters: Int, oldTaskBefore: Double?) {
        self.name = name
        self.recipeName = recipeName
        var study = SeedStudy(measures: Self.measures)
        for (seed, values) in zip(seeds, runs) { study.record(seed: seed, values: values) }
        self.study = study
        self.trainableParameters = trainableParameters
        self.oldTaskBefore = oldTaskBefore
    }

    /// The spread of `measure` over the runs that have it; nil when none has it.
    public func summary(_ measure: String) -> SampleSummary? { study.summary(of: measure) }

    public var summary: String {
        let test = summary("testAccuracy").map { " test accuracy \(OutputRendering.number($0.mean * 100))%" } ?? ""
        return "\(recipeName), \(study.runs.count) seeds from \(study.seeds.first ?? 0);\(test)"
    }

    public func value(at path: [String]) -> Double? {
        switch path {
        case ["parameters", "trainable"]: return Double(trainableParameters)
        case ["before", "oldTaskAccuracy"]: return oldTaskBefore
        default: return study.value(at: path)
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["parameters", "trainable"]]
        if oldTaskBefore != nil { paths.append(["before", "oldTaskAccuracy"]) }
        return paths + study.publishedPaths
    }
}
