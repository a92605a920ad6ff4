/// Mean, spread, extremes and length of a list of numbers, computed in Double.
public struct TensorStatistics: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    /// Population standard deviation.
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// The Euclidean length: √(Σ v²).
    public var norm: Double

    /// Statistics of `values` (all zero for an empty list).
    public init<Value: BinaryFloatingPoint>(_ values: [Value]) {
        count = values.count
        guard !values.isEmpty else {
            mean = 0; standardDeviation = 0; minimum = 0; maximum = 0; norm = 0
            return
        }
        var sum = 0.0, squares = 0.0
        var low = Double.infinity, high = -Double.infinity
        for value in values {
            let v = Double(value)
            sum += v
            squares += v * v
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        let mean = sum / Double(values.count)
        var deviations = 0.0
        for value in values {
            let d = Double(value) - mean
            deviations += d * d
        }
        self.mean = mean
        standardDeviation = (deviations / Double(values.count)).squareRoot()
        minimum = low
        maximum = high
        norm = squares.squareRoot()
    }
}
