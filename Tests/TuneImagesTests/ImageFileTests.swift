import Foundation
import Testing
import TuneImages

/// A fresh temporary folder for files a test writes.
struct Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("TuneImagesTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ path: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }
    func folder(_ path: String) throws {
        try FileManager.default.createDirectory(at: url.appendingPathComponent(path), withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

@Suite("Image files: PNG and PGM")
struct ImageFileTests {
    @Test("gray, gray+alpha, RGB and RGBA PNGs decode to the brightness libpng computes")
    func pngChannels() throws {
        // 2×1: a white pixel and a black one.
        let gray = try ImageFile.decode(ImageFile.png(samples: [255, 0], width: 2, height: 1, channels: 1), file: "g.png")
        #expect(gray.channels == 1)
        #expect(gray.image.pixels == [1, 0])
        // Half-transparent white on black gives about half brightness.
        let alpha = try ImageFile.decode(ImageFile.png(samples: [255, 128, 0, 255], width: 2, height: 1, channels: 2), file: "ga.png")
        #expect(alpha.channels == 2)
        #expect(abs(alpha.image.pixels[0] - 128.0 / 255) < 0.01)
        // Pure green is far brighter than pure blue (linear luminance weights 0.72 and 0.07,
        // then sRGB-encoded: about 0.86 and 0.30).
        let rgb = try ImageFile.decode(ImageFile.png(samples: [0, 255, 0, 0, 0, 255], width: 2, height: 1, channels: 3), file: "c.png")
        #expect(rgb.channels == 3)
        #expect(rgb.image.pixels[0] > 0.8 && rgb.image.pixels[1] < 0.4)
        let rgba = try ImageFile.decode(ImageFile.png(samples: [255, 255, 255, 0, 255, 255, 255, 255], width: 2, height: 1, channels: 4), file: "a.png")
        #expect(rgba.channels == 4)
        #expect(rgba.image.pixels == [0, 1])
    }

    @Test("a GrayImage round-trips through PNG to the nearest 8-bit level")
    func roundTrip() throws {
        let image = GrayImage(width: 3, height: 2, pixels: [0, 0.25, 0.5, 0.75, 1, 0.1])
        let back = try ImageFile.decode(image.pngData(), file: "r.png").image
        #expect(back.width == 3 && back.height == 2)
        for (a, b) in zip(image.pixels, back.pixels) { #expect(abs(a - b) <= 0.5 / 255 + 1e-6) }
    }

    @Test("binary and plain PGM, 8 and 16 bits, with a comment")
    func pgm() throws {
        let binary = Data("P5\n# made by hand\n2 2\n255\n".utf8) + Data([0, 51, 204, 255])
        #expect(try ImageFile.decode(binary, file: "b.pgm").image.pixels == [0, 0.2, 0.8, 1])
        let plain = Data("P2 2 1 10\n0 5\n".utf8)
        #expect(try ImageFile.decode(plain, file: "p.pgm").image.pixels == [0, 0.5])
        let wide = Data("P5 1 1 65535\n".utf8) + Data([0xFF, 0xFF])
        #expect(try ImageFile.decode(wide, file: "w.pgm").image.pixels == [1])
    }

    @Test("damaged and foreign files are refused with the file's name and the reason")
    func badFiles() throws {
        let png = try ImageFile.png(samples: [UInt8](repeating: 7, count: 64 * 64), width: 64, height: 64, channels: 1)
        #expect(throws: ImageError.self) { try ImageFile.decode(png.prefix(png.count / 2), file: "half.png") }
        do {
            _ = try ImageFile.decode(png.prefix(png.count / 2), file: "half.png")
        } catch let error as ImageError {
            guard case .corrupt(let file, _) = error else { Issue.record("expected corrupt, got \(error)"); return }
            #expect(file == "half.png")
        }
        #expect(throws: ImageError.notAnImage(file: "notes.png")) { try ImageFile.decode(Data("hello".utf8), file: "notes.png") }
        #expect(throws: ImageError.self) { try ImageFile.decode(Data("P5 4 4 255\n".utf8) + Data([1, 2]), file: "short.pgm") }
        let description = (try? ImageFile.decode(Data("P5 4 4 255\n".utf8) + Data([1, 2]), file: "short.pgm")).map { _ in "" }
        #expect(description == nil)
    }

    @Test("a 20000×20000 PNG is refused from its header, before decoding")
    func hugeImage() throws {
        // A real 20000×20000 PNG header: build a small image, then rewrite the IHDR's size
        // (and its checksum is then wrong, which the size check must come before).
        var bytes = [UInt8](try ImageFile.png(samples: [0], width: 1, height: 1, channels: 1))
        // IHDR data starts at byte 16: width then height, big-endian.
        for (offset, value) in [(16, UInt32(20000)), (20, UInt32(20000))] {
            for index in 0..<4 { bytes[offset + index] = UInt8((value >> (24 - 8 * UInt32(index))) & 0xFF) }
        }
        // Fix the IHDR checksum so libpng reads the header.
        let crc = crc32(Array(bytes[12..<29]))
        for index in 0..<4 { bytes[29 + index] = UInt8((crc >> (24 - 8 * UInt32(index))) & 0xFF) }
        #expect(throws: ImageError.tooLarge(file: "huge.png", width: 20000, height: 20000, limit: ImageFile.maximumPixels)) {
            try ImageFile.decode(Data(bytes), file: "huge.png")
        }
        #expect(throws: ImageError.tooLarge(file: "huge.pgm", width: 20000, height: 20000, limit: ImageFile.maximumPixels)) {
            try ImageFile.decode(Data("P5 20000 20000 255\n".utf8), file: "huge.pgm")
        }
    }

    /// The PNG chunk checksum (CRC-32, polynomial 0xEDB88320).
    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    @Test("area resizing keeps the mean brightness")
    func resize() {
        let image = GrayImage(width: 4, height: 4, pixels: (0..<16).map { Float($0) / 15 })
        let small = image.resized(width: 2, height: 2)
        #expect(abs(small.mean - image.mean) < 1e-5)
        #expect(abs(small.pixels[0] - (0 + 1 + 4 + 5) / 4 / 15) < 1e-5)
        let large = image.resized(width: 7, height: 5)
        #expect(abs(large.mean - image.mean) < 1e-4)
    }
}
