import Testing
import TuneLab

@Suite struct RenderSparklineTests {
    let unicode = RenderStyle(width: 80, unicode: true)
    let ascii = RenderStyle(width: 80, unicode: false)

    @Test func minimumAndMaximumMapToLowestAndHighest() {
        #expect(Sparkline.render([3, 1, 4, 1, 5, 9, 2, 6], style: unicode) == "▃▁▄▁▅█▂▅")
        #expect(Sparkline.render([0, 7], style: unicode) == "▁█")
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], style: unicode) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], style: ascii) == "_.-:=+*#")
    }

    @Test func constantNonFiniteAndEmpty() {
        #expect(Sparkline.render([2, 2, 2], style: unicode) == "▅▅▅")
        #expect(Sparkline.render([1, .nan, 3], style: unicode) == "▁ █")
        #expect(Sparkline.render([Double](), style: unicode) == "")
        #expect(Sparkline.render([Double.nan], style: unicode) == " ")
    }

    @Test func longSeriesAreResampledToWidth() {
        let values = (0..<1000).map { Double($0) }
        let line = Sparkline.render(values, maximumWidth: 25, style: unicode)
        #expect(line.count == 25)
        #expect(line.first == "▁" && line.last == "█")
        let levels = Array("▁▂▃▄▅▆▇█")
        let indices = line.map { levels.firstIndex(of: $0)! }
        #expect(zip(indices, indices.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Sparkline.render(values, style: RenderStyle(width: 40)).count == 40)
    }

    @Test func floatValues() {
        #expect(Sparkline.render([Float(1), 2, 3], style: ascii) == "_=#")
    }
}
