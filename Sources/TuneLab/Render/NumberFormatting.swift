import Foundation

/// Turning numbers into short, readable text for tables, axes and progress lines.
public enum NumberFormatting {
    /// `value` with about `significantDigits` significant digits, in the most readable form.
    ///
    /// - Magnitudes from 0.001 up to 1e9 print positionally, trailing zeros trimmed:
    ///   `0.7031`, `2.134`, `0.5`; integer parts of 4 or more digits keep every digit and get
    ///   thousands separators: `12,345`, `1,000,000`.
    /// - Smaller or larger magnitudes print in scientific notation with a short exponent:
    ///   `1.23e-4`, `6.02e23`.
    /// - `0` prints as `0`; NaN as `nan`; infinities as `inf` and `-inf`.
    /// `significantDigits` below 1 is treated as 1.
    public static func format(_ value: Double, significantDigits: Int = 4) -> String {
        let digits = max(1, significantDigits)
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-3 || magnitude >= 1e9 {
            return scientific(value, significantDigits: digits)
        }
        let integerDigits = Int(floor(log10(magnitude))) + 1
        let decimals = max(0, digits - integerDigits)
        let text = String(format: "%.\(decimals)f", value)
        return withThousandsSeparators(trimmingFractionZeros(text))
    }

    /// `value` in scientific notation: `1.23e-4`, `-5e7` (mantissa zeros trimmed).
    public static func scientific(_ value: Double, significantDigits: Int = 3) -> String {
        if !value.isFinite { return format(value) }
        let digits = max(1, significantDigits)
        let text = String(format: "%.\(digits - 1)e", value)  // e.g. "1.230e-04"
        guard let eIndex = text.firstIndex(of: "e") else { return text }
        let mantissa = trimmingFractionZeros(String(text[..<eIndex]))
        let exponent = Int(text[text.index(after: eIndex)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// An integer with thousands separators: `12,345`, `-1,000`, `42`.
    public static func integer(_ value: Int) -> String {
        withThousandsSeparators(String(value))
    }

    /// A duration as `m:ss`, or `h:mm:ss` from one hour on; `--:--` when not finite or negative.
    /// Seconds are rounded to the nearest whole second.
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "--:--" }
        let total = Int(seconds.rounded())
        let hours = total / 3600
        let minutes = total % 3600 / 60
        let secs = total % 60
        let twoDigits = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        if hours > 0 { return "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" }
        return "\(minutes):\(twoDigits(secs))"
    }

    /// Labels for a set of axis ticks that share one number of decimals, so they line up and
    /// read as a sequence (`0.00 0.25 0.50`, not `0 0.25 0.5`).
    ///
    /// Falls back to `format(_:significantDigits: 3)` per tick when the ticks are very large,
    /// very small, or would need more than 4 decimals.
    public static func tickLabels(_ ticks: [Double]) -> [String] {
        let finite = ticks.filter { $0.isFinite }
        guard !finite.isEmpty else { return ticks.map { format($0) } }
        let largest = finite.map(abs).max() ?? 0
        if largest >= 1e6 { return ticks.map { format($0, significantDigits: 3) } }
        for decimals in 0...4 {
            let scale = pow(10.0, Double(decimals))
            let allExact = finite.allSatisfy { tick in
                let scaled = tick * scale
                return abs(scaled - scaled.rounded()) < 1e-6 * max(1, abs(scaled))
            }
            if allExact {
                return ticks.map { tick in
                    guard tick.isFinite else { return format(tick) }
                    // Avoid printing "-0".
                    let value = abs(tick) < 0.5 / scale ? 0 : tick
                    return withThousandsSeparators(String(format: "%.\(decimals)f", value))
                }
            }
        }
        return ticks.map { format($0, significantDigits: 3) }
    }

    /// Labels for values known to a given `resolution` (such as histogram bin edges that are
    /// `resolution` apart), all with the same number of decimals: the fewest that show every
    /// value exactly, but at most one more than the resolution's first significant digit
    /// needs (`-0.300 -0.225 -0.150` for 0.075; `0 2 4` for 2). Resolutions below 1e-4 or
    /// values of 1e9 and more use `format(_:significantDigits: 3)` per value.
    public static func labels(_ values: [Double], resolution: Double) -> [String] {
        let finite = values.filter(\.isFinite)
        let largest = finite.map(abs).max() ?? 0
        guard resolution.isFinite, resolution >= 1e-4, largest < 1e9 else {
            return values.map { format($0, significantDigits: 3) }
        }
        let limit = max(0, Int((-log10(resolution) - 1e-9).rounded(.up)) + 1)
        let decimals = (0...limit).first { decimals in
            let scale = pow(10, Double(decimals))
            return (finite + [resolution]).allSatisfy { value in
                let scaled = value * scale
                return abs(scaled - scaled.rounded()) <= 1e-6 * max(1, abs(scaled))
            }
        } ?? limit
        let halfUnit = 0.5 / pow(10, Double(decimals))
        return values.map { value in
            guard value.isFinite else { return format(value) }
            let shown = abs(value) < halfUnit ? 0 : value  // Never "-0.000".
            return withThousandsSeparators(String(format: "%.\(decimals)f", shown))
        }
    }

    // MARK: - Helpers

    /// "2.500" -> "2.5", "3.000" -> "3"; strings without a decimal point are unchanged.
    static func trimmingFractionZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    /// Inserts `,` every three digits in the integer part when it has four or more digits.
    static func withThousandsSeparators(_ text: String) -> String {
        var sign = ""
        var body = Substring(text)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let integerPart: Substring
        let rest: Substring
        if let dot = body.firstIndex(of: ".") {
            integerPart = body[..<dot]
            rest = body[dot...]
        } else {
            integerPart = body
            rest = ""
        }
        guard integerPart.count >= 4, integerPart.allSatisfy(\.isNumber) else { return text }
        var grouped = ""
        for (offset, digit) in integerPart.enumerated() {
            if offset > 0 && (integerPart.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return sign + grouped + rest
    }
}
