import Testing
import TuneLab

@Suite struct RenderProgressBarTests {
    let ascii = RenderStyle(width: 80, color: false, unicode: false)

    @Test func terminalLineAtGivenSteps() throws {
        let bar = try ProgressBar(total: 300, isTerminal: true, barWidth: 10)
        #expect(bar.line(step: 120, elapsedSeconds: 120 / 35.2, metrics: [("loss", 2.13412)], style: ascii)
            == "step 120/300 [====>     ] 40% 35.2 steps/s ETA 0:05 loss 2.134")
        #expect(bar.line(step: 0, elapsedSeconds: 0, style: ascii)
            == "step 0/300 [          ] 0% -- steps/s ETA --:--")
        #expect(bar.line(step: 300, elapsedSeconds: 60, metrics: [("loss", 0.5), ("acc", 0.91)], style: ascii)
            == "step 300/300 [==========] 100% 5 steps/s ETA 0:00 loss 0.5 acc 0.91")
        // Steps beyond the total are shown as the total.
        #expect(bar.line(step: 400, elapsedSeconds: 60, style: ascii).hasPrefix("step 300/300"))
    }

    @Test func unicodeBarUsesBlocks() throws {
        let bar = try ProgressBar(total: 8, unit: "epoch", isTerminal: true, barWidth: 4)
        let line = bar.line(step: 3, elapsedSeconds: 6, style: RenderStyle(width: 80, unicode: true))
        #expect(line == "epoch 3/8 [█▌  ] 37% 0.5 epochs/s ETA 0:10")
    }

    @Test func automaticBarWidthFitsTheStyle() throws {
        let bar = try ProgressBar(total: 300, isTerminal: true)
        for width in [40, 60, 80, 120] {
            let line = bar.line(step: 150, elapsedSeconds: 10, metrics: [("loss", 1.5)], style: RenderStyle(width: width, unicode: false))
            #expect(line.count <= width)
            let inside = line.split(separator: "[")[1].split(separator: "]")[0]
            #expect((10...30).contains(inside.count))
        }
    }

    @Test func terminalFrameRedrawsTheLine() throws {
        let bar = try ProgressBar(total: 10, isTerminal: true, barWidth: 10)
        let frame = bar.frame(step: 5, elapsedSeconds: 1, style: RenderStyle(width: 60, unicode: false))
        #expect(frame.hasPrefix("\rstep 5/10 [=====>    ] 50%"))
        #expect(frame.count == 1 + 59)
        #expect(!frame.contains("\n"))
        #expect((1...10).allSatisfy { bar.shouldEmit(step: $0) })
    }

    @Test func plainLinesHaveNoBarAndNoControlCharacters() throws {
        let bar = try ProgressBar(total: 300, isTerminal: false)
        let frame = bar.frame(step: 120, elapsedSeconds: 120 / 35.2, metrics: [("loss", 2.134)], style: ascii)
        #expect(frame == "step 120/300 40% 35.2 steps/s ETA 0:05 loss 2.134")
    }

    @Test func nonTerminalEmitsAtEveryTenthDeterministically() throws {
        let bar = try ProgressBar(total: 300, isTerminal: false)
        let emitted = (1...300).filter { bar.shouldEmit(step: $0) }
        #expect(emitted == [30, 60, 90, 120, 150, 180, 210, 240, 270, 300])
        // Totals that do not divide evenly: first step at or past each tenth, always the last.
        let odd = try ProgressBar(total: 7, isTerminal: false, schedule: .everyFraction(0.25))
        #expect((1...7).filter { odd.shouldEmit(step: $0) } == [2, 4, 6, 7])
        let small = try ProgressBar(total: 3, isTerminal: false)
        #expect((1...3).filter { small.shouldEmit(step: $0) } == [1, 2, 3])
        #expect(!bar.shouldEmit(step: 0) && !bar.shouldEmit(step: 301))
    }

    @Test func nonTerminalEmitsEveryNSteps() throws {
        let bar = try ProgressBar(total: 25, isTerminal: false, schedule: .everySteps(10))
        #expect((1...25).filter { bar.shouldEmit(step: $0) } == [10, 20, 25])
    }

    @Test func invalidArgumentsThrow() {
        #expect(throws: RenderError.self) { try ProgressBar(total: 0, isTerminal: true) }
        #expect(throws: RenderError.self) { try ProgressBar(total: 5, isTerminal: false, schedule: .everyFraction(0)) }
        #expect(throws: RenderError.self) { try ProgressBar(total: 5, isTerminal: false, schedule: .everySteps(0)) }
        #expect(throws: RenderError.self) { try ProgressBar(total: 5, isTerminal: true, barWidth: 0) }
    }
}
