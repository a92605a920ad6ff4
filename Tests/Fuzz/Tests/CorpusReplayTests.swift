import Foundation
import Testing
import TuneFuzzHarnesses

/// The brief fuzz run of the normal suite: every seed in Tests/Fuzz/corpus/NAME, and a
/// fixed number of seeded mutations of each, through harness NAME. The long,
/// coverage-guided runs are `.ci/fuzz` (libFuzzer under AddressSanitizer); this one needs
/// no special build and takes seconds.
///
/// What it proves: no input crashes or traps a parser (a crash ends the test process;
/// the input is then in the scratch folder as `last-input`), none takes seconds, and every
/// refusal is a thrown error that carries a message for the learner. About 150,000
/// inputs in 10 s in release.
@Suite(.serialized)  // the harnesses share a scratch folder and a session
struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpus")

    /// Mutants per seed file. The harnesses that parse a whole lesson or load a dataset
    /// file cost more per input, so they get fewer; all of them take about 10 s in release.
    static func mutantsPerSeed(_ harness: Harness) -> Int {
        switch harness {
        case .lesson: return 300
        case .command, .check: return 500
        default: return 2000
        }
    }

    /// The longest one input may take: every harness answers in milliseconds, so anything
    /// near this is a parser going quadratic or looping (libFuzzer's -timeout in long runs).
    static let slowest = Duration.seconds(2)

    static func seeds(of harness: Harness) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpus.appendingPathComponent(harness.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    /// The error's message, or nil when it has none of its own (a bare type dump).
    static func message(of error: Error) -> String? {
        // (Through Any: the compiler takes every Error for CustomStringConvertible here, the
        // run-time cast does not.)
        if let described = error as Any as? CustomStringConvertible { return described.description }
        if let localized = error as? LocalizedError, let description = localized.errorDescription { return description }
        if error is DecodingError { return String(describing: error) }  // says which key or value and where
        return nil
    }

    @Test("every harness has seeds", arguments: Harness.allCases)
    func hasSeeds(_ harness: Harness) throws {
        #expect(try Self.seeds(of: harness).count >= 2, "Tests/Fuzz/corpus/\(harness.rawValue) needs seed files")
    }

    @Test("seeds and their mutants never crash and fail only with a message", arguments: Harness.allCases)
    func replay(_ harness: Harness) throws {
        let lastInput = Scratch.folder.appendingPathComponent("last-input")
        var inputs = 0, refused = 0
        var unexplained: [String] = [], slow: [String] = []
        for seed in try Self.seeds(of: harness) {
            var mutator = SeededMutator(seed: SeededMutator.seed(for: "\(harness.rawValue)/\(seed.name)"))
            for index in 0...Self.mutantsPerSeed(harness) {
                let input = index == 0 ? seed.bytes : mutator.mutate(seed.bytes)
                try? FileManager.default.createDirectory(at: Scratch.folder, withIntermediateDirectories: true)
                try Data(input).write(to: lastInput)
                let started = ContinuousClock.now
                let errors = harness.run(Data(input))
                if ContinuousClock.now - started > Self.slowest {
                    slow.append("\(seed.name) mutant \(index) took \(ContinuousClock.now - started)")
                }
                inputs += 1
                refused += errors.isEmpty ? 0 : 1
                for error in errors {
                    guard let message = Self.message(of: error), !message.trimmingCharacters(in: .whitespaces).isEmpty else {
                        unexplained.append("\(seed.name) mutant \(index): \(type(of: error)) without a message: \(error)")
                        continue
                    }
                }
            }
        }
        #expect(unexplained.isEmpty, "\(unexplained.prefix(5).joined(separator: "\n"))")
        #expect(slow.isEmpty, "\(slow.prefix(5).joined(separator: "\n"))")
        // The mutants must reach the parsers' refusals, or the run proves little.
        #expect(refused > 0, "\(harness.rawValue): none of \(inputs) inputs was refused")
        Scratch.removeFolder()
    }
}
