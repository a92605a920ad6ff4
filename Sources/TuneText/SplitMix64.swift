// A seeded shuffle for dataset splits and samples.
//
// This is the same algorithm as TuneEngine's RandomGenerator (SplitMix64: add the
// golden-ratio constant, then scramble with two multiply-xorshift rounds), with the same
// constants, so a seed means the same stream in both modules. TuneText keeps its own copy
// because it must not depend on TuneEngine.

struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<upperBound (upperBound > 0), without modulo bias.
    mutating func nextInt(below upperBound: Int) -> Int {
        Int(next(upperBound: UInt64(upperBound)))
    }

    /// Fisher-Yates: walk from the back, swapping each place with a random earlier-or-same
    /// place. Written out rather than calling `shuffle(using:)`, whose algorithm the
    /// standard library does not promise to keep, so a seed gives the same order forever.
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for last in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(last, nextInt(below: last + 1))
        }
    }
}
