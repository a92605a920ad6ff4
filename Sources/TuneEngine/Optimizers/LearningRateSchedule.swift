import Foundation

/// How the learning rate changes over a run: the rate to use at step t of T.
///
/// Steps count from 0: step t is the (t+1)-th update, and a run of T steps uses
/// t = 0 … T−1. Set the optimizer's rate before each update:
///
///     optimizer.learningRate = schedule.learningRate(atStep: optimizer.stepCount, totalSteps: T)
///
/// The warmup schedules follow the common fine-tuning libraries' conventions
/// exactly: during warmup the rate is peak·t/W, so step 0 uses rate 0 (Adam still
/// gathers its first moment estimates on that step). `oneCycle` follows PyTorch's
/// `OneCycleLR` (cosine annealing, two phases), `stepDecay` its `StepLR`.
/// Rates are computed in Double and returned as Float.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The same rate at every step.
    case constant(rate: Float)

    /// Linear warmup from 0 to `peakRate` over `warmupSteps`, then constant:
    /// rate(t) = peak·t/W for t < W, else peak.
    case linearWarmup(peakRate: Float, warmupSteps: Int)

    /// Linear warmup, then linear decay to 0 at step T:
    /// rate(t) = peak·t/W for t < W, else peak·max(0, (T − t)/(T − W)).
    case warmupLinearDecay(peakRate: Float, warmupSteps: Int)

    /// Linear warmup, then half a cosine from `peakRate` down to
    /// `minimumFraction`·`peakRate` at step T:
    /// with progress p = (t − W)/(T − W) (at most 1),
    /// rate(t) = peak·(f + (1 − f)·½(1 + cos(π·p))), f = `minimumFraction`.
    case warmupCosineDecay(peakRate: Float, warmupSteps: Int, minimumFraction: Float = 0)

    /// One-cycle (PyTorch `OneCycleLR`, its defaults): cosine up from
    /// `maximumRate/initialDivisor` to `maximumRate` over the first
    /// `warmupFraction` of the steps, then cosine down to
    /// `maximumRate/initialDivisor/finalDivisor` at step T − 1.
    ///
    /// Phase 1 ends at step e = warmupFraction·T − 1; for t ≤ e,
    /// rate = cos-anneal(initial → max, t/e); after, rate = cos-anneal(max → final,
    /// (t − e)/(T − 1 − e)), where cos-anneal(a → b, x) = b + (a − b)·½(1 + cos(π·x)).
    case oneCycle(maximumRate: Float, warmupFraction: Float = 0.3, initialDivisor: Float = 25,
                  finalDivisor: Float = 1e4)

    /// Step decay (PyTorch `StepLR`): multiply the rate by `factor` every
    /// `stepSize` steps: rate(t) = initial·factor^⌊t/stepSize⌋.
    case stepDecay(initialRate: Float, stepSize: Int, factor: Float = 0.1)

    // MARK: - Rate at a step

    /// The rate for step `step` (0-based) of a run of `totalSteps` steps.
    ///
    /// Call `validate(totalSteps:)` once first: this function does not throw, and
    /// with arguments out of range it clamps (a negative step counts as 0; one-cycle
    /// steps past the end count as T − 1).
    public func learningRate(atStep step: Int, totalSteps: Int) -> Float {
        let t = Double(max(step, 0))
        let total = Double(max(totalSteps, 1))
        switch self {
        case .constant(let rate):
            return rate

        case .linearWarmup(let peak, let warmup):
            return Float(Double(peak) * (Self.warmupFactor(t, warmup) ?? 1))

        case .warmupLinearDecay(let peak, let warmup):
            if let factor = Self.warmupFactor(t, warmup) { return Float(Double(peak) * factor) }
            // peak·max(0, (T − t)/(T − W))
            let remaining = max(0, (total - t) / max(1, total - Double(warmup)))
            return Float(Double(peak) * remaining)

        case .warmupCosineDecay(let peak, let warmup, let minimumFraction):
            if let factor = Self.warmupFactor(t, warmup) { return Float(Double(peak) * factor) }
            let progress = min(1, (t - Double(warmup)) / max(1, total - Double(warmup)))
            let cosine = 0.5 * (1 + cos(Double.pi * progress))          // 1 → 0
            let floor = Double(minimumFraction)
            return Float(Double(peak) * (floor + (1 - floor) * cosine))

        case .oneCycle(let maximum, let warmupFraction, let initialDivisor, let finalDivisor):
            let peak = Double(maximum)
            let initial = peak / Double(initialDivisor)
            let final = initial / Double(finalDivisor)
            let t = min(t, total - 1)
            let warmupEnd = Double(warmupFraction) * total - 1            // e
            if t <= warmupEnd {
                return Float(Self.cosineAnneal(from: initial, to: peak, fraction: t / warmupEnd))
            }
            let fraction = (t - warmupEnd) / (total - 1 - warmupEnd)
            return Float(Self.cosineAnneal(from: peak, to: final, fraction: fraction))

        case .stepDecay(let initial, let stepSize, let factor):
            let drops = Double(Int(t) / max(stepSize, 1))
            return Float(Double(initial) * pow(Double(factor), drops))
        }
    }

    /// The rate for every step of a run, t = 0 … T−1 (for plotting).
    public func learningRates(totalSteps: Int) -> [Float] {
        (0..<max(totalSteps, 0)).map { learningRate(atStep: $0, totalSteps: totalSteps) }
    }

    /// t/W during warmup, nil after it.
    private static func warmupFactor(_ t: Double, _ warmupSteps: Int) -> Double? {
        t < Double(warmupSteps) ? t / Double(warmupSteps) : nil
    }

    /// b + (a − b)·½(1 + cos(π·x)): a at x = 0, b at x = 1.
    private static func cosineAnneal(from start: Double, to end: Double, fraction: Double) -> Double {
        end + (start - end) / 2 * (cos(Double.pi * fraction) + 1)
    }

    // MARK: - Validation

    /// Checks the schedule's arguments for a run of `totalSteps` steps; the error
    /// names the argument and what it accepts.
    public func validate(totalSteps: Int) throws {
        guard totalSteps >= 1 else {
            throw OptimizerError.invalidHyperparameter(
                name: "totalSteps", value: Float(totalSteps), accepts: "at least 1")
        }
        func checkRate(_ name: String, _ rate: Float) throws {
            guard rate.isFinite, rate >= 0 else {
                throw OptimizerError.invalidHyperparameter(name: name, value: rate, accepts: "finite and ≥ 0")
            }
        }
        func checkWarmup(_ warmup: Int) throws {
            guard warmup >= 0, warmup <= totalSteps else {
                throw OptimizerError.invalidHyperparameter(
                    name: "warmupSteps", value: Float(warmup),
                    accepts: "between 0 and totalSteps (\(totalSteps))")
            }
        }
        switch self {
        case .constant(let rate):
            try checkRate("rate", rate)
        case .linearWarmup(let peak, let warmup), .warmupLinearDecay(let peak, let warmup):
            try checkRate("peakRate", peak)
            try checkWarmup(warmup)
        case .warmupCosineDecay(let peak, let warmup, let minimumFraction):
            try checkRate("peakRate", peak)
            try checkWarmup(warmup)
            guard minimumFraction >= 0, minimumFraction <= 1 else {
                throw OptimizerError.invalidHyperparameter(
                    name: "minimumFraction", value: minimumFraction, accepts: "between 0 and 1")
            }
        case .oneCycle(let maximum, let warmupFraction, let initialDivisor, let finalDivisor):
            try checkRate("maximumRate", maximum)
            // Both phases need at least one step: e = fraction·T − 1 must lie in (0, T − 1).
            let warmupEnd = Double(warmupFraction) * Double(totalSteps) - 1
            guard warmupFraction > 0, warmupFraction < 1, warmupEnd > 0, warmupEnd < Double(totalSteps - 1) else {
                throw OptimizerError.invalidHyperparameter(
                    name: "warmupFraction", value: warmupFraction,
                    accepts: "in (0, 1) with warmupFraction·totalSteps between 1 and totalSteps (\(totalSteps))")
            }
            for (name, divisor) in [("initialDivisor", initialDivisor), ("finalDivisor", finalDivisor)] {
                guard divisor.isFinite, divisor > 0 else {
                    throw OptimizerError.invalidHyperparameter(name: name, value: divisor, accepts: "finite and > 0")
                }
            }
        case .stepDecay(let initial, let stepSize, let factor):
            try checkRate("initialRate", initial)
            guard stepSize >= 1 else {
                throw OptimizerError.invalidHyperparameter(name: "stepSize", value: Float(stepSize), accepts: "at least 1")
            }
            guard factor.isFinite, factor > 0 else {
                throw OptimizerError.invalidHyperparameter(name: "factor", value: factor, accepts: "finite and > 0")
            }
        }
    }
}
