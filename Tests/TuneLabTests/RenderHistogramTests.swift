import Testing
import TuneLab

@Suite struct RenderHistogramTests {
    /// 1,000 deterministic values spread unevenly over [-1, 1].
    let values: [Double] = (0..<1000).map { index in
        let t = Double(index) / 999 * 2 - 1
        return t * t * t
    }

    @Test func countsSumToN() throws {
        let histogram = try Histogram(values: values, binCount: 7)
        #expect(histogram.bins.count == 7)
        #expect(histogram.bins.map(\.count).reduce(0, +) == values.count)
        #expect(histogram.binnedCount == 1000)
        // Cubes cluster near zero: the middle bin holds the most.
        #expect(histogram.bins.map(\.count).max() == histogram.bins[3].count)
    }

    @Test func binEdgesSpanTheRangeEvenly() throws {
        let histogram = try Histogram(values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], binCount: 5)
        #expect(histogram.bins.map(\.lower) == [0, 2, 4, 6, 8])
        #expect(histogram.bins.last?.upper == 10)
        // Left-closed bins; the maximum goes into the last bin.
        #expect(histogram.bins.map(\.count) == [2, 2, 2, 2, 3])
    }

    @Test func rendersEdgesBarsAndCounts() throws {
        let histogram = try Histogram(values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], binCount: 5, title: "weights")
        let style = RenderStyle(width: 40, color: false, unicode: false)
        let lines = histogram.render(style: style)
        #expect(lines.first == "weights")
        #expect(lines[1].hasPrefix("[ 0,  2)  ") && lines[1].hasSuffix("  2"))
        #expect(lines[5].hasPrefix("[ 8, 10]  ") && lines[5].hasSuffix("  3"))
        for line in lines[1...5] { #expect(line.count == 40) }
        // Bars are proportional to counts: the largest bin fills the bar.
        let barLengths = lines[1...5].map { $0.filter { $0 == "#" }.count }
        #expect(barLengths[4] == 40 - 8 - 4 - 1)  // width - edges - spacing - count
        #expect(barLengths[0] == Int((Double(barLengths[4]) * 2 / 3).rounded()))
        // The summary wraps to the width.
        #expect(lines[6] == "n = 11  mean = 5  std = 3.16  min = 0")
        #expect(lines[7] == "max = 10")
    }

    @Test func nonFiniteAndOutOfRangeValuesAreCountedNotBinned() throws {
        let histogram = try Histogram(values: [0.1, 0.2, .nan, 0.9, 5, .infinity], binCount: 2, range: 0...1)
        #expect(histogram.nonFiniteCount == 2)
        #expect(histogram.outOfRangeCount == 1)
        #expect(histogram.bins.map(\.count) == [2, 1])
        let lines = histogram.render(style: .plain)
        #expect(lines.contains("note: skipped 2 non-finite values (NaN or infinite)"))
        #expect(lines.contains("note: 1 values outside the range were not binned"))
    }

    @Test func unicodeBarsUseEighthBlocks() throws {
        let histogram = try Histogram(values: [Float](repeating: 1, count: 8) + [Float](repeating: 2, count: 3), binCount: 2)
        let lines = histogram.render(style: RenderStyle(width: 40, unicode: true))
        let bars = lines.prefix(2).map { $0.filter { "▏▎▍▌▋▊▉█".contains($0) } }
        #expect(bars[0].allSatisfy { $0 == "█" })
        #expect(bars[1].count >= 1 && bars[1].count < bars[0].count)
    }

    @Test func constantValuesGetAUnitRange() throws {
        let histogram = try Histogram(values: [3, 3, 3], binCount: 2)
        #expect(histogram.bins.first?.lower == 2.5 && histogram.bins.last?.upper == 3.5)
        #expect(histogram.bins.map(\.count).reduce(0, +) == 3)
    }

    @Test func invalidArgumentsThrowReadableErrors() {
        #expect(throws: RenderError.self) { try Histogram(values: [1.0], binCount: 0) }
        #expect(throws: RenderError.self) { try Histogram(values: [1.0], range: 1...1) }
        do {
            _ = try Histogram(values: [1.0], binCount: -3)
        } catch {
            #expect("\(error)" == "Histogram: argument `binCount` was -3; it accepts an integer from 1 to 1000")
        }
    }
}
