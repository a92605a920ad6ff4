/// Overflow-safe arithmetic shared by the renderers, so extreme values (near
/// ±`Double.greatestFiniteMagnitude`) never turn into infinities or crash an `Int` conversion.
enum RenderMath {
    /// Where `value` lies from `low` (0) to `high` (1). Halving before subtracting keeps the
    /// span finite for any finite bounds. NaN when the span is zero or an input is NaN.
    static func fraction(_ value: Double, from low: Double, to high: Double) -> Double {
        (value * 0.5 - low * 0.5) / (high * 0.5 - low * 0.5)
    }

    /// The value at `fraction` of the way from `low` to `high`, without overflow.
    static func interpolate(from low: Double, to high: Double, at fraction: Double) -> Double {
        low * (1 - fraction) + high * fraction
    }

    /// `fraction` (0...1) scaled to an index in `0..<count`: rounded to the nearest level when
    /// `rounding` is true, else floored (histogram bins). Out-of-range and NaN fractions are
    /// clamped (NaN to 0).
    static func index(ofFraction fraction: Double, count: Int, rounding: Bool) -> Int {
        guard count > 1, fraction.isFinite, fraction > 0 else { return 0 }
        if fraction >= 1 { return count - 1 }
        let scaled = rounding ? (fraction * Double(count - 1)).rounded() : (fraction * Double(count)).rounded(.down)
        return min(count - 1, Int(scaled))
    }
}
