import Foundation

/// How values map onto a plot axis.
public enum AxisScale: Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); only positive values can be shown.
    case logarithmic
}

/// One plot axis: its scale, the range it spans (extended to round tick values) and its ticks.
///
/// Shared by the terminal `LinePlot` and the `SVGPlot` so both show identical ticks.
public struct PlotAxis: Sendable, Equatable {
    public let scale: AxisScale
    /// The value at the start of the axis (left or bottom).
    public let lower: Double
    /// The value at the end of the axis (right or top).
    public let upper: Double
    /// Tick values from `lower` to `upper`, increasing.
    public let ticks: [Double]

    /// An axis covering `values` (non-finite values, and non-positive ones on a log scale,
    /// are ignored) with about `tickCount` round-numbered ticks.
    ///
    /// - Linear: the range grows outward to multiples of a step of 1, 2, 2.5 or 5 times a power
    ///   of ten, so the first and last ticks are the axis ends.
    /// - Logarithmic: the range grows to whole powers of ten; ticks are powers of ten (every
    ///   k-th one when there are many decades), plus 2x and 5x multiples when the axis spans
    ///   a single decade.
    /// - A single value, or none, gets a small range around it (or around 0, or 1 on log axes).
    public init(covering values: [Double], scale: AxisScale, tickCount: Int = 5) {
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        let low = usable.min() ?? (scale == .linear ? 0 : 1)
        let high = usable.max() ?? (scale == .linear ? 1 : 10)
        self.scale = scale
        switch scale {
        case .linear:
            var (from, to) = (low, high)
            if from == to {
                let pad = from == 0 ? 1 : abs(from) * 0.1
                from -= pad
                to += pad
            }
            let step = PlotAxis.niceStep(to / Double(max(1, tickCount - 1)) - from / Double(max(1, tickCount - 1)))
            let first = (from / step).rounded(.down)
            let last = (to / step).rounded(.up)
            let count = last - first
            if count.isFinite && count >= 1 && count <= 100 && (last * step).isFinite && (first * step).isFinite {
                // Ticks are integer multiples of the step, so they print without drift (0.3,
                // not 0.30000000000000004).
                ticks = (0...Int(count)).map { PlotAxis.clean((first + Double($0)) * step, step: step) }
            } else {
                // Extreme magnitudes (near the largest Double, or a range tiny against its
                // values): just the ends.
                ticks = [from, to].filter(\.isFinite).count == 2 ? [from, to] : [low, high]
            }
            lower = ticks.first!
            upper = ticks.last!
        case .logarithmic:
            // 1e-323 and 1e308 are the powers of ten a Double can hold.
            var lowExponent = max(-323, log10(low).rounded(.down))
            var highExponent = min(308, log10(high).rounded(.up))
            if lowExponent == highExponent {
                if highExponent < 308 { highExponent += 1 } else { lowExponent -= 1 }
            }
            if !lowExponent.isFinite || !highExponent.isFinite { (lowExponent, highExponent) = (0, 1) }
            let decades = Int(highExponent - lowExponent)
            var values: [Double] = []
            if decades == 1 {
                for multiplier in [1.0, 2, 5] {
                    values.append(multiplier * pow(10, lowExponent))
                }
                values.append(pow(10, highExponent))
            } else {
                let every = max(1, Int((Double(decades) / Double(max(1, tickCount - 1))).rounded(.up)))
                var exponent = lowExponent
                values.append(pow(10, exponent))
                while exponent < highExponent && exponent + Double(every) <= 308 {
                    exponent += Double(every)
                    values.append(pow(10, exponent))
                }
                highExponent = exponent
            }
            ticks = values
            lower = pow(10, lowExponent)
            upper = pow(10, highExponent)
        }
    }

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper` (outside for values
    /// beyond the range; NaN for values the scale cannot show).
    public func fraction(of value: Double) -> Double {
        switch scale {
        case .linear:
            return RenderMath.fraction(value, from: lower, to: upper)
        case .logarithmic:
            guard value > 0 else { return .nan }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// The value at `fraction` of the axis (inverse of `fraction(of:)`).
    public func value(atFraction fraction: Double) -> Double {
        switch scale {
        case .linear:
            return RenderMath.interpolate(from: lower, to: upper, at: fraction)
        case .logarithmic:
            return pow(10, log10(lower) + fraction * (log10(upper) - log10(lower)))
        }
    }

    /// Whether `value` can be placed on this axis (finite, and positive on a log axis).
    public func canShow(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// Tick labels: on a linear axis they share a number of decimals (see
    /// `NumberFormatting.tickLabels`).
    /// On a log axis every tick is formatted on its own (`1e-5`, `0.01`, `100`).
    public var tickLabels: [String] {
        switch scale {
        case .linear: return NumberFormatting.tickLabels(ticks)
        case .logarithmic: return ticks.map { NumberFormatting.format($0, significantDigits: 3) }
        }
    }

    // MARK: - Helpers

    /// The smallest of 1, 2, 2.5, 5, 10 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        let fraction = raw / power
        let nice: Double
        if fraction <= 1 { nice = 1 } else if fraction <= 2 { nice = 2 } else if fraction <= 2.5 {
            nice = 2.5
        } else if fraction <= 5 { nice = 5 } else { nice = 10 }
        return nice * power
    }

    /// Rounds away floating-point noise: to a tenth of the step's decimal places.
    static func clean(_ value: Double, step: Double) -> Double {
        guard step.isFinite, step >= 1e-300 else { return value }
        let decimals = max(0, Int((-log10(step)).rounded(.up)) + 1)
        guard decimals <= 300 else { return value }
        let scale = pow(10, Double(decimals))
        let cleaned = (value * scale).rounded() / scale
        return cleaned == 0 ? 0 : cleaned  // no negative zero
    }
}
