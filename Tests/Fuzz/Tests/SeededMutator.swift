import Foundation
import TuneEngine

/// Deterministic byte-level mutations of a seed input, for the replay test's brief fuzz
/// run: the same seed file and number always give the same mutants, so a failure seen
/// once is seen every time and on every machine.
///
/// The mutations are libFuzzer's basic ones (bit flips, interesting bytes, inserts,
/// deletions, truncation, copied slices) plus numbers at the edges of integer ranges,
/// which is where hand-written parsers overflow.
struct SeededMutator {
    /// The engine's seeded generator (SplitMix64), so mutants are the same on every machine.
    private var generator: RandomGenerator

    init(seed: UInt64) {
        generator = RandomGenerator(seed: seed)
    }

    /// A seed that depends only on `text` (FNV-1a), so each seed file has its own sequence.
    static func seed(for text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    mutating func next() -> UInt64 { generator.next() }

    /// A number in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        generator.nextInt(below: bound)
    }

    static let interestingBytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0x0A, 0x0D, 0x09, 0x20, 0x22, 0x2C, 0x3A, 0x23, 0x5C, 0x7B, 0x5B]
    static let interestingNumbers = ["0", "-1", "255", "256", "65535", "65536", "2147483648", "4294967296",
                                     "9223372036854775807", "99999999999999999999999", "1e308", "-0", "NaN"]

    /// `seed` changed by one to three mutations; `seed` may be empty.
    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...below(3) {
            let position = below(bytes.count + 1)  // where to change; bytes.count means the end
            switch below(8) {
            case 0 where position < bytes.count:
                bytes[position] ^= 1 << UInt8(below(8))
            case 1 where position < bytes.count:
                bytes[position] = Self.interestingBytes[below(Self.interestingBytes.count)]
            case 2:
                bytes.insert(contentsOf: (0..<1 + below(8)).map { _ in UInt8(truncatingIfNeeded: next()) }, at: position)
            case 3 where position < bytes.count:
                bytes.removeSubrange(position..<min(bytes.count, position + 1 + below(16)))
            case 4:
                bytes.removeSubrange(position...)
            case 5 where !bytes.isEmpty:
                // A slice of the input copied elsewhere: repeats structure (lines, chunks, cells).
                let start = below(bytes.count), length = 1 + below(min(64, bytes.count - start))
                bytes.insert(contentsOf: Array(bytes[start..<start + length]), at: position)
            case 6:
                let number = Self.interestingNumbers[below(Self.interestingNumbers.count)]
                bytes.insert(contentsOf: Array(number.utf8), at: position)
            default:
                // Overwrite a run of digits with a huge number, when the input has one there.
                guard position < bytes.count, (48...57).contains(bytes[position]) else { continue }
                var end = position
                while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
                bytes.replaceSubrange(position..<end, with: Array("18446744073709551616".utf8))
            }
        }
        return bytes
    }
}
