import Testing
import TuneLab

/// Renderers must never crash, whatever the numbers: huge, tiny, infinite, NaN, or all equal.
@Suite struct RenderExtremeValuesTests {
    let extremes: [Double] = [-.greatestFiniteMagnitude, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 0, -0.0, .nan, .infinity]
    let styles = [
        RenderStyle(width: 50, color: false, unicode: true), RenderStyle(width: 50, color: true, unicode: false),
        RenderStyle(width: 1, color: false, unicode: false),
    ]

    @Test func everyRendererCopes() throws {
        // Subnormals: the smallest (5e-324) and about 1e-320, as values, not literals, which
        // the compiler warns lose precision.
        let datasets: [[Double]] = [
            extremes, [.greatestFiniteMagnitude, .greatestFiniteMagnitude], [.leastNonzeroMagnitude, .leastNonzeroMagnitude * 2024], [1e300, 1e300 + 1e285],
            [7, 7, 7], [1], [],
        ]
        for values in datasets {
            for style in styles {
                for scale in [AxisScale.linear, .logarithmic] {
                    let plot = LinePlot(series: [.init(name: "v", values: values)], xScale: scale, yScale: scale, height: 4)
                    let lines = plot.render(style: style)
                    #expect(!lines.isEmpty)
                    for line in lines { #expect(ANSI.visibleWidth(line) <= style.layoutWidth) }
                    _ = SVGPlot(plot: plot).render()
                }
                let histogram = try Histogram(values: values, binCount: 4)
                #expect(histogram.bins.map(\.count).reduce(0, +) == histogram.binnedCount)
                #expect(histogram.binnedCount == values.filter(\.isFinite).count)
                _ = histogram.render(style: style)
                if !values.isEmpty {
                    _ = try Heatmap(matrix: [values]).render(style: style)
                }
                #expect(Sparkline.render(values, style: style).count == min(values.count, style.layoutWidth))
                _ = TableRenderer(titles: ["value"]).render(rows: values.map { [.number($0)] }, style: style)
            }
        }
    }

    @Test func hugeValuesLandInTheRightBins() throws {
        let histogram = try Histogram(values: [-.greatestFiniteMagnitude, 0, .greatestFiniteMagnitude], binCount: 2)
        #expect(histogram.bins.map(\.count) == [1, 2])
        #expect(histogram.bins[0].upper == 0)
        let heatmap = try Heatmap(matrix: [[-.greatestFiniteMagnitude, 0, .greatestFiniteMagnitude]])
        #expect(heatmap.level(of: 0, levels: 5) == 2)
    }
}
