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

    // MARK: - Named styles

    /// A setting as a learner types it (`lr=3e-4`): scientific with 3 significant digits
    /// below 0.001 and from 100,000 on (`3e-4`, `2e5`), else `format` (`0.001`, `0.5`, `12`).
    public static func setting(_ value: Double) -> String {
        if value != 0, abs(value) < 1e-3 || abs(value) >= 1e5 { return scientific(value, significantDigits: 3) }
        return format(value, significantDigits: 4)
    }

    /// C's `%g`: six significant digits, fixed or scientific, whichever is shorter
    /// (`0.001`, `1e-05`, `0.0005`, `10`), as schedule descriptions show rates.
    public static func general(_ value: Double) -> String { String(format: "%g", value) }

    /// A whole number as an integer (`3`, `1200`, below 1e12), anything else with six
    /// significant digits (`0.702344`, `1.5e-07`); NaN as `nan`. How checks show values.
    public static func compact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }

    /// `value` with exactly `decimals` decimals: `0.53`, `71.0`.
    public static func fixed(_ value: Double, decimals: Int) -> String { String(format: "%.\(max(0, decimals))f", value) }

    /// `fraction` (0.71) as a percentage with exactly `decimals` decimals: `71.0%`.
    public static func percent(_ fraction: Double, decimals: Int) -> String { fixed(fraction * 100, decimals: decimals) + "%" }

    /// `fraction` (0.7123) as a percentage with about `significantDigits` digits, as `format`
    /// writes numbers: `71.2%`, `0.5%`.
    public static func percent(_ fraction: Double, significantDigits: Int) -> String {
        format(fraction * 100, significantDigits: significantDigits) + "%"
    }

    /// A memory size: `1.6 GB` from 1e9 bytes on, else whole megabytes (`820 MB`).
    public static func bytes(_ bytes: Double) -> String {
        bytes >= 1e9 ? fixed(bytes / 1e9, decimals: 1) + " GB" : fixed(bytes / 1e6, decimals: 0) + " MB"
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
