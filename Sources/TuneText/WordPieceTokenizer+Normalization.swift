import Foundation

// BERT's "basic" tokenization, which runs before WordPiece (uncased models):
//   1. clean:      drop NUL, U+FFFD and control characters; any whitespace becomes a space
//   2. CJK:        put spaces around every CJK ideograph, so each is a word of its own
//   3. accents:    decompose (NFD) and drop nonspacing marks (category Mn): "é" -> "e"
//   4. lowercase:  full Unicode lowercasing, with Greek final sigma
//   5. split:      on whitespace, and around every punctuation character
// Everything works on Unicode scalars (code points), as BERT does, never on Swift
// `Character`s: a grapheme cluster such as an emoji with a skin-tone modifier is several
// code points to BERT.

extension WordPieceTokenizer {
    /// The words of `text` after BERT's cleaning, CJK spacing, accent stripping,
    /// lowercasing and splitting; each word is an array of code points.
    static func basicWords(_ text: some Sequence<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        let cleaned = spacedCJK(cleaned(text))
        let lowered = lowercased(strippingAccents(cleaned))
        return splitWords(lowered)
    }

    // MARK: - 1. Cleaning

    static func cleaned(_ text: some Sequence<Unicode.Scalar>) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        for scalar in text {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            output.append(isWhitespace(scalar) ? " " : scalar)
        }
        return output
    }

    /// Tab, newline and carriage return count as whitespace, not control; every other
    /// character of a C* category (Cc, Cf, Cs, Co, Cn) is control.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// Space, tab, newline, carriage return and every character with the Unicode
    /// White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { return true }
        return scalar.properties.isWhitespace
    }

    // MARK: - 2. CJK ideographs

    /// The code point blocks BERT treats as CJK ideographs (Unified Ideographs and their
    /// extensions A to E, and the Compatibility Ideographs). Hiragana, katakana and
    /// hangul are not among them: those are written with spaces between words.
    static let cjkRanges: [ClosedRange<UInt32>] = [
        0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
        0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
    ]

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        cjkRanges.contains { $0.contains(scalar.value) }
    }

    static func spacedCJK(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        for scalar in text {
            if isCJK(scalar) {
                output.append(" ")
                output.append(scalar)
                output.append(" ")
            } else {
                output.append(scalar)
            }
        }
        return output
    }

    // MARK: - 3. Accents

    /// Canonical decomposition (NFD), then every nonspacing mark (Mn) removed.
    static func strippingAccents(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var string = String.UnicodeScalarView()
        string.append(contentsOf: text)
        let decomposed = String(string).decomposedStringWithCanonicalMapping
        return decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }

    // MARK: - 4. Lowercasing

    /// Full Unicode lowercase mapping, code point by code point. The one mapping that
    /// depends on context is capital sigma: at the end of a word it becomes final sigma
    /// "ς", elsewhere "σ".
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        for (index, scalar) in text.enumerated() {
            if scalar.value == 0x03A3 {
                output.append(isFinalSigma(at: index, in: text) ? "\u{03C2}" : "\u{03C3}")
            } else if scalar.properties.changesWhenLowercased {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return output
    }

    /// Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorable
    /// characters) and no cased letter after (skipping case-ignorable characters).
    static func isFinalSigma(at index: Int, in text: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0 && text[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, text[before].properties.isCased else { return false }
        var after = index + 1
        while after < text.count && text[after].properties.isCaseIgnorable { after += 1 }
        return after == text.count || !text[after].properties.isCased
    }

    // MARK: - 5. Splitting

    /// ASCII 33-47, 58-64, 91-96 and 123-126 (all non-letter, non-digit printable ASCII,
    /// including symbols such as "$" and "^"), and every character of a P* category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value)
            || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func splitWords(_ text: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for scalar in text {
            if isWhitespace(scalar) {
                if !word.isEmpty { words.append(word); word = [] }
            } else if isPunctuation(scalar) {
                if !word.isEmpty { words.append(word); word = [] }
                words.append([scalar])
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }
}
