/// Counting whitespace-separated words, as `data show`, dataset summaries and corpora do.
///
/// A word is a maximal run of Unicode scalars that are not White_Space. This is what
/// `text.split(whereSeparator: \.isWhitespace).count` gives for ordinary text, without
/// building substrings or a Unicode property lookup per ASCII character: on 10⁶ short
/// reviews that lookup was most of `data show`'s time.
public enum WordCount {
    /// The number of words in `text`.
    public static func words(in text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isSpace = scalar.isASCII ? asciiWhitespace(UInt8(scalar.value)) : scalar.properties.isWhitespace
            if isSpace {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// The number of words in the valid UTF-8 `bytes` (a dataset's stored text), the same as
    /// `words(in:)` of their String. ASCII bytes are counted as they are, without making
    /// the String.
    public static func words(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return words(in: String(decoding: bytes, as: UTF8.self)) }
        var count = 0
        var inWord = false
        for byte in bytes {
            if asciiWhitespace(byte) {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// Tab, line feed, vertical tab, form feed, carriage return and space: the ASCII
    /// scalars with the Unicode White_Space property.
    @inline(__always)
    static func asciiWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
