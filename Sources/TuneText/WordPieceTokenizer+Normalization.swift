import Foundation

// BERT's "basic" tokenization, which runs before WordPiece (uncased models):
//   1. clean:      drop NUL, U+FFFD and control characters; any whitespace becomes a space
//   2. CJK:        put spaces around every CJK ideograph, so each is a word of its own
//   3. accents:    decompose (NFD) and drop nonspacing marks (category Mn): "é" -> "e"
//   4. lowercase:  Unicode lowercasing, code point by code point (no context, so a
//                  capital sigma always becomes "σ", never final "ς")
//   5. split:      on whitespace, and around every punctuation character
// Everything works on Unicode scalars (code points), as BERT does, never on Swift
// `Character`s: a grapheme cluster such as an emoji with a skin-tone modifier is several
// code points to BERT.
//
// Which characters count as control, accent (Mn) or punctuation follows the reference
// tokenizer exactly, and that tokenizer classifies characters with Unicode 8.0's tables:
// a character assigned after Unicode 8.0 is none of the three (it stays in its word), and
// the handful whose category changed since then keep their Unicode 8.0 category. The
// Swift standard library knows a newer Unicode, so `bertCategory` asks it for the
// character's age and category and applies those two rules.

extension WordPieceTokenizer {
    /// The words of `text` after BERT's cleaning, CJK spacing, accent stripping,
    /// lowercasing and splitting; each word is an array of code points.
    static func basicWords(_ text: some Sequence<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        let spaced = spacedCJK(cleaned(text))
        let normalized = lowercased(strippingAccents(spaced))
        return splitWords(normalized)
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
    /// character of category Cc (control), Cf (format) or Co (private use) is control.
    /// Unassigned code points are not.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }  // fast path
        switch bertCategory(scalar) {
        case .control, .format, .privateUse: return true
        default: return false
        }
    }

    // MARK: - Categories as of Unicode 8.0

    /// The general category the reference tokenizer sees: the Unicode 8.0 category, or
    /// nil for a code point that Unicode 8.0 had not assigned.
    static func bertCategory(_ scalar: Unicode.Scalar) -> Unicode.GeneralCategory? {
        if let category = unicode8Categories[scalar.value] { return category }
        guard let age = scalar.properties.age,
            age.major < 8 || (age.major == 8 && age.minor == 0) else { return nil }
        return scalar.properties.generalCategory
    }

    /// Characters whose general category has changed since Unicode 8.0 in a way that
    /// matters here, with their Unicode 8.0 category.
    static let unicode8Categories: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation,  // CANADIAN SYLLABICS CHI SIGN, now a symbol
        0x1734: .nonspacingMark,  // HANUNOO SIGN PAMUDPOD, now a spacing mark
        0x1885: .otherLetter,  // MONGOLIAN LETTER ALI GALI BALUDA, now Mn
        0x1886: .otherLetter,  // MONGOLIAN LETTER ALI GALI THREE BALUDA, now Mn
        0xA9BD: .spacingMark,  // JAVANESE CONSONANT SIGN KERET, now Mn
        0x111C9: .otherPunctuation,  // SHARADA SANDHI MARK, now Mn
        0x1171E: .nonspacingMark,  // AHOM CONSONANT SIGN MEDIAL RA, now a spacing mark
    ]

    /// Space, tab, newline, carriage return and every character with the Unicode
    /// White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { return true }
        if scalar.isASCII { return false }  // the other ASCII whitespace is control, dropped earlier
        return scalar.properties.isWhitespace
    }

    // MARK: - 2. CJK ideographs

    /// The code point blocks BERT treats as CJK ideographs (Unified Ideographs and their
    /// extensions A to E, and the Compatibility Ideographs). Hiragana, katakana and
    /// hangul are not among them: those are written with spaces between words.
    ///
    /// Extension E starts at U+2B820, but the reference tokenizer's table starts that
    /// range at U+2B920, so U+2B820...U+2B91F stay inside their words; we follow the
    /// reference, since parity is the point.
    static let cjkRanges: [ClosedRange<UInt32>] = [
        0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
        0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
    ]

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x3400 && cjkRanges.contains { $0.contains(scalar.value) }
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
        // ASCII has no decompositions and no marks: nothing to do.
        if text.allSatisfy(\.isASCII) { return text }
        var string = String.UnicodeScalarView()
        string.append(contentsOf: text)
        let decomposed = String(string).decomposedStringWithCanonicalMapping
        return decomposed.unicodeScalars.filter { bertCategory($0) != .nonspacingMark }
    }

    // MARK: - 4. Lowercasing

    /// The full Unicode lowercase mapping of each code point on its own ("İ" gives two).
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        for scalar in text {
            if scalar.isASCII {
                // Fast path: only A-Z change.
                output.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else if scalar.properties.changesWhenLowercased {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return output
    }

    // MARK: - 5. Splitting

    /// ASCII 33-47, 58-64, 91-96 and 123-126 (all non-letter, non-digit printable ASCII,
    /// including symbols such as "$" and "^"), and every character of a P* category
    /// (as of Unicode 8.0).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value)
            || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        if scalar.isASCII { return false }  // letters, digits, space and controls
        switch bertCategory(scalar) {
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
