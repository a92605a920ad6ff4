import Foundation

/// Reads one image file, PNG or PGM, recognised by its first bytes (not its name).
public enum ImageFile {
    /// The most pixels a file may have: 4096 × 4096. Larger images are refused from their
    /// header (a 20000×20000 PNG would need 400 MB for its gray values alone).
    public static let maximumPixels = 4096 * 4096

    public static func read(_ url: URL, maximumPixels: Int = ImageFile.maximumPixels) throws -> DecodedImage {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImageError.cannotRead(file: url.path, reason: error.localizedDescription)
        }
        return try decode(data, file: url.path, maximumPixels: maximumPixels)
    }

    public static func decode(_ data: Data, file: String, maximumPixels: Int = ImageFile.maximumPixels) throws -> DecodedImage {
        if data.starts(with: PNGCodec.signature) { return try PNGCodec.decode(data, file: file, maximumPixels: maximumPixels) }
        if PGMDecoder.isPGM(data) { return try PGMDecoder.decode(data, file: file, maximumPixels: maximumPixels) }
        throw ImageError.notAnImage(file: file)
    }
}
