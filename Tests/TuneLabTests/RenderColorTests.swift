import Testing
import TuneLab

/// Color only decorates: with it off there is no escape at all, and with it on the visible
/// text is the same (for renderers whose layout does not change with color).
@Suite struct RenderColorTests {
    let losses: [Double] = (0..<50).map { 3 / (1 + Double($0) / 5) }

    func outputs(_ style: RenderStyle) throws -> [[String]] {
        let plot = LinePlot(series: [.init(name: "train", values: losses)], title: "Loss", xLabel: "step",
                            yLabel: "loss", height: 8, markers: [.init(x: 20, label: "best")])
        let table = TableRenderer(titles: ["epoch", "loss"], title: "History")
        let bar = try ProgressBar(total: 50, isTerminal: true)
        return [
            plot.render(style: style),
            table.render(rows: losses.prefix(5).enumerated().map { [.integer($0.offset + 1), .number($0.element)] }, style: style),
            try Histogram(values: losses, binCount: 6, title: "losses").render(style: style),
            [bar.line(step: 20, elapsedSeconds: 4, metrics: [("loss", losses[19])], style: style)],
            [Sparkline.render(losses, style: style)],
        ]
    }

    @Test(arguments: [true, false])
    func colorOffHasNoEscapesAndColorOnSameText(unicode: Bool) throws {
        let plain = try outputs(RenderStyle(width: 70, color: false, unicode: unicode))
        let colored = try outputs(RenderStyle(width: 70, color: true, unicode: unicode))
        for lines in plain {
            #expect(lines.allSatisfy { !$0.contains("\u{1B}") })
        }
        #expect(colored.flatMap { $0 }.contains { $0.contains("\u{1B}[") })
        for (plainLines, coloredLines) in zip(plain, colored) {
            #expect(coloredLines.map(ANSI.stripEscapes) == plainLines)
        }
    }

    @Test func heatmapWithoutColorHasNoEscapes() throws {
        let heatmap = try Heatmap(matrix: [[0, 1], [2, 3]], rowLabels: ["a", "b"], columnLabels: ["x", "y"], title: "map")
        for unicode in [true, false] {
            #expect(heatmap.render(style: RenderStyle(width: 40, color: false, unicode: unicode)).allSatisfy { !$0.contains("\u{1B}") })
        }
    }
}
