import Foundation

/// How hard one word is for a language model: its mean next-token loss at the places it
/// occurs in some text. A model that has read a domain predicts the domain's own words
/// ("firmware" after "the", "broth" after "the") more surely, and this is where it shows.
public struct TermLoss: Sendable, Equatable {
    /// The term's token id.
    public let token: Int
    /// How many times the term is predicted in the text (its occurrences after the first token).
    public let occurrences: Int
    /// Mean of −ln p(term | context) over those occurrences, in nats; nil when it never occurs.
    public let meanLoss: Double?

    public init(token: Int, occurrences: Int, meanLoss: Double?) {
        self.token = token
        self.occurrences = occurrences
        self.meanLoss = meanLoss
    }

    /// The loss of each of `terms` in `tokens`, given the per-position losses of a model.
    ///
    /// - Parameters:
    ///   - losses: `TokenLosses.perToken`: `losses[i]` is the loss of predicting `tokens[i + 1]`.
    ///   - tokens: the token stream, `losses.count + 1` ids.
    ///   - terms: the token ids to measure, in the order the results are returned.
    /// - Throws: `TrainingError.invalidOption` when the counts do not match.
    public static func measure(losses: [Float], tokens: [Int], terms: [Int]) throws -> [TermLoss] {
        guard losses.count + 1 == tokens.count else {
            throw TrainingError.invalidOption(name: "losses", value: "\(losses.count) losses for \(tokens.count) tokens",
                                              accepts: "one loss per predicted token (tokens − 1)")
        }
        // Sum and count per term, in one pass over the predicted tokens (positions 1...).
        var sums = [Int: Double](), counts = [Int: Int]()
        let wanted = Set(terms)
        for (i, loss) in losses.enumerated() where wanted.contains(tokens[i + 1]) {
            sums[tokens[i + 1], default: 0] += Double(loss)
            counts[tokens[i + 1], default: 0] += 1
        }
        return terms.map { term in
            let n = counts[term] ?? 0
            return TermLoss(token: term, occurrences: n, meanLoss: n == 0 ? nil : sums[term]! / Double(n))
        }
    }
}
