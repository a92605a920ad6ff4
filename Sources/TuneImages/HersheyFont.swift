import Foundation

/// One glyph of a Hershey font: pen strokes in the font's own units (x right, y down,
/// the origin near the glyph's centre), and its left and right spacing bounds.
public struct HersheyGlyph: Sendable, Equatable {
    /// Position in the font file (0 is the first glyph; for the ASCII fonts it is the
    /// character code minus 32).
    public let position: Int
    public let left: Int
    public let right: Int
    /// Each stroke is a polyline: the pen goes down at the first point and up after the last.
    public let strokes: [[SIMD2<Float>]]

    /// The smallest box holding every point, or nil for an empty glyph (a space).
    public var bounds: (minimum: SIMD2<Float>, maximum: SIMD2<Float>)? {
        let points = strokes.joined()
        guard var low = points.first else { return nil }
        var high = low
        for point in points {
            low = pointwiseMin(low, point)
            high = pointwiseMax(high, point)
        }
        return (low, high)
    }
}

/// A Hershey font in the `.jhf` format (James Hurt's), as Debian's hershey-fonts-data ships it.
///
/// Each glyph is one line (long glyphs may continue on the next lines):
///
///     columns 1–5   glyph number (the Debian files put 12345 everywhere; we use the position)
///     columns 6–8   number of coordinate pairs, counting the spacing pair
///     then pairs    two characters each, a coordinate being the character's code minus
///                   the code of "R"; the first pair is the left and right spacing; the pair
///                   " R" lifts the pen.
public struct HersheyFont: Sendable {
    /// The file's name without its extension ("rowmans").
    public let name: String
    public let glyphs: [HersheyGlyph]

    /// The glyph for the ASCII character `character` (for the fonts laid out by ASCII code).
    public func glyph(for character: Character) -> HersheyGlyph? {
        guard let code = character.asciiValue, code >= 32 else { return nil }
        let position = Int(code) - 32
        return glyphs.indices.contains(position) ? glyphs[position] : nil
    }

    /// Reads a `.jhf` file.
    public init(contentsOf url: URL) throws {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ImageError.cannotRead(file: url.path, reason: error.localizedDescription) }
        guard let text = String(data: data, encoding: .ascii) ?? String(data: data, encoding: .isoLatin1) else {
            throw ImageError.badFont(file: file, line: 1, reason: "not a text file")
        }
        try self.init(name: url.deletingPathExtension().lastPathComponent, text: text, file: file)
    }

    /// Parses the text of a `.jhf` file (`file` names it in errors).
    public init(name: String, text: String, file: String) throws {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { Array($0.utf8) }
        var glyphs: [HersheyGlyph] = []
        var lineNumber = 0
        while lineNumber < lines.count {
            var line = lines[lineNumber]
            lineNumber += 1
            let firstLine = lineNumber
            if line.allSatisfy({ $0 == 32 }) { continue }
            guard line.count >= 8, let pairCount = Int(String(decoding: line[5..<8], as: UTF8.self).trimmingCharacters(in: .whitespaces)),
                  pairCount >= 1
            else { throw ImageError.badFont(file: file, line: firstLine, reason: "expected a glyph number (5 columns) and a pair count (3 columns)") }
            // A glyph longer than one line continues on the next ones.
            while line.count < 8 + 2 * pairCount && lineNumber < lines.count {
                line += lines[lineNumber]
                lineNumber += 1
            }
            guard line.count >= 8 + 2 * pairCount else {
                throw ImageError.badFont(file: file, line: firstLine, reason: "the glyph announces \(pairCount) pairs but has \((line.count - 8) / 2)")
            }
            let r = Int(UInt8(ascii: "R"))
            var strokes: [[SIMD2<Float>]] = []
            var current: [SIMD2<Float>] = []
            for pair in 1..<pairCount {
                let x = line[8 + 2 * pair], y = line[9 + 2 * pair]
                if x == UInt8(ascii: " ") && y == UInt8(ascii: "R") {
                    if !current.isEmpty { strokes.append(current) }
                    current = []
                } else {
                    current.append(SIMD2(Float(Int(x) - r), Float(Int(y) - r)))
                }
            }
            if !current.isEmpty { strokes.append(current) }
            glyphs.append(HersheyGlyph(
                position: glyphs.count, left: Int(line[8]) - r, right: Int(line[9]) - r, strokes: strokes))
        }
        guard !glyphs.isEmpty else { throw ImageError.badFont(file: file, line: 1, reason: "no glyphs") }
        self.name = name
        self.glyphs = glyphs
    }
}
