import Foundation
import Testing
import TuneLab

@Suite struct RenderLinePlotTests {
    /// A smoothly decreasing loss curve.
    let loss: [Double] = (0..<40).map { 2.5 * exp(-Double($0) / 10) + 0.3 }

    /// The canvas rows (text right of the y axis) and the axis line index.
    func canvas(_ lines: [String], height: Int, unicode: Bool) -> (rows: [[Character]], axisLine: Int)? {
        let corner: Character = unicode ? "└" : "+"
        guard let axisIndex = lines.firstIndex(where: { line in
            line.trimmingCharacters(in: .whitespaces).first == corner && line.contains(unicode ? "─" : "-")
        }) else { return nil }
        let column = Array(lines[axisIndex]).firstIndex(of: corner)!
        let rows = lines[(axisIndex - height)..<axisIndex].map { Array(Array($0)[(column + 1)...]) }
        return (rows, axisIndex)
    }

    /// Lit braille dots as (dotX, dotY) pairs.
    func brailleDots(_ rows: [[Character]]) -> [(x: Int, y: Int)] {
        let leftBits: [UInt32] = [0x01, 0x02, 0x04, 0x40]
        let rightBits: [UInt32] = [0x08, 0x10, 0x20, 0x80]
        var dots: [(Int, Int)] = []
        for (row, cells) in rows.enumerated() {
            for (column, cell) in cells.enumerated() {
                let value = cell.unicodeScalars.first!.value
                guard (0x2801...0x28FF).contains(value) else { continue }
                let bits = value - 0x2800
                for dotRow in 0..<4 {
                    if bits & leftBits[dotRow] != 0 { dots.append((column * 2, row * 4 + dotRow)) }
                    if bits & rightBits[dotRow] != 0 { dots.append((column * 2 + 1, row * 4 + dotRow)) }
                }
            }
        }
        return dots
    }

    @Test func exactDimensions() {
        let plot = LinePlot(series: [.init(name: "train", values: loss)], title: "Loss",
                            xLabel: "step", yLabel: "loss", height: 9)
        for style in [RenderStyle(width: 64, unicode: true), RenderStyle(width: 64, unicode: false)] {
            let lines = plot.render(style: style)
            // title, y label, 9 canvas rows, axis, tick labels, x label, legend
            #expect(lines.count == 1 + 1 + 9 + 1 + 1 + 1 + 1)
            let canvasAndAxis = lines[2...11]
            for line in canvasAndAxis { #expect(ANSI.visibleWidth(line) == 64) }
            for line in lines { #expect(ANSI.visibleWidth(line) <= 64) }
        }
    }

    @Test func monotoneSeriesDrawsMonotoneBraillePath() throws {
        let plot = LinePlot(series: [.init(name: "train", values: loss)], height: 10)
        let lines = plot.render(style: RenderStyle(width: 70, color: false, unicode: true))
        let (rows, _) = try #require(canvas(lines, height: 10, unicode: true))
        let dots = brailleDots(rows)
        #expect(!dots.isEmpty)
        // For each dot column, the highest and lowest lit dot; a decreasing series moves
        // down (dot rows grow) from left to right, without gaps in x.
        let columns = Dictionary(grouping: dots, by: \.x).sorted { $0.key < $1.key }
        #expect(columns.count == columns.last!.key - columns.first!.key + 1)
        for (previous, next) in zip(columns, columns.dropFirst()) {
            #expect(previous.value.map(\.y).min()! <= next.value.map(\.y).min()!)
            #expect(previous.value.map(\.y).max()! <= next.value.map(\.y).max()!)
        }
        // The axis runs 0...3 over 40 dot rows: the first value, 2.8, sits at dot row
        // round((1 - 2.8 / 3) * 39) = 3; the last, 0.35, in the bottom rows.
        #expect(columns.first!.value.map(\.y).min()! == 3)
        #expect(columns.last!.value.map(\.y).max()! >= 20)
    }

    @Test func increasingSeriesInMarkerModeRises() throws {
        let rising = LinePlot.Series(name: "accuracy", values: (0..<30).map { Double($0) * Double($0) })
        let plot = LinePlot(series: [rising], height: 8)
        let lines = plot.render(style: RenderStyle(width: 50, color: false, unicode: false))
        let (rows, _) = try #require(canvas(lines, height: 8, unicode: false))
        var topRowByColumn: [Int: Int] = [:]
        for (row, cells) in rows.enumerated() {
            for (column, cell) in cells.enumerated() where cell == "*" && topRowByColumn[column] == nil {
                topRowByColumn[column] = row
            }
        }
        let ordered = topRowByColumn.sorted { $0.key < $1.key }.map(\.value)
        #expect(ordered.count > 10)
        #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(ordered.first == 7 && ordered.last! <= 1)
    }

    @Test func logAxisTicksArePowersOfTen() {
        let axis = PlotAxis(covering: [3e-6, 0.5], scale: .logarithmic, tickCount: 7)
        #expect(axis.ticks == [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1])
        #expect(axis.tickLabels == ["1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1", "1"])
        #expect(abs(axis.fraction(of: 1e-3) - 0.5) < 1e-12)
        // Many decades: every other power of ten.
        let wide = PlotAxis(covering: [1e-8, 1e3], scale: .logarithmic, tickCount: 6)
        #expect(wide.ticks == [1e-8, 1e-5, 1e-2, 10, 1e4])
        // One decade: 1, 2, 5 multiples.
        let narrow = PlotAxis(covering: [0.2, 0.8], scale: .logarithmic)
        #expect(narrow.ticks == [0.1, 0.2, 0.5, 1])
    }

    @Test func linearAxisTicksAreRound() {
        let axis = PlotAxis(covering: [0.31, 2.74], scale: .linear, tickCount: 6)
        #expect(axis.ticks == [0, 0.5, 1, 1.5, 2, 2.5, 3])
        #expect(axis.tickLabels == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"])
        let flat = PlotAxis(covering: [2, 2, 2], scale: .linear)
        #expect(flat.lower < 2 && flat.upper > 2)
    }

    @Test func learningRateFinderOnLogAxis() {
        let rates = (0..<25).map { pow(10, -6 + Double($0) * 0.25) }  // 1e-6 ... 1
        let losses = rates.map { 3 - 0.3 * log10($0 / 1e-6) }
        let series = try! LinePlot.Series(name: "loss", x: rates, y: losses)
        let plot = LinePlot(series: [series], xLabel: "learning rate", xScale: .logarithmic, height: 6,
                            markers: [.init(x: 1e-3, label: "suggested")])
        let lines = plot.render(style: RenderStyle(width: 72, unicode: true))
        let tickLine = lines.first { $0.contains("1e-6") }
        #expect(tickLine != nil)
        for label in ["1e-6", "1e-4", "0.01", "1"] { #expect(tickLine?.contains(label) == true) }
        // Equal ratios are equal distances: 1e-6, 1e-4, 0.01 and 1 are evenly spaced.
        let text = tickLine ?? ""
        let centers = ["1e-6", "1e-4", "0.01"].map { label -> Int in
            let start = text.distance(from: text.startIndex, to: text.range(of: label)!.lowerBound)
            return start + label.count / 2
        }
        let gaps = zip(centers, centers.dropFirst()).map { $1 - $0 }
        #expect(abs(gaps[0] - gaps[1]) <= 1)
        #expect(lines.contains { $0.contains("│ suggested: 0.001") })
    }

    @Test func nonFinitePointsAreSkippedAndNoted() {
        var values = loss
        values[5] = .nan
        values[6] = .infinity
        values[20] = -.infinity
        let plot = LinePlot(series: [.init(name: "train", values: values)], height: 6)
        let lines = plot.render(style: RenderStyle(width: 60, unicode: true))
        #expect(lines.last == "note: train: skipped 3 non-finite (NaN or infinite) points")
        // The axis still spans the finite values only.
        #expect(!lines.contains { $0.contains("inf") && !$0.hasPrefix("note") })
    }

    @Test func nonPositiveValuesOnLogAxisAreNoted() {
        let plot = LinePlot(series: [.init(name: "loss", values: [1, 0.5, 0, -1, 0.1])], yScale: .logarithmic, height: 4)
        let lines = plot.render(style: .plain)
        #expect(lines.last == "note: loss: skipped 2 not positive (log y axis) points")
    }

    @Test func nothingToPlot() {
        let plot = LinePlot(series: [.init(name: "loss", values: [.nan, .nan])], title: "Loss")
        #expect(plot.render(style: .plain) == [
            "Loss", "(no points to plot)", "note: loss: skipped 2 non-finite (NaN or infinite) points",
        ])
    }

    @Test func verticalMarkerIsDrawnInOneColumn() throws {
        let plot = LinePlot(series: [.init(name: "valid", values: loss)], height: 8,
                            markers: [.init(x: 30, label: "best epoch"), .init(x: 99, label: "late")])
        let lines = plot.render(style: RenderStyle(width: 60, unicode: false))
        let (rows, _) = try #require(canvas(lines, height: 8, unicode: false))
        let markerColumns = Set(rows.flatMap { row in row.indices.filter { row[$0] == "|" } })
        #expect(markerColumns.count == 1)
        #expect(lines.contains { $0.contains("| best epoch: 30") })
        #expect(lines.last == "note: marker \"late\" at x = 99 is outside the x axis")
    }

    @Test func seriesAreDistinguishable() {
        let plot = LinePlot(series: [.init(name: "train", values: loss), .init(name: "valid", values: loss.map { $0 + 0.5 })], height: 8)
        // No color: distinct markers, named in the legend, no escapes.
        let plain = plot.render(style: RenderStyle(width: 60, color: false, unicode: true))
        #expect(plain.allSatisfy { !$0.contains("\u{1B}") })
        #expect(plain.contains { $0.contains("*") } && plain.contains { $0.contains("+") })
        #expect(plain.last == "* train   + valid")
        // Color: braille in two different colors.
        let colored = plot.render(style: RenderStyle(width: 60, color: true, unicode: true))
        let joined = colored.joined()
        #expect(joined.contains("\u{1B}[36m") && joined.contains("\u{1B}[35m"))
        #expect(colored.map(ANSI.stripEscapes).contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })
    }

    @Test func mismatchedSeriesIsAnError() {
        #expect(throws: RenderError.self) { try LinePlot.Series(name: "bad", x: [1, 2, 3], y: [1, 2]) }
        do {
            _ = try LinePlot.Series(name: "bad", x: [1, 2, 3], y: [1, 2])
        } catch {
            #expect("\(error)".contains("`x`") && "\(error)".contains("3 values for 2 y values"))
        }
    }
}
