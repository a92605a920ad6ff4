import Foundation
import TuneEngine

/// The Hershey fonts as image classes: Latin letters for pre-training, and symbols no
/// letter font draws for meeting unseen classes.
///
/// - Letters: the 52 letters A–Z and a–z, each class drawn in `letterFonts` (18 roman,
///   italic, script and gothic fonts). Digits and punctuation are left out, so the
///   handwritten digits of MNIST stay new to a model pre-trained here.
/// - Unseen symbols: every glyph of `symbolFonts` (astrology, meteorology, music, maths,
///   markers, symbols, Japanese, Greek and Cyrillic) that does not look like any character
///   of the letter fonts, nor like a symbol already kept. "Looks like" is measured: the
///   cosine similarity of the two glyphs drawn centred and thick at 14×14 is at least
///   `duplicateSimilarity`. This is what keeps Greek A, B, E, H, ... and Cyrillic
///   А, В, Е, К, ... (and a circle marker against o) out of the unseen classes.
public struct HersheyGlyphs: Sendable {
    public static let letterFonts = [
        "rowmans", "rowmand", "rowmant", "timesr", "timesrb", "timesi", "timesib", "futural", "futuram",
        "scripts", "scriptc", "cursive", "gothiceng", "gothicger", "gothicita", "gothgbt", "gothgrt", "gothitt",
    ]
    public static let symbolFonts = [
        "astrology", "meteorology", "music", "mathlow", "mathupp", "markers", "symbolic", "japanese",
        "greek", "greekc", "greeks", "timesg", "cyrillic", "cyrilc_1",
    ]
    /// The 52 letter classes, upper case first.
    public static let letters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    /// Two glyphs this similar (cosine, drawn at 14×14) count as the same shape.
    public static let duplicateSimilarity: Float = 0.8

    /// Where Debian's hershey-fonts-data puts the fonts.
    public static let defaultFolder = URL(fileURLWithPath: "/usr/share/hershey-fonts")

    public let folder: URL
    /// Per letter class, its glyph in each letter font, [52][18].
    public let letterGlyphs: [[HersheyGlyph]]
    /// The unseen symbol classes: "astrology 12" and its glyph.
    public let symbols: [(name: String, glyph: HersheyGlyph)]
    /// How many symbol glyphs were left out as duplicates of a letter-font character, of
    /// another symbol, or as empty.
    public let droppedAsLatin: Int
    public let droppedAsRepeat: Int
    public let droppedEmpty: Int

    /// Reads the fonts from `folder` and sorts the symbols (about a second: every
    /// candidate is compared with every letter-font character).
    public init(folder: URL = HersheyGlyphs.defaultFolder) throws {
        func font(_ name: String) throws -> HersheyFont {
            let url = folder.appendingPathComponent(name + ".jhf")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ImageError.cannotRead(
                    file: url.path, reason: "the Hershey fonts are not installed (Debian package hershey-fonts-data; bash .ci/setup installs it)")
            }
            return try HersheyFont(contentsOf: url)
        }
        let letterFonts = try Self.letterFonts.map(font)
        letterGlyphs = Self.letters.map { letter in letterFonts.compactMap { $0.glyph(for: letter) } }
        // Every printable character of the letter fonts: a symbol like any of them is not new.
        var generator = RandomGenerator(seed: 0)
        let thumbnail = GlyphRasterizer(size: 14, box: 11)
        let thick = GlyphPose(strokeWidth: 1.5)
        func signature(_ glyph: HersheyGlyph) -> [Float]? {
            guard glyph.bounds != nil else { return nil }
            var pixels = thumbnail.render(glyph, pose: thick, generator: &generator).pixels
            let norm = pixels.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return nil }
            for index in pixels.indices { pixels[index] /= norm }
            return pixels
        }
        func similarity(_ a: [Float], _ b: [Float]) -> Float {
            var sum: Float = 0
            for index in a.indices { sum += a[index] * b[index] }
            return sum
        }
        let latin = letterFonts.flatMap { $0.glyphs.compactMap(signature) }
        var kept: [(name: String, glyph: HersheyGlyph, signature: [Float])] = []
        var asLatin = 0, asRepeat = 0, empty = 0
        for name in Self.symbolFonts {
            for glyph in try font(name).glyphs {
                guard let mine = signature(glyph) else { empty += 1; continue }
                if latin.contains(where: { similarity($0, mine) >= Self.duplicateSimilarity }) { asLatin += 1; continue }
                if kept.contains(where: { similarity($0.signature, mine) >= Self.duplicateSimilarity }) { asRepeat += 1; continue }
                kept.append(("\(name) \(glyph.position)", glyph, mine))
            }
        }
        self.folder = folder
        symbols = kept.map { ($0.name, $0.glyph) }
        droppedAsLatin = asLatin
        droppedAsRepeat = asRepeat
        droppedEmpty = empty
    }

    /// Letter images: `perClass` per letter, each in a font and pose drawn with `seed`.
    public func letterSet(perClass: Int, seed: UInt64, ranges: GlyphPose.Ranges = .init(), size: Int = 28) -> ImageSet {
        var generator = RandomGenerator(seed: seed)
        let rasterizer = GlyphRasterizer(size: size, box: Float(size) * 20 / 28)
        var images: [GrayImage] = [], labels: [Int] = []
        for (label, glyphs) in letterGlyphs.enumerated() {
            for _ in 0..<perClass {
                let glyph = glyphs[generator.nextInt(below: glyphs.count)]
                let pose = GlyphPose.random(ranges, using: &generator)
                images.append(rasterizer.render(glyph, pose: pose, generator: &generator))
                labels.append(label)
            }
        }
        return try! ImageSet(name: "letters", labels: Self.letters.map(String.init), images: images, labelIndices: labels)
    }

    /// Images of the symbols at `classes` (positions in `symbols`): `perClass` poses each.
    public func symbolSet(classes: [Int], perClass: Int, seed: UInt64, ranges: GlyphPose.Ranges = .init(), size: Int = 28) -> ImageSet {
        var generator = RandomGenerator(seed: seed)
        let rasterizer = GlyphRasterizer(size: size, box: Float(size) * 20 / 28)
        var images: [GrayImage] = [], labels: [Int] = []
        for (label, symbol) in classes.enumerated() {
            for _ in 0..<perClass {
                let pose = GlyphPose.random(ranges, using: &generator)
                images.append(rasterizer.render(symbols[symbol].glyph, pose: pose, generator: &generator))
                labels.append(label)
            }
        }
        return try! ImageSet(name: "symbols", labels: classes.map { symbols[$0].name }, images: images, labelIndices: labels)
    }
}
