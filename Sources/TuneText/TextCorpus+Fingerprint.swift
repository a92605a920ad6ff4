extension TextCorpus {
    /// A short fingerprint of `text` (FNV-1a, 64 bits, as 16 hex digits): the same text
    /// always gives the same fingerprint, and an edit almost surely changes it. Used to
    /// key caches of models trained on a corpus; not a cryptographic hash.
    public static func fingerprint(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV offset basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3  // FNV prime
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint of this corpus's text.
    public var fingerprint: String { Self.fingerprint(of: text) }
}
