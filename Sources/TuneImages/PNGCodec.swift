import CPNG
import Foundation

/// PNG decoding and encoding through libpng's simplified API (the only file that imports libpng).
///
/// Decoding: any PNG (gray, RGB, palette, 8 or 16
/// bits, with or without alpha) becomes gray brightness, 8 bits per pixel.
///
/// The size is read from the header first, and an image over the pixel limit is refused
/// before a single row is decompressed.
enum PNGCodec {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes `bytes` (`file` names it in errors). Transparent pixels are composited onto
    /// black, the background of the glyphs and digits.
    static func decode(_ bytes: Data, file: String, maximumPixels: Int) throws -> DecodedImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        func message() -> String {
            withUnsafeBytes(of: image.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        let begun = bytes.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        }
        guard begun != 0 else { throw ImageError.corrupt(file: file, reason: "libpng: \(message())") }
        let width = Int(image.width), height = Int(image.height)
        guard width * height <= maximumPixels else {
            throw ImageError.tooLarge(file: file, width: width, height: height, limit: maximumPixels)
        }
        let alphaFlag: UInt32 = 0x01, colourFlag: UInt32 = 0x02  // PNG_FORMAT_FLAG_ALPHA, _COLOR
        let channels = ((image.format & colourFlag) != 0 ? 3 : 1) + ((image.format & alphaFlag) != 0 ? 1 : 0)
        // Gray with alpha, 8 bits: libpng converts colour to brightness (sRGB coefficients).
        image.format = alphaFlag
        var pixels = [UInt8](repeating: 0, count: width * height * 2)
        let finished = bytes.withUnsafeBytes { _ in
            pixels.withUnsafeMutableBytes { target in
                png_image_finish_read(&image, nil, target.baseAddress, 0, nil)
            }
        }
        guard finished != 0 else { throw ImageError.corrupt(file: file, reason: "libpng: \(message())") }
        var brightness = [Float](repeating: 0, count: width * height)
        for index in brightness.indices {
            brightness[index] = Float(pixels[2 * index]) / 255 * Float(pixels[2 * index + 1]) / 255
        }
        return DecodedImage(image: GrayImage(width: width, height: height, pixels: brightness), channels: channels)
    }

    /// A PNG file of 8-bit samples, `channels` per pixel (1 gray, 2 gray + alpha, 3 RGB,
    /// 4 RGBA), row by row without padding.
    static func encode(samples: [UInt8], width: Int, height: Int, channels: Int) throws -> Data {
        guard (1...4).contains(channels), width > 0, height > 0, samples.count == width * height * channels else {
            throw ImageError.invalidArgument(name: "samples", value: "\(samples.count) bytes", accepts: "width × height × channels (1 to 4)")
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = (channels >= 3 ? 0x02 : 0) | (channels % 2 == 0 ? 0x01 : 0)  // COLOR, ALPHA flags
        defer { png_image_free(&image) }
        // First ask for the size, then write.
        var size = 0
        guard samples.withUnsafeBytes({ png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }) != 0 else {
            throw ImageError.invalidArgument(name: "image", value: "\(width)×\(height)", accepts: "an image libpng can write")
        }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { target in
            samples.withUnsafeBytes { png_image_write_to_memory(&image, target.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard written != 0 else { throw ImageError.invalidArgument(name: "image", value: "\(width)×\(height)", accepts: "an image libpng can write") }
        return Data(output.prefix(size))
    }
}

extension GrayImage {
    /// The image as an 8-bit gray PNG file.
    public func pngData() throws -> Data {
        try PNGCodec.encode(
            samples: pixels.map { UInt8((min(1, max(0, $0)) * 255).rounded()) }, width: width, height: height, channels: 1)
    }
}

extension ImageFile {
    /// A PNG file from raw 8-bit samples (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA channels).
    public static func png(samples: [UInt8], width: Int, height: Int, channels: Int) throws -> Data {
        try PNGCodec.encode(samples: samples, width: width, height: height, channels: channels)
    }
}

/// A decoded file: its brightness, and how many channels it had (1 gray, 2 gray + alpha,
/// 3 RGB, 4 RGB + alpha).
public struct DecodedImage: Sendable {
    public let image: GrayImage
    public let channels: Int
}
