import Foundation
import Testing
import TuneImages

/// Inputs the fuzz harnesses (Tests/Fuzz) found that crashed a reader, each now refused
/// with an error that says what is wrong and where. The same inputs are kept in
/// Tests/Fuzz/corpus, so the replay test runs them too.
@Suite("Fuzz findings: image readers")
struct FuzzFindingsTests {
    func reason(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as ImageError {
            guard case .corrupt(_, let reason) = error else { return "\(error)" }
            return reason
        } catch { return "\(error)" }
    }

    @Test("a PGM whose width × height overflows Int is refused by the digit count, not trapped")
    func pgmHugeSize() {
        // Found by the replay test: 1922337203 × 6854775807 overflowed before the pixel limit.
        let found = Data("P2 1922337203685477580 7 1 1 1".utf8)
        #expect(reason { try ImageFile.decode(found, file: "f.pgm") } == "the header's width has 19 digits (byte 4); PGM values have at most 9")
        // 8 digits each: the product fits in Int, and the pixel limit refuses it.
        #expect(throws: ImageError.tooLarge(file: "f.pgm", width: 99_999_999, height: 99_999_999, limit: ImageFile.maximumPixels)) {
            try ImageFile.decode(Data("P5 99999999 99999999 255\n".utf8), file: "f.pgm")
        }
        #expect(reason { try ImageFile.decode(Data("P5 2 x".utf8), file: "f.pgm") } == "the header's height is missing or not a number (byte 6)")
        #expect(reason { try ImageFile.decode(Data("P2 2 1 9 3".utf8), file: "f.pgm") } == "pixel 2 of 2 is missing or not a number (byte 11)")
    }

    @Test("an MNIST CSV line with a 20-digit value is refused at its line, not trapped")
    func mnistHugeValue() {
        let csv = Data(("0," + String(repeating: "9", count: 20) + ",1\n").utf8)
        #expect(reason { try MNISTSample.parse(csv, file: "m.csv") } == "value 2 has more digits than a pixel (0–255) or a digit (0–9)")
        let line = (Array(repeating: "0", count: 783) + ["256", "3"]).joined(separator: ",")
        #expect(reason { try MNISTSample.parse(Data(line.utf8), file: "m.csv") } == "pixel 784 is 256, above 255")
        #expect(reason { try MNISTSample.parse(Data("1;2".utf8), file: "m.csv") } == "unexpected \";\" in value 1; lines hold numbers and commas")
    }
}
