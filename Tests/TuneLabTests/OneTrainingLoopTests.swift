import Foundation
import Testing

/// The lab renders; training happens in TuneModels' `Trainer`. The one deliberate
/// exception is lesson 1's neuron, whose forward, backward and update are written
/// out by hand so a learner can read every term.
@Suite("One training loop")
struct OneTrainingLoopTests {
    static let labSources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TuneLab")

    /// Every line of code (comments left out) in the TuneLab target that calls `.backward()`.
    static func backwardCalls() throws -> [String] {
        let files = try #require(FileManager.default.enumerator(at: labSources, includingPropertiesForKeys: nil))
        var calls: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            // Text inside a multi-line string literal is not Swift code: `export script`
            // writes a PyTorch program whose own `loss.backward()` stands in one (a raw
            // literal, #""" … """#, whose Python docstrings do not close it).
            var closer: String?
            for (number, line) in lines.enumerated() {
                let text = String(line)
                if let end = closer {
                    if text.contains(end) { closer = nil }
                    continue
                }
                if text.trimmingCharacters(in: .whitespaces).hasSuffix("#\"\"\"") { closer = "\"\"\"#"; continue }
                if text.trimmingCharacters(in: .whitespaces).hasSuffix("\"\"\"") { closer = "\"\"\""; continue }
                let code = text.components(separatedBy: "//").first ?? ""
                if code.contains(".backward(") { calls.append("\(url.lastPathComponent):\(number + 1)") }
            }
        }
        return calls.sorted()
    }

    @Test("TuneLab calls backward() only in lesson 1's hand-written neuron")
    func onlyTheNeuronCallsBackward() throws {
        let calls = try Self.backwardCalls()
        #expect(!calls.isEmpty, "the scan found no Swift files under \(Self.labSources.path)")
        let outside = calls.filter { !$0.hasPrefix("NeuronModel.swift:") }
        #expect(outside.isEmpty, "backward() outside the neuron: \(outside)")
        #expect(calls.contains { $0.hasPrefix("NeuronModel.swift:") })
    }
}
