import Foundation

/// Reading a text file strictly: the bytes must be UTF-8, and an error says where not.
enum TextFile {
    /// The file's text, without a leading byte order mark.
    ///
    /// Throws `DatasetError.cannotRead`, `.notUTF8` (with the offset and line of the
    /// first bad byte) or `.emptyFile` (no bytes, or only a byte order mark).
    static func read(_ url: URL, encoding: TextEncoding = .utf8) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DatasetError.cannotRead(file: url.path, reason: readableReason(error))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard !bytes.isEmpty else { throw DatasetError.emptyFile(file: url.path) }
        if encoding == .latin1 { return encoding.decode(bytes) ?? "" }
        if let offset = firstInvalidUTF8Offset(bytes) {
            let line = 1 + bytes[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let shift = data.count - bytes.count  // the removed byte order mark
            throw DatasetError.notUTF8(file: url.path, byteOffset: offset + shift, line: line)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8
    /// sequence (an overlong form, a surrogate and a code point above U+10FFFF are
    /// invalid), or nil when all of `bytes` is valid UTF-8.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            // The sequence length, and the allowed range of the second byte (which rules
            // out overlong forms, surrogates and values past U+10FFFF).
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index  // a stray continuation byte, C0, C1 or F5...FF
            }
            for position in 1..<length {
                let at = index + position
                // A sequence cut short by the end of the file: its lead byte is the bad one.
                guard at < bytes.count else { return index }
                let allowed = position == 1 ? secondRange : 0x80...0xBF
                // A bad continuation makes the whole sequence bad: report its lead byte.
                guard allowed.contains(bytes[at]) else { return index }
            }
            index += length
        }
        return nil
    }

    static func readableReason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(describing: POSIXError(code).localizedDescription)
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
