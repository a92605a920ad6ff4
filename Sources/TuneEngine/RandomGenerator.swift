import Foundation

/// A seeded pseudo-random generator of the project's own, so that a seed gives the
/// same numbers on every machine and every run (Swift's `SystemRandomNumberGenerator`
/// cannot be seeded).
///
/// The state advances with SplitMix64 (Steele, Lea & Flood, 2014): a 64-bit counter
/// stepped by a fixed odd constant, then scrambled. It passes BigCrush, needs one
/// word of state, and any seed, even 0, is a good seed.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    /// The 64-bit counter; public so a generator can be saved and resumed.
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // the golden ratio in 64 bits
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1), from the top 24 bits (a Float's mantissa holds 24).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform Double in [0, 1), from the top 53 bits.
    public mutating func nextUniformDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal sample by the Box–Muller transform.
    ///
    /// Box–Muller turns two uniforms into two independent normals; we keep it
    /// stateless and use one of them, trading half the work for simpler replay.
    public mutating func nextNormal() -> Float {
        // u1 in (0, 1]: log(0) would be -inf.
        let u1 = 1.0 - nextUniformDouble()
        let u2 = nextUniformDouble()
        return Float((-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2))
    }

    /// A uniform integer in 0..<upperBound, without modulo bias.
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextInt(below:) needs a positive bound")
        return Int(next(upperBound: UInt64(upperBound)))
    }

    /// A generator for a sub-task, derived from this one's seed and a label, so that
    /// adding a draw in one place does not shift the numbers drawn in another.
    public func derived(_ label: UInt64) -> RandomGenerator {
        var g = RandomGenerator(seed: state ^ (label &* 0xD1B5_4A32_D192_ED03))
        _ = g.next()
        return g
    }
}
