import Testing
import TuneLab

@Suite struct RenderANSITests {
    let colorOn = RenderStyle(width: 80, color: true, unicode: true)
    let colorOff = RenderStyle(width: 80, color: false, unicode: true)

    @Test func colorHelpersAreNoOpsWithoutColor() {
        #expect(ANSI.colored("loss", .red, style: colorOff) == "loss")
        #expect(ANSI.bold("loss", style: colorOff) == "loss")
        #expect(ANSI.dim("loss", style: colorOff) == "loss")
        #expect(ANSI.background("  ", index: 240, style: colorOff) == "  ")
    }

    @Test func colorHelpersWrapInEscapesWithColor() {
        #expect(ANSI.colored("loss", .red, style: colorOn) == "\u{1B}[31mloss\u{1B}[0m")
        #expect(ANSI.bold("x", style: colorOn) == "\u{1B}[1mx\u{1B}[0m")
        #expect(ANSI.colored("x", .indexed(208), style: colorOn) == "\u{1B}[38;5;208mx\u{1B}[0m")
    }

    @Test func visibleWidthIgnoresEscapes() {
        #expect(ANSI.visibleWidth("abc") == 3)
        #expect(ANSI.visibleWidth(ANSI.colored("abc", .green, style: colorOn)) == 3)
        #expect(ANSI.visibleWidth("\u{1B}]8;;link\u{07}text\u{1B}]8;;\u{07}") == 4)
        #expect(ANSI.stripEscapes("\u{1B}[1;31mred\u{1B}[0m plain") == "red plain")
    }

    @Test func visibleWidthCountsWideCharactersTwice() {
        #expect(ANSI.visibleWidth("日本語") == 6)
        #expect(ANSI.visibleWidth("한국") == 4)
        #expect(ANSI.visibleWidth("ＡＢ") == 4)  // fullwidth Latin
        #expect(ANSI.visibleWidth("🙂") == 2)
        #expect(ANSI.visibleWidth("👍🏽") == 2)  // emoji with skin-tone modifier
        #expect(ANSI.visibleWidth("❤️") == 2)  // text heart + variation selector 16
        #expect(ANSI.visibleWidth("e\u{301}") == 1)  // combining accent
        #expect(ANSI.visibleWidth("a\u{200B}b") == 2)  // zero-width space
        #expect(ANSI.visibleWidth("⠉─│█") == 4)
    }

    @Test func truncateAddsEllipsisAndRespectsWidth() {
        let unicode = RenderStyle(unicode: true)
        let ascii = RenderStyle(unicode: false)
        #expect(ANSI.truncate("learning rate", toWidth: 8, style: unicode) == "learnin…")
        #expect(ANSI.truncate("learning rate", toWidth: 8, style: ascii) == "learnin.")
        #expect(ANSI.truncate("short", toWidth: 8, style: unicode) == "short")
        // A wide character that would straddle the limit is left out.
        let cut = ANSI.truncate("日本語テキスト", toWidth: 6, style: unicode)
        #expect(cut == "日本…")
        #expect(ANSI.visibleWidth(cut) <= 6)
    }

    @Test func padAlignsToExactWidth() {
        let style = RenderStyle()
        #expect(ANSI.pad("ab", toWidth: 5, alignment: .left, style: style) == "ab   ")
        #expect(ANSI.pad("ab", toWidth: 5, alignment: .right, style: style) == "   ab")
        #expect(ANSI.pad("ab", toWidth: 5, alignment: .center, style: style) == " ab  ")
        #expect(ANSI.visibleWidth(ANSI.pad("日本", toWidth: 7, style: style)) == 7)
    }

    @Test func wrapKeepsLinesWithinWidth() {
        let lines = ANSI.wrap(["alpha", "beta", "gamma", "delta"], width: 14, style: RenderStyle())
        #expect(lines == ["alpha   beta", "gamma   delta"])
    }

    @Test func detectReadsEnvironment() {
        let terminal = RenderStyle.detect(
            environment: ["COLUMNS": "132", "LANG": "en_US.UTF-8", "TERM": "xterm-256color"], isTerminal: true)
        #expect(terminal == RenderStyle(width: 132, color: true, unicode: true))
        let piped = RenderStyle.detect(environment: ["LANG": "C"], isTerminal: false)
        #expect(piped == RenderStyle(width: 80, color: false, unicode: false))
        let noColor = RenderStyle.detect(environment: ["NO_COLOR": "1", "LC_ALL": "C.UTF-8"], isTerminal: true)
        #expect(noColor.color == false && noColor.unicode == true)
        let dumb = RenderStyle.detect(environment: ["TERM": "dumb", "LANG": "en_US.UTF-8"], isTerminal: true)
        #expect(dumb.color == false && dumb.unicode == false)
        #expect(RenderStyle(width: 3).layoutWidth == RenderStyle.minimumWidth)
    }
}
