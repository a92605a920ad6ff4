import Foundation

/// PGM (portable graymap) decoding: binary `P5` and plain `P2`, 8 or 16 bits.
enum PGMDecoder {
    static func isPGM(_ bytes: Data) -> Bool {
        bytes.count >= 2 && bytes[bytes.startIndex] == UInt8(ascii: "P")
            && [UInt8(ascii: "2"), UInt8(ascii: "5")].contains(bytes[bytes.startIndex + 1])
    }

    static func decode(_ data: Data, file: String, maximumPixels: Int) throws -> DecodedImage {
        let bytes = [UInt8](data)
        var position = 2
        // The header: width, height and the largest value, separated by white space and
        // comments; in plain files the pixels are written the same way.
        func nextNumber(_ what: @autoclosure () -> String) throws -> Int {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
                } else if [9, 10, 13, 32].contains(bytes[position]) {
                    position += 1
                } else { break }
            }
            let start = position
            while position < bytes.count, (48...57).contains(bytes[position]) { position += 1 }
            guard position > start else {
                throw ImageError.corrupt(file: file, reason: "\(what()) is missing or not a number (byte \(start + 1))")
            }
            // At most 9 digits: width × height then stays far inside Int (below 10¹⁸), and
            // every real value (sizes, 65535, pixels) fits.
            guard position - start <= 9 else {
                throw ImageError.corrupt(
                    file: file, reason: "\(what()) has \(position - start) digits (byte \(start + 1)); PGM values have at most 9")
            }
            return bytes[start..<position].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        let plain = bytes[1] == UInt8(ascii: "2")
        let width = try nextNumber("the header's width"), height = try nextNumber("the header's height")
        let maximum = try nextNumber("the header's largest value")
        guard width > 0, height > 0 else { throw ImageError.corrupt(file: file, reason: "the PGM header says \(width)×\(height)") }
        guard (1...65535).contains(maximum) else { throw ImageError.corrupt(file: file, reason: "largest value \(maximum) is outside 1–65535") }
        guard width * height <= maximumPixels else { throw ImageError.tooLarge(file: file, width: width, height: height, limit: maximumPixels) }
        let count = width * height
        var values = [Float](repeating: 0, count: count)
        if plain {
            for index in 0..<count { values[index] = Float(try nextNumber("pixel \(index + 1) of \(count)")) }
        } else {
            position += 1  // the single white-space byte after the largest value
            let size = maximum > 255 ? 2 : 1
            guard bytes.count - position >= count * size else {
                throw ImageError.corrupt(file: file, reason: "the data stops after \(max(0, bytes.count - position) / size) of \(count) pixels")
            }
            for index in 0..<count {
                values[index] = size == 1 ? Float(bytes[position + index])
                    : Float(Int(bytes[position + 2 * index]) << 8 | Int(bytes[position + 2 * index + 1]))
            }
        }
        if let above = values.first(where: { $0 > Float(maximum) }) {
            throw ImageError.corrupt(file: file, reason: "a pixel is \(Int(above)), above the header's largest value \(maximum)")
        }
        return DecodedImage(image: GrayImage(width: width, height: height, pixels: values.map { $0 / Float(maximum) }), channels: 1)
    }
}
