import Foundation

/// The words that mark a domain's text: those far more frequent in it than in a general
/// reference text (the corpus a model was pre-trained on). Computed from counts, never
/// listed by hand, so any text gets its own list.
public enum DistinctiveTerms {
    /// Up to `limit` token ids of `domain`, most distinctive first.
    ///
    /// A token's score is its log frequency ratio, add-one smoothed so a token the
    /// reference never shows gets a large but finite score:
    ///
    ///     score(w) = ln((count_domain(w) + 1) / N_domain) − ln((count_reference(w) + 1) / N_reference)
    ///
    /// Only tokens that occur at least `minimumCount` times in `domain` and in `heldOut`
    /// (the text the losses will be measured on) qualify, so each listed term has enough
    /// occurrences for a mean; tokens in `excluded` (unknown word, padding, punctuation)
    /// never do. Ties go to the more frequent token in `domain`, then the smaller id, so
    /// the list is the same on every run.
    public static func rank(domain: [Int], reference: [Int], heldOut: [Int], excluded: Set<Int> = [],
                            minimumCount: Int = 5, limit: Int) -> [Int] {
        guard limit > 0, !domain.isEmpty, !reference.isEmpty else { return [] }
        func counts(_ tokens: [Int]) -> [Int: Int] { tokens.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        let inDomain = counts(domain), inReference = counts(reference), inHeldOut = counts(heldOut)
        let domainTotal = Double(domain.count), referenceTotal = Double(reference.count)
        let scored: [(token: Int, score: Double, count: Int)] = inDomain.compactMap { token, count in
            guard !excluded.contains(token), count >= minimumCount, (inHeldOut[token] ?? 0) >= minimumCount else { return nil }
            let score = Foundation.log(Double(count + 1) / domainTotal)
                - Foundation.log(Double((inReference[token] ?? 0) + 1) / referenceTotal)
            return (token, score, count)
        }
        return scored.sorted { a, b in
            a.score != b.score ? a.score > b.score : a.count != b.count ? a.count > b.count : a.token < b.token
        }.prefix(limit).map(\.token)
    }
}
