import TuneEngine

extension LearningRateSchedule: CustomStringConvertible {
    /// One line for the lab to print (the engine keeps only the formulas), e.g.
    /// "warmup 100 steps to 0.0003, then cosine decay to 3e-05 (10% of peak)".
    public var description: String {
        func rate(_ value: Double) -> String { NumberFormatting.general(value) }
        func rate(_ value: Float) -> String { rate(Double(value)) }
        func warmupPhrase(_ peak: Float, _ warmup: Int) -> String {
            warmup == 0 ? "start at \(rate(peak))" : "warmup \(warmup) steps from 0 to \(rate(peak))"
        }
        switch self {
        case .constant(let value):
            return "constant \(rate(value))"
        case .linearWarmup(let peak, let warmup):
            return "\(warmupPhrase(peak, warmup)), then constant"
        case .warmupLinearDecay(let peak, let warmup):
            return "\(warmupPhrase(peak, warmup)), then linear decay to 0 at the last step"
        case .warmupCosineDecay(let peak, let warmup, let minimumFraction):
            let floor = Double(peak) * Double(minimumFraction)
            return "\(warmupPhrase(peak, warmup)), then cosine decay to \(rate(floor)) "
                + "(\(NumberFormatting.general(Double(minimumFraction) * 100))% of peak)"
        case .oneCycle(let maximum, let warmupFraction, let initialDivisor, let finalDivisor):
            let initial = Double(maximum) / Double(initialDivisor)
            let final = initial / Double(finalDivisor)
            return "one-cycle: cosine up from \(rate(initial)) to \(rate(maximum)) over the first "
                + "\(NumberFormatting.general(Double(warmupFraction) * 100))% of steps, "
                + "then cosine down to \(rate(final))"
        case .stepDecay(let initial, let stepSize, let factor):
            return "step decay: start at \(rate(initial)), multiply by \(rate(factor)) every \(stepSize) steps"
        }
    }
}
