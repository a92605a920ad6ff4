import Testing
import TuneLab

@Suite struct RenderTableTests {
    let table = TableRenderer(titles: ["optimizer", "lr", "loss", "steps"], title: "Sweep")
    let rows: [[TableRenderer.Cell]] = [
        ["adam", .number(0.001), .number(0.70312), 300],
        ["sgd with momentum", .number(0.1), .number(2.1342), 12345],
        ["adamw", .number(0.000123), .number(.nan), 7],
    ]

    /// Column start offsets, read from the rule line (runs of rule characters).
    func ruleRuns(_ rule: String) -> [(start: Int, width: Int)] {
        var runs: [(Int, Int)] = []
        var start: Int?
        let characters = Array(rule) + [" "]
        for (offset, character) in characters.enumerated() {
            if character != " " && start == nil { start = offset }
            if character == " ", let begin = start { runs.append((begin, offset - begin)); start = nil }
        }
        return runs
    }

    @Test func layoutIsTitleHeaderRuleRows() {
        let lines = table.render(rows: rows, style: .plain)
        #expect(lines.count == 1 + 1 + 1 + rows.count)
        #expect(lines[0] == "Sweep")
        #expect(lines[1].hasPrefix("optimizer"))
        #expect(lines[2].allSatisfy { $0 == "-" || $0 == " " })
    }

    @Test func columnsAreAlignedAndSizedToContent() {
        let lines = table.render(rows: rows, style: .plain)
        let runs = ruleRuns(lines[2])
        #expect(runs.map(\.width) == [17, 7, 6, 6])  // "sgd with momentum", "1.23e-4", "0.7031", "12,345"
        let body = lines[3...].map { Array($0) }
        for line in body {
            // Text column: starts at the column start.
            #expect(line[runs[0].start] != " ")
            // Numeric columns: right-aligned, so the last character of each column is a digit
            // or letter (nan), never padding.
            for run in runs.dropFirst() {
                #expect(line.count >= run.start + run.width)
                #expect(line[run.start + run.width - 1] != " ")
            }
        }
        #expect(lines[3] == "adam                 0.001  0.7031     300")
        #expect(lines[4] == "sgd with momentum      0.1   2.134  12,345")
        #expect(lines[5] == "adamw              1.23e-4     nan       7")
        // The numeric header is right-aligned over its column, the text header left-aligned.
        #expect(lines[1] == "optimizer               lr    loss   steps")
    }

    @Test func tooWideTablesAreTruncatedWithEllipsis() {
        let narrow = RenderStyle(width: 30, color: false, unicode: true)
        let lines = table.render(rows: rows, style: narrow)
        for line in lines { #expect(ANSI.visibleWidth(line) <= 30) }
        // The text column was narrowed, and its long cell cut with an ellipsis.
        #expect(lines[4].hasPrefix("sgd") && lines[4].contains("…"))
        // Numbers were not cut.
        #expect(lines[4].hasSuffix("12,345"))
        #expect(lines[3].hasSuffix("300"))
    }

    @Test func aTableThatRepeatsItsFirstColumnSplitsIntoBlocksInsteadOfCutting() {
        var wide = TableRenderer(titles: ["run", "early_stop", "keep_best", "train", "best val", "note"], title: "runs")
        wide.repeatsFirstColumn = true
        let cells: [[TableRenderer.Cell]] = [
            ["early_stopping_run", "3", "yes", .number(0.116), .number(0.678), "overfitting"],
            ["over", "", "", .number(0.0145), .number(0.6781), "overfitting"],
        ]
        let narrow = RenderStyle(width: 40, color: false, unicode: true)
        let lines = wide.render(rows: cells, style: narrow)
        for line in lines { #expect(ANSI.visibleWidth(line) <= 40, "\(line)") }
        #expect(!lines.joined().contains("…"))  // nothing cut
        // Blocks: title, then (header, rule, 2 rows) per block with a blank line between.
        let headers = lines.filter { $0.hasPrefix("run ") }
        #expect(headers.count >= 2)
        #expect(lines.filter { $0.hasPrefix("early_stopping_run") }.count == headers.count)  // the name in every block
        for title in ["early_stop", "keep_best", "train", "best val", "note"] {
            #expect(headers.filter { $0.contains(title) }.count == 1, "\(title)")
        }
        // Wide enough, it is one ordinary table.
        let one = wide.render(rows: cells, style: RenderStyle(width: 120, color: false, unicode: true))
        #expect(one.count == 1 + 1 + 1 + cells.count)
        // The blocks follow the columns' order and each fits beside column 0.
        #expect(TableRenderer.blocks([18, 10, 9, 6, 8, 11], into: 40) == [[0, 1], [0, 2, 3], [0, 4], [0, 5]])
        #expect(TableRenderer.blocks([18, 50], into: 40) == [[0, 1]])  // too wide alone: narrowed, not dropped
    }

    @Test func noEscapesWithoutColorAndBoldHeaderWithColor() {
        let plain = table.render(rows: rows, style: RenderStyle(width: 80, color: false, unicode: true))
        #expect(plain.allSatisfy { !$0.contains("\u{1B}") })
        #expect(plain[2].contains("─"))
        let colored = table.render(rows: rows, style: RenderStyle(width: 80, color: true, unicode: true))
        #expect(colored[1].contains("\u{1B}[1m"))
        // Visible content is the same either way.
        #expect(colored.map(ANSI.stripEscapes) == plain.map(ANSI.stripEscapes))
    }

    @Test func shortAndLongRowsKeepEveryCell() {
        let small = TableRenderer(titles: ["name"])
        let lines = small.render(rows: [["a", 1, 2], ["b"]], style: .plain)
        #expect(lines[0] == "name")
        #expect(ruleRuns(lines[1]).count == 3)
        #expect(lines[2] == "a     1  2")
        #expect(lines[3] == "b")
    }

    @Test func forcedAlignmentOverridesAutomatic() {
        let forced = TableRenderer(columns: [.init("id", alignment: .left), .init("name", alignment: .right)])
        let lines = forced.render(rows: [[7, "x"], [1234, "long"]], style: .plain)
        #expect(lines[2] == "7         x")
        #expect(lines[3] == "1,234  long")
    }
}
