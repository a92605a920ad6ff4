import Testing
import TuneImages
import TuneLab

@Suite("Images in the terminal")
struct RenderImageGridTests {
    /// A 4×4 image: white top-left quarter, the rest black.
    let image = GrayImage(width: 4, height: 4, pixels: [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])

    @Test("with color, two pixels per cell: ▀ with gray foreground (upper) and background (lower)")
    func halfBlocks() {
        let lines = ImageGrid.lines(of: image, style: RenderStyle(width: 80, color: true, unicode: true))
        #expect(lines.count == 2)  // 4 rows of pixels → 2 lines
        #expect(lines[0].hasPrefix("\u{1B}[38;5;231;48;5;231m▀"))
        #expect(lines[0].contains("\u{1B}[38;5;16;48;5;16m▀"))
        #expect(lines[0].filter { $0 == "▀" }.count == 4)
        #expect(ImageGrid.paletteIndex(0.5) == 244)
    }

    @Test("without color, ASCII shading of the same size and no escape at all")
    func ascii() {
        let lines = ImageGrid.lines(of: image, style: .plain)
        #expect(lines == ["@@  ", "    "])
        let odd = GrayImage(width: 2, height: 3, pixels: [0, 1, 0, 0, 1, 0.5])
        // Mean 0.5 is step round(0.5 × 9) = 5 of the ramp, "+"; a last lone row shows itself.
        #expect(ImageGrid.lines(of: odd, style: .plain) == [" +", "@+"])
    }

    @Test("a grid wraps to the width, labels rows, captions images, and composites for PNG")
    func grid() throws {
        let items = (0..<5).map { ImageGrid.Item(image, caption: "n\($0)") }
        let grid = try ImageGrid(rows: [items], rowLabels: ["A"])
        let lines = grid.render(style: RenderStyle(width: 20, color: false, unicode: false))
        // Label "A" + 2 spaces, then 3 images of width 4 fit in 20 columns: 3 + 4·3 + 2 = 17.
        #expect(lines[0] == "A  @@   @@   @@  ")
        #expect(lines[2] == "   n0   n1   n2  ")
        #expect(lines.count == 6)
        let canvas = try #require(grid.composite(gap: 1))
        #expect(canvas.width == 5 * 4 + 6 && canvas.height == 4 + 2)
        #expect(canvas[1, 1] == 1 && canvas[0, 0] == 0.5)
        #expect(throws: RenderError.self) { try ImageGrid(rows: [items], rowLabels: ["A", "B"]) }
    }
}
