import Testing
import TuneLab

@Suite struct RenderHeatmapTests {
    @Test func shadingRunsFromLightestMinToDarkestMax() throws {
        let heatmap = try Heatmap(matrix: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
        for style in [RenderStyle(width: 40, unicode: true), RenderStyle(width: 40, unicode: false)] {
            let shades = Heatmap.shades(style: style)
            let row = Array(heatmap.render(style: style)[0])
            #expect(row.count == 20)  // 10 cells of 2 columns
            let cells = stride(from: 0, to: 20, by: 2).map { row[$0] }
            let levels = cells.map { shades.firstIndex(of: $0)! }
            #expect(levels.first == 0)
            #expect(levels.last == shades.count - 1)
            #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    @Test func colorUsesGrayBackgroundsFromLightToDark() throws {
        let heatmap = try Heatmap(matrix: [[-2, 0.5], [1, 8]])
        let lines = heatmap.render(style: RenderStyle(width: 40, color: true, unicode: true))
        #expect(lines[0].hasPrefix("\u{1B}[48;5;255;"))  // minimum: lightest gray
        #expect(lines[1].contains("\u{1B}[48;5;232;"))  // maximum: darkest gray
        #expect(ANSI.visibleWidth(lines[0]) == 4)
    }

    @Test func labelsAndLegend() throws {
        let attention: [[Double]] = [[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]]
        let heatmap = try Heatmap(matrix: attention, rowLabels: ["the", "cat", "sat"],
                                  columnLabels: ["the", "cat", "sat"], title: "attention")
        let lines = heatmap.render(style: RenderStyle(width: 40, unicode: false))
        #expect(lines[0] == "attention")
        #expect(lines[1] == "    the cat sat")
        #expect(lines[2] == "the @@@@        ")
        #expect(lines[3].hasPrefix("cat ") && lines[4].hasPrefix("sat "))
        #expect(lines[5] == "min 0 [ .:-=+*#%@] max 1")
        // Row label column and cells line up under the column labels.
        #expect(Array(lines[1]).firstIndex(of: "t") == 4)
    }

    @Test func longColumnLabelsAreWrittenDownwards() throws {
        let labels = (0..<8).map { "token\($0)" }
        let heatmap = try Heatmap(matrix: [(0..<8).map(Double.init)], columnLabels: labels)
        let lines = heatmap.render(style: RenderStyle(width: 20, unicode: false))
        // Cells shrink to 2 columns, too narrow for the labels: one character per line.
        #expect(lines.count == 6 + 1 + 1)
        #expect(lines[0] == "t t t t t t t t")
        #expect(lines[5] == "0 1 2 3 4 5 6 7")
        #expect(lines[6].count == 16)
    }

    @Test func nonFiniteCellsAndTooManyColumns() throws {
        let heatmap = try Heatmap(matrix: [[1, .nan, 3]])
        let lines = heatmap.render(style: .plain)
        #expect(lines[0].contains("?"))
        #expect(lines.contains("note: 1 non-finite values shown as ?"))
        let wide = try Heatmap(matrix: [Array(repeating: 1.0, count: 30)])
        let wideLines = wide.render(style: RenderStyle(width: 20, unicode: false))
        #expect(wideLines[0].count == 20)
        #expect(wideLines.last == "note: columns 21-30 of 30 do not fit the width and are not shown")
    }

    @Test func badShapesAreErrors() {
        #expect(throws: RenderError.self) { try Heatmap(matrix: [[Double]]()) }
        #expect(throws: RenderError.self) { try Heatmap(matrix: [[1.0, 2], [3]]) }
        #expect(throws: RenderError.self) { try Heatmap(matrix: [[1.0, 2]], rowLabels: ["a", "b"]) }
        #expect(throws: RenderError.self) { try Heatmap(matrix: [[1.0, 2]], columnLabels: ["a"]) }
        do {
            _ = try Heatmap(matrix: [[1.0, 2], [3]])
        } catch {
            #expect("\(error)".contains("row 1 with 1 values (row 0 has 2)"))
        }
    }

    @Test func noEscapesWithoutColor() throws {
        let heatmap = try Heatmap(matrix: [[Float(0), 1], [2, 3]], rowLabels: ["a", "b"], title: "t")
        #expect(heatmap.render(style: RenderStyle(width: 40, color: false, unicode: true)).allSatisfy { !$0.contains("\u{1B}") })
    }
}
