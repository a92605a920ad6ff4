import Foundation
import Testing
import TuneCheckpoint
import TuneEngine  // the seeded generator the mutations draw from

/// Damaged files must open consistently or throw a `SafetensorsError`, never crash or
/// read out of bounds. Inputs come from valid files mutated with a seeded generator.
@Suite struct SafetensorsFuzzTests {
    /// A small valid file with several dtypes, a scalar, an empty tensor and metadata.
    static func sampleFile() throws -> Data {
        var writer = SafetensorsWriter(metadata: ["epochs": "2", "note": "fuzz \u{E9}"])
        try writer.add(name: "weight", shape: [2, 3], floats: [1, -2, 3.5, 0, 1e-3, 7])
        try writer.add(name: "bias", shape: [3], floats: [0.5, 0.25, -0.125])
        try writer.add(name: "scale", shape: [], floats: [2])
        try writer.add(name: "empty", shape: [0, 2], floats: [])
        try writer.add(name: "ids", shape: [4], int64s: [1, 2, 3, 4])
        return writer.encoded()
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python-made.safetensors")

    /// How a mutated input fared.
    enum Outcome { case opened, rejected }

    /// Opens `data`; when it opens, checks every promise the reader makes about entries
    /// and reads every convertible tensor.
    static func openAndCheck(_ data: Data) -> Outcome {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(data: data, source: "mutant.safetensors")
        } catch let error as SafetensorsError {
            #expect(error.source == "mutant.safetensors")
            #expect("\(error)".hasPrefix("safetensors file mutant.safetensors: "))
            return .rejected
        } catch {
            Issue.record("non-safetensors error: \(error)")
            return .rejected
        }
        let dataStart = 8 + file.headerLength
        #expect(file.names.count == Set(file.names).count)
        #expect(file.names == file.entries.map(\.name))
        var previousEnd = dataStart
        for entry in file.entries {
            #expect(entry.byteRange.lowerBound >= dataStart && entry.byteRange.upperBound <= data.count)
            #expect(entry.byteRange.count == entry.elementCount * entry.dtype.byteSize)
            #expect(file.entry(named: entry.name) == entry)
            if !entry.byteRange.isEmpty {
                // Entries are sorted by start, so disjoint ranges never reach back.
                #expect(entry.byteRange.lowerBound >= previousEnd, "\(entry.name) overlaps")
                previousEnd = entry.byteRange.upperBound
            }
            if SafetensorsFile.floatConvertibleDTypes.contains(entry.dtype) {
                #expect((try? file.floats(named: entry.name))?.count == entry.elementCount)
            } else if SafetensorsFile.integerConvertibleDTypes.contains(entry.dtype) {
                #expect((try? file.int64s(named: entry.name))?.count == entry.elementCount)
            }
        }
        return .opened
    }

    @Test(arguments: ["writer", "python"])
    func everyTruncationIsRejected(_ sample: String) throws {
        let full = sample == "writer" ? try Self.sampleFile() : try Data(contentsOf: Self.fixtureURL)
        #expect(Self.openAndCheck(full) == .opened)
        // Both samples end with a non-empty tensor, so any shorter file lacks bytes.
        var rejected = 0
        for length in 0..<full.count {
            if Self.openAndCheck(full.prefix(length)) == .rejected { rejected += 1 }
        }
        #expect(rejected == full.count)
    }

    @Test(arguments: ["writer", "python"])
    func randomMutationsOpenConsistentlyOrThrow(_ sample: String) throws {
        let original = sample == "writer" ? try Self.sampleFile() : try Data(contentsOf: Self.fixtureURL)
        let headerEnd = 8 + Int(original.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var random = RandomGenerator(seed: sample == "writer" ? 20_261_127 : 7)
        let digits = Array("0123456789".utf8)
        let structural = Array("{}[]\":,-.e 0123456789".utf8)
        var counts: [Outcome: Int] = [.opened: 0, .rejected: 0]
        let mutantCount = 6_000

        for _ in 0..<mutantCount {
            var bytes = [UInt8](original)
            let edits = 1 + random.nextInt(below: 4)
            for _ in 0..<edits {
                // Mostly the header, where the parser and validation live.
                let inHeader = random.nextInt(below: 10) < 8
                let position = inHeader ? random.nextInt(below: headerEnd) : random.nextInt(below: bytes.count)
                switch random.nextInt(below: 6) {
                case 0: bytes[position] ^= UInt8(1 << random.nextInt(below: 8))  // one bit
                case 1: bytes[position] = UInt8(truncatingIfNeeded: random.next())  // any byte
                case 2:  // a digit for a digit: plausible JSON, wrong numbers
                    if let digit = bytes[position...].firstIndex(where: { digits.contains($0) }) {
                        bytes[digit] = digits[random.nextInt(below: digits.count)]
                    }
                case 3: bytes[position] = structural[random.nextInt(below: structural.count)]
                case 4: bytes.remove(at: position)  // shifts everything after
                default: bytes.insert(structural[random.nextInt(below: structural.count)], at: position)
                }
                if bytes.isEmpty { break }
            }
            counts[Self.openAndCheck(Data(bytes)), default: 0] += 1
        }
        // Both paths must be exercised, or the mutations test nothing.
        #expect(counts[.opened, default: 0] > 100)
        #expect(counts[.rejected, default: 0] > 100)
        print("safetensors fuzz (\(sample)): \(mutantCount) mutants, "
              + "\(counts[.opened, default: 0]) opened consistently, \(counts[.rejected, default: 0]) rejected")
    }

    @Test func randomLengthPrefixesOnlyOpenWhenTheyCutAtPadding() throws {
        let original = try Self.sampleFile()
        let truth = try SafetensorsFile(data: original, source: "sample")
        var random = RandomGenerator(seed: 99)
        var opened = 0
        for _ in 0..<2_000 {
            var bytes = [UInt8](original)
            // Any 64-bit length, or one within 16 bytes of the true length.
            let length = random.nextInt(below: 2) == 0
                ? random.next() : UInt64(truth.headerLength - 16 + random.nextInt(below: 33))
            withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange(0..<8, with: $0) }
            guard Self.openAndCheck(Data(bytes)) == .opened else { continue }
            opened += 1
            // A wrong length can only succeed by dropping trailing padding spaces, and then
            // every tensor's offsets shift, which the checks must still find consistent.
            #expect(length <= UInt64(truth.headerLength))
            let file = try SafetensorsFile(data: Data(bytes), source: "shifted")
            #expect(file.names == truth.names)
        }
        #expect(opened >= 1)  // the true length itself comes up among the 33 near ones
    }
}
