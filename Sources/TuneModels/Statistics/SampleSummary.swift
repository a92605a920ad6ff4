/// The spread of a few measurements of the same thing, such as one accuracy from runs
/// that differ only in their seed: mean, sample standard deviation, smallest and largest.
public struct SampleSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// The sample standard deviation, √(Σ(x − mean)² / (n − 1)); nil for fewer than two values.
    public let standardDeviation: Double?
    public let minimum: Double
    public let maximum: Double

    /// The summary of `values`; nil when there are none or one is not finite.
    public init?(_ values: [Double]) {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        count = values.count
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        // n − 1, not n: the mean was estimated from the same values, which pulls them
        // towards it, so dividing by n would understate the spread of a new run.
        standardDeviation = values.count < 2 ? nil
            : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        minimum = values.min() ?? mean
        maximum = values.max() ?? mean
    }
}
