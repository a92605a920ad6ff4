/// How a file's bytes become text.
public enum TextEncoding: String, CaseIterable, Equatable, Sendable {
    /// UTF-8, checked strictly: a byte that is not valid UTF-8 is an error naming its line
    /// and offset.
    case utf8
    /// Latin-1 as Windows writes it (Windows-1252): every byte is one character, so no
    /// byte is ever invalid. 0x80...0x9F are the curly quotes, dashes and € of Windows-1252.
    case latin1

    /// The text of `bytes`, or nil when they are not valid UTF-8 (for `.utf8`).
    func decode(_ bytes: [UInt8]) -> String? {
        switch self {
        case .utf8:
            // Checked first, then decoded on the fast path (no repair needed).
            guard TextFile.firstInvalidUTF8Offset(bytes) == nil else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Self.windows1252Scalar(byte)) }
            return String(scalars)
        }
    }

    /// The character a Windows-1252 byte stands for; bytes it leaves undefined (0x81,
    /// 0x8D, 0x8F, 0x90, 0x9D) stay the Latin-1 control character of the same value.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        let value = windows1252High[Int(byte - 0x80)]
        return Unicode.Scalar(value) ?? Unicode.Scalar(byte)
    }

    /// Windows-1252's characters for 0x80...0x9F (0 where it defines none).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ].map { $0 == 0 ? 0xFFFF_FFFF : $0 }
}
