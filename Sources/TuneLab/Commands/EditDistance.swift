/// "Did you mean" suggestions by edit distance.
public enum EditDistance {
    /// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let source = Array(a.lowercased()), target = Array(b.lowercased())
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        // Three rows of the dynamic-programming table: two back (for swaps), previous, current.
        var twoBack = [Int](repeating: 0, count: target.count + 1)
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for i in 1...source.count {
            current[0] = i
            for j in 1...target.count {
                let cost = source[i - 1] == target[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[target.count]
    }

    /// The candidates close to `word`, closest first (at most `limit`).
    ///
    /// Close means a small distance for the word's length (1 edit for short words, up to 3
    /// for long ones) or a candidate that starts with the word.
    public static func suggestions(for word: String, among candidates: [String], limit: Int = 3) -> [String] {
        guard !word.isEmpty else { return [] }
        let allowed = word.count <= 3 ? 1 : word.count <= 7 ? 2 : 3
        let lowered = word.lowercased(), loweredCount = lowered.count
        var scored: [(String, Int)] = []
        for candidate in Set(candidates) {
            let loweredCandidate = candidate.lowercased()
            // The distance is at least the difference in length: when that alone is too
            // much, the table need not be filled (a long typo against 60 verbs was most of
            // a lesson check's time).
            let d = abs(loweredCount - loweredCandidate.count) > allowed ? allowed + 1 : distance(word, candidate)
            if d <= allowed {
                scored.append((candidate, d))
            } else if word.count >= 2, loweredCandidate.hasPrefix(lowered) {
                scored.append((candidate, allowed))
            }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// " Did you mean a or b?" or "" when nothing is close.
    public static func didYouMean(_ word: String, among candidates: [String], format: (String) -> String = { $0 }) -> String {
        let close = suggestions(for: word, among: candidates)
        guard !close.isEmpty else { return "" }
        return " Did you mean " + close.map(format).joined(separator: " or ") + "?"
    }
}
