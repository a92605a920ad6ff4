import Foundation
import Testing
import TuneEngine
import TuneModels

/// Per-token and per-term losses (`TokenLosses`, `TermLoss`) against a hand computation on
/// a tiny model, and the distinctive-word ranking (`DistinctiveTerms`) on counts by hand.
@Suite struct TermLossTests {
    /// −ln softmax(row)[target], by hand in Double.
    func handLoss(_ row: ArraySlice<Float>, target: Int) -> Double {
        let values = row.map(Double.init)
        let largest = values.max()!
        let sum = values.reduce(0) { $0 + exp($1 - largest) }
        return largest + log(sum) - values[target]
    }

    @Test func everyPositionIsScoredOnceInItsWindowAsByHand() throws {
        // Context 4, 11 tokens: windows at 0 and 4 predict tokens 1...8; a last window at 6
        // ends at the last token and adds only the predictions of tokens 9 and 10.
        let model = try tinyLanguageModel(seed: 3, context: 4)
        let gpt = model.gpt
        let vocabulary = gpt.configuration.vocabularySize
        let tokens = [2, 3, 4, 5, 2, 6, 7, 3, 2, 4, 5].map { $0 % vocabulary }
        let losses = try TokenLosses.perToken(gpt, tokens: tokens)
        #expect(losses.count == tokens.count - 1)

        func windowLosses(start: Int) throws -> [Double] {
            let window = Array(tokens[start..<(start + 4)])
            let logits = try GradientMode.withoutGradients { try gpt.logits(window, batch: 1, time: 4) }.values  // [1, 4, V]
            return (0..<4).map { t in handLoss(logits[(t * vocabulary)..<((t + 1) * vocabulary)], target: tokens[start + t + 1]) }
        }
        let first = try windowLosses(start: 0), second = try windowLosses(start: 4), tail = try windowLosses(start: 6)
        let expected = first + second + tail[2...]  // the tail window's first two positions were scored already
        for (i, value) in expected.enumerated() {
            #expect(abs(Double(losses[i]) - value) < 1e-4, "position \(i): \(losses[i]) vs \(value) by hand")
        }
        // The regular windows' mean is the engine's evaluation loss over the same windows.
        let windows = try TokenWindows(tokens: tokens, contextLength: 4)
        let mean = try LanguageModelEvaluation.meanLoss(gpt, windows: windows, starts: [0, 4])
        #expect(abs(Double(mean) - (first + second).reduce(0, +) / 8) < 1e-4)
    }

    @Test func aStreamShorterThanTheContextIsOneWindow() throws {
        let model = try tinyLanguageModel(seed: 2, context: 16)
        let tokens = [2, 3, 4]
        let losses = try TokenLosses.perToken(model.gpt, tokens: tokens)
        let vocabulary = model.gpt.configuration.vocabularySize
        let logits = try GradientMode.withoutGradients { try model.gpt.logits([2, 3], batch: 1, time: 2) }.values
        #expect(abs(Double(losses[0]) - handLoss(logits[0..<vocabulary], target: 3)) < 1e-4)
        #expect(abs(Double(losses[1]) - handLoss(logits[vocabulary..<(2 * vocabulary)], target: 4)) < 1e-4)
    }

    @Test func aTermsLossIsTheMeanWhereItIsPredicted() throws {
        // Term 5 is predicted at positions 2 and 5 (tokens[3], tokens[6]); the first token is never predicted.
        let tokens = [5, 1, 2, 5, 3, 4, 5]
        let losses: [Float] = [9, 1, 2, 3, 4, 5]
        let result = try TermLoss.measure(losses: losses, tokens: tokens, terms: [5, 3, 7])
        #expect(result[0] == TermLoss(token: 5, occurrences: 2, meanLoss: (2.0 + 5.0) / 2))
        #expect(result[1] == TermLoss(token: 3, occurrences: 1, meanLoss: 3))
        #expect(result[2] == TermLoss(token: 7, occurrences: 0, meanLoss: nil))
    }

    @Test func badInputSaysWhatAndWhere() throws {
        let model = try tinyLanguageModel()
        let vocabulary = model.gpt.configuration.vocabularySize
        #expect { try TokenLosses.perToken(model.gpt, tokens: [2]) } throws: { error in
            "\(error)".contains("1 token") && "\(error)".contains("at least 2 tokens")
        }
        #expect { try TokenLosses.perToken(model.gpt, tokens: [2, 3, 4, vocabulary + 3, 2]) } throws: { error in
            "\(error)".contains("position 3") && "\(error)".contains("\(vocabulary + 3)") && "\(error)".contains("vocabulary size \(vocabulary)")
        }
        #expect { try TermLoss.measure(losses: [1, 2], tokens: [1, 2], terms: [1]) } throws: { error in
            "\(error)".contains("2 losses for 2 tokens")
        }
    }

    @Test func distinctiveTermsAreFrequentInTheDomainAndRareInTheReference() {
        // Domain: 10 is everywhere, 11 common, 12 also common in the reference, 13 too rare.
        let domain = Array(repeating: 10, count: 8) + Array(repeating: 11, count: 6) + Array(repeating: 12, count: 6) + [13, 13] + [1, 1, 1, 1, 1, 1]
        let reference = Array(repeating: 12, count: 40) + Array(repeating: 2, count: 60)
        let heldOut = Array(repeating: 10, count: 5) + Array(repeating: 11, count: 5) + Array(repeating: 12, count: 5) + Array(repeating: 13, count: 5) + Array(repeating: 1, count: 5)
        // By hand: ln((9/28)/(1/100)) > ln((7/28)/(1/100)) > ln((7/28)/(41/100)); 13 occurs twice, 1 is excluded.
        #expect(DistinctiveTerms.rank(domain: domain, reference: reference, heldOut: heldOut, excluded: [1], minimumCount: 5, limit: 5) == [10, 11, 12])
        #expect(DistinctiveTerms.rank(domain: domain, reference: reference, heldOut: heldOut, excluded: [1], minimumCount: 5, limit: 2) == [10, 11])
        // A term must also occur often enough in the held-out text.
        #expect(DistinctiveTerms.rank(domain: domain, reference: reference, heldOut: Array(heldOut.dropFirst(1)), excluded: [1], minimumCount: 5, limit: 5) == [11, 12])
        #expect(DistinctiveTerms.rank(domain: domain, reference: reference, heldOut: heldOut, limit: 0).isEmpty)
    }
}
