/// A one-line chart of a series: one character per value, taller for larger values.
///
/// `▁▂▃▄▅▆▇█` with Unicode, `_.-:=+*#` without. The minimum maps to the lowest character and
/// the maximum to the highest; a constant series uses the middle one. NaN and infinite
/// values are shown as a space.
public enum Sparkline {
    /// The eight levels, lowest first.
    public static func levels(style: RenderStyle) -> [Character] {
        style.unicode ? Array("▁▂▃▄▅▆▇█") : Array("_.-:=+*#")
    }

    /// The sparkline of `values`.
    ///
    /// When there are more values than `maximumWidth` (default: `style.layoutWidth`), they are
    /// resampled into `maximumWidth` consecutive buckets of (almost) equal size, each shown by
    /// the mean of its finite values. No escapes are added, whatever `style.color` says.
    public static func render(_ values: [Double], maximumWidth: Int? = nil, style: RenderStyle) -> String {
        let limit = max(1, maximumWidth ?? style.layoutWidth)
        let shown = values.count > limit ? resample(values, into: limit) : values
        let finite = shown.filter { $0.isFinite }
        guard let low = finite.min(), let high = finite.max() else {
            return String(repeating: " ", count: shown.count)
        }
        let ramp = levels(style: style)
        return String(shown.map { value -> Character in
            guard value.isFinite else { return " " }
            guard high > low else { return ramp[ramp.count / 2] }
            let fraction = RenderMath.fraction(value, from: low, to: high)
            return ramp[RenderMath.index(ofFraction: fraction, count: ramp.count, rounding: true)]
        })
    }

    /// Other floating-point values (such as `Float` losses), converted to `Double`.
    public static func render<Value: BinaryFloatingPoint>(
        _ values: [Value], maximumWidth: Int? = nil, style: RenderStyle
    ) -> String {
        render(values.map { Double($0) }, maximumWidth: maximumWidth, style: style)
    }

    /// Means of `count` consecutive buckets (NaN for a bucket with no finite value).
    static func resample(_ values: [Double], into count: Int) -> [Double] {
        (0..<count).map { bucket in
            let start = bucket * values.count / count
            let end = (bucket + 1) * values.count / count
            let finite = values[start..<max(end, start + 1)].filter { $0.isFinite }
            // Mean of halves, so huge values do not overflow the sum.
            return finite.isEmpty ? .nan : finite.reduce(0) { $0 + $1 / Double(finite.count) }
        }
    }
}
