import Foundation

/// Where a reader's bytes come from: a file, read in chunks so that a large file never
/// sits in memory whole, or bytes already in memory.
public enum ByteSource: Sendable {
    case file(URL)
    /// Bytes with the name rows are reported under (as a file's name would be).
    case bytes([UInt8], name: String)

    /// The name bad rows are reported under: the file's last path component.
    public var name: String {
        switch self {
        case .file(let url): return url.lastPathComponent
        case .bytes(_, let name): return name
        }
    }

    /// The name file-wide errors use: the whole path for a file.
    public var path: String {
        switch self {
        case .file(let url): return url.path
        case .bytes(_, let name): return name
        }
    }

    /// The number of bytes (a file's size), or nil when the file cannot be measured.
    var byteCount: Int? {
        switch self {
        case .file(let url): return try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        case .bytes(let bytes, _): return bytes.count
        }
    }

    /// How many bytes a chunk holds: large enough that reading is fast, small enough that
    /// memory stays bounded.
    public static let chunkSize = 1 << 20

    /// Calls `body` with each chunk of bytes in order, a leading UTF-8 byte order mark left
    /// out, and with the offset in the file of the chunk's first byte. `progress` hears
    /// (bytes read, total bytes) after each chunk.
    ///
    /// Throws `DatasetError.cannotRead`, `.emptyFile` (no bytes, or only a byte order mark),
    /// or `.cannotRead` for UTF-16 and UTF-32 text (a byte order mark says which).
    func forEachChunk(
        progress: ReadProgress? = nil, _ body: (_ chunk: UnsafeBufferPointer<UInt8>, _ offset: Int) throws -> Void
    ) throws {
        switch self {
        case .bytes(let bytes, _):
            let skip = try Self.checkedStart(bytes.prefix(4), path: path, isWhole: true, total: bytes.count)
            try bytes.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[skip...]), skip)
            }
            progress?(bytes.count, bytes.count)
        case .file(let url):
            let handle = try Self.open(url)
            defer { try? handle.close() }
            let total = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            var offset = 0
            while true {
                let data: Data
                do {
                    data = try handle.read(upToCount: Self.chunkSize) ?? Data()
                } catch {
                    throw DatasetError.cannotRead(file: url.path, reason: TextFile.readableReason(error))
                }
                if data.isEmpty {
                    if offset == 0 { throw DatasetError.emptyFile(file: url.path) }
                    break
                }
                let skip = offset == 0
                    ? try Self.checkedStart(data.prefix(4), path: url.path, isWhole: data.count < Self.chunkSize, total: data.count)
                    : 0
                try data.withUnsafeBytes { raw in
                    let buffer = raw.bindMemory(to: UInt8.self)
                    try body(UnsafeBufferPointer(rebasing: buffer[skip...]), offset + skip)
                }
                offset += data.count
                progress?(offset, max(total, offset))
            }
        }
    }

    /// The first `count` bytes (fewer when there are fewer), and whether they are all of them.
    func prefix(_ count: Int) throws -> (bytes: [UInt8], isWhole: Bool) {
        switch self {
        case .bytes(let bytes, _):
            return (Array(bytes.prefix(count)), bytes.count <= count)
        case .file(let url):
            let handle = try Self.open(url)
            defer { try? handle.close() }
            let bytes = [UInt8]((try? handle.read(upToCount: count + 1)) ?? Data())
            return (Array(bytes.prefix(count)), bytes.count <= count)
        }
    }

    private static func open(_ url: URL) throws -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw DatasetError.cannotRead(file: url.path, reason: TextFile.readableReason(error))
        }
    }

    /// How many bytes of byte order mark to skip at the start; throws for an empty text and
    /// for UTF-16/UTF-32, which TuneText does not read.
    private static func checkedStart<Start: Collection>(_ start: Start, path: String, isWhole: Bool, total: Int) throws -> Int
    where Start.Element == UInt8 {
        let head = Array(start)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            if isWhole && total == 3 { throw DatasetError.emptyFile(file: path) }
            return 3
        }
        if head.isEmpty { throw DatasetError.emptyFile(file: path) }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0, 0, 0xFE, 0xFF]) {
            throw DatasetError.cannotRead(
                file: path, reason: "it is UTF-16 or UTF-32 text (it starts with that byte order mark); save it as UTF-8 and try again")
        }
        return 0
    }
}

/// Hears how far a reader has got: bytes read so far and the file's size in bytes.
public typealias ReadProgress = (_ bytesRead: Int, _ totalBytes: Int) -> Void
