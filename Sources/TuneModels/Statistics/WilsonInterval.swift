import Foundation

/// A confidence interval for a proportion measured on a small sample: the Wilson score
/// interval (Wilson, 1927).
///
/// 71 correct of 100 test sentences is an accuracy of 0.71, but another 100 sentences
/// from the same source could easily give 0.65 or 0.78. The interval says how far: at the
/// default z = 1.96, intervals made this way contain the true accuracy 95 times in 100.
public struct WilsonInterval: Sendable, Equatable {
    /// The lower and upper ends, both within 0...1.
    public let lower: Double
    public let upper: Double
    /// The confidence level the interval was made for (0.95 for z = 1.96).
    public let confidence: Double

    /// The interval for `successes` out of `trials`, at the normal quantile `z` (1.96 for
    /// 95%); nil when `trials` is not positive or `successes` is outside 0...trials.
    ///
    /// With p = successes / trials and n = trials:
    ///
    ///     centre    = (p + z²/2n) / (1 + z²/n)
    ///     halfWidth = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)
    public init?(successes: Int, trials: Int, z: Double = 1.959_963_984_540_054) {
        guard trials > 0, (0...trials).contains(successes), z > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let zSquared = z * z
        // The plain interval p ± z·√(p(1 − p)/n) collapses to a point at 0 of 10 or 10 of 10
        // and can leave 0...1. Wilson's inverts the score test instead: the centre moves
        // towards 1/2 and the width never vanishes, so small samples get honest ends.
        let denominator = 1 + zSquared / n
        let centre = (p + zSquared / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + zSquared / (4 * n * n)).squareRoot()
        lower = max(0, centre - halfWidth)
        upper = min(1, centre + halfWidth)
        confidence = Self.confidence(forQuantile: z)
    }

    /// The two-sided confidence level of the normal quantile `z`: erf(z/√2).
    static func confidence(forQuantile z: Double) -> Double { erf(z / 2.0.squareRoot()) }
}
