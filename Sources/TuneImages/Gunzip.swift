import CGzip
import Foundation

/// Gzip decompression through zlib (Foundation on Linux has none).
package enum Gunzip {
    /// The bytes of a gzip stream, decompressed; `file` names it in errors.
    /// Refuses to produce more than `limit` bytes, so a hostile stream cannot fill memory.
    package static func decompress(_ compressed: Data, file: String, limit: Int = 256 << 20) throws -> Data {
        var stream = z_stream()
        // 16 + 15: a gzip header and the largest window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ImageError.corrupt(file: file, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var input = [UInt8](compressed)
        var status = Z_OK
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw ImageError.corrupt(file: file, reason: "not a valid gzip stream (zlib status \(status))")
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                guard output.count <= limit else {
                    throw ImageError.corrupt(file: file, reason: "decompresses to more than \(limit >> 20) MB")
                }
                if status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0 {
                    throw ImageError.corrupt(file: file, reason: "the gzip stream stops before its end")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
