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
        // The header: width, height and the largest value, separated by white space and comments.
        func headerNumber(_ what: String) throws -> Int {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
                } else if [9, 10, 13, 32].contains(bytes[position]) {
                    position += 1
                } else { break }
            }
            var value = 0, digits = 0
            while position < bytes.count, (48...57).contains(bytes[position]), digits < 10 {
                value = value * 10 + Int(bytes[position] - 48); digits += 1; position += 1
            }
            guard digits > 0 else { throw ImageError.corrupt(file: file, reason: "the PGM header lacks its \(what)") }
            return value
        }
        let plain = bytes[1] == UInt8(ascii: "2")
        let width = try headerNumber("width"), height = try headerNumber("height"), maximum = try headerNumber("largest value")
        guard width > 0, height > 0 else { throw ImageError.corrupt(file: file, reason: "the PGM header says \(width)×\(height)") }
        guard (1...65535).contains(maximum) else { throw ImageError.corrupt(file: file, reason: "largest value \(maximum) is outside 1–65535") }
        guard width * height <= maximumPixels else { throw ImageError.tooLarge(file: file, width: width, height: height, limit: maximumPixels) }
        let count = width * height
        var values = [Float](repeating: 0, count: count)
        if plain {
            for index in 0..<count { values[index] = Float(try headerNumber("pixel \(index + 1) of \(count)")) }
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
