/// Progress of a run of steps, as a redrawable terminal line or as periodic plain log lines.
///
/// Terminal: `step 120/300 [====>     ] 40% 35.2 steps/s ETA 0:05 loss 2.134`, meant to be
/// written after `\r` on every update (see `frame`), then a newline at the end.
/// Not a terminal: `step 120/300 40% 35.2 steps/s ETA 0:05 loss 2.134` on its own line, only
/// at steps where `shouldEmit(step:)` is true, so logs and transcripts are the same on every run.
///
/// Pure: elapsed time is passed in, never read from a clock.
public struct ProgressBar: Sendable, Equatable {
    /// When a non-terminal progress line is written.
    public enum Schedule: Sendable, Equatable {
        /// The first step at or past each multiple of `fraction` of the total (0.1: at 10%,
        /// 20%, ... 100%).
        case everyFraction(Double)
        /// Every `steps`-th step, and the last step.
        case everySteps(Int)
    }

    /// The number of steps in the run.
    public let total: Int
    /// The word before the counts, e.g. `step` or `epoch`.
    public var unit: String
    /// Whether output goes to a terminal that can redraw a line with `\r`.
    public var isTerminal: Bool
    public let schedule: Schedule
    /// Columns between the brackets; nil fits the bar to the style's width (10 to 30 columns).
    public var barWidth: Int?

    /// - Throws: `RenderError` when `total` is below 1, a fraction is not in (0, 1], a step
    ///   interval is below 1, or `barWidth` is below 1.
    public init(total: Int, unit: String = "step", isTerminal: Bool,
                schedule: Schedule = .everyFraction(0.1), barWidth: Int? = nil) throws {
        guard total >= 1 else {
            throw RenderError(renderer: "ProgressBar", argument: "total", given: "\(total)",
                              accepted: "a step count of at least 1")
        }
        switch schedule {
        case .everyFraction(let fraction) where !(fraction > 0 && fraction <= 1):
            throw RenderError(renderer: "ProgressBar", argument: "schedule", given: ".everyFraction(\(fraction))",
                              accepted: "a fraction greater than 0 and at most 1")
        case .everySteps(let steps) where steps < 1:
            throw RenderError(renderer: "ProgressBar", argument: "schedule", given: ".everySteps(\(steps))",
                              accepted: "an interval of at least 1 step")
        default:
            break
        }
        if let barWidth, barWidth < 1 {
            throw RenderError(renderer: "ProgressBar", argument: "barWidth", given: "\(barWidth)",
                              accepted: "at least 1 column, or nil to fit the width")
        }
        self.total = total
        self.unit = unit
        self.isTerminal = isTerminal
        self.schedule = schedule
        self.barWidth = barWidth
    }

    /// Whether to write a line after `step` (counted from 1; the last step is `total`).
    ///
    /// A terminal redraws on every step (callers may still skip redraws to save time).
    /// Otherwise the decision depends only on `step`: see `Schedule`. Steps outside
    /// 1...total never emit.
    public func shouldEmit(step: Int) -> Bool {
        guard step >= 1 && step <= total else { return false }
        if isTerminal || step == total { return true }
        switch schedule {
        case .everySteps(let steps):
            return step % steps == 0
        case .everyFraction(let fraction):
            // Emit when step crosses the next multiple of fraction * total.
            let current = (Double(step) / Double(total) / fraction + 1e-9).rounded(.down)
            let previous = (Double(step - 1) / Double(total) / fraction + 1e-9).rounded(.down)
            return current > previous
        }
    }

    /// The progress text for `step` after `elapsedSeconds`, with `metrics` appended in order
    /// (each `name value`, values with 4 significant digits).
    ///
    /// Contains the bar when `isTerminal`, not otherwise. The rate is `step / elapsedSeconds`
    /// (shown as `--` before any time has passed), the ETA is the remaining steps at that
    /// rate. `step` is clamped to 0...total for display.
    public func line(step: Int, elapsedSeconds: Double, metrics: [(String, Double)] = [],
                     style: RenderStyle) -> String {
        let done = min(total, max(0, step))
        let fraction = Double(done) / Double(total)
        let percent = Int((fraction * 100).rounded(.down))
        let counter = "\(unit) \(done)/\(total)"
        var rateText = "-- \(unit)s/s"
        var etaText = "ETA --:--"
        if elapsedSeconds > 0 && elapsedSeconds.isFinite && done > 0 {
            let rate = Double(done) / elapsedSeconds
            rateText = "\(NumberFormatting.format(rate, significantDigits: 3)) \(unit)s/s"
            etaText = "ETA \(NumberFormatting.duration(seconds: Double(total - done) / rate))"
        }
        var tail = "\(percent)% \(rateText) \(etaText)"
        for (name, value) in metrics {
            tail += " \(name) \(NumberFormatting.format(value))"
        }
        guard isTerminal else { return ANSI.truncate("\(counter) \(tail)", toWidth: style.layoutWidth, style: style) }
        let available = style.layoutWidth - ANSI.visibleWidth(counter) - ANSI.visibleWidth(tail) - 4
        let columns = barWidth ?? min(30, max(10, available))
        let bar = "[" + ProgressBar.bar(fraction: fraction, width: columns, style: style) + "]"
        return ANSI.truncate("\(counter) \(bar) \(tail)", toWidth: style.layoutWidth, style: style)
    }

    /// What to write for `step`: on a terminal `\r` + the line padded with spaces to one column
    /// less than the width (erasing a longer previous line without wrapping); otherwise the
    /// plain line. Add a newline after the last terminal frame and after every plain line.
    public func frame(step: Int, elapsedSeconds: Double, metrics: [(String, Double)] = [],
                      style: RenderStyle) -> String {
        let text = line(step: step, elapsedSeconds: elapsedSeconds, metrics: metrics, style: style)
        guard isTerminal else { return text }
        let padding = max(0, style.layoutWidth - 1 - ANSI.visibleWidth(text))
        return "\r" + text + String(repeating: " ", count: padding)
    }

    /// The inside of the bar: `====>     ` without Unicode, `████▌     ` with it
    /// (the filled part in green when color is on).
    static func bar(fraction: Double, width: Int, style: RenderStyle) -> String {
        let clamped = min(1, max(0, fraction))
        if style.unicode {
            let eighths = Int((clamped * Double(width * 8)).rounded(.down))
            let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            let filled = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
            return ANSI.colored(filled, .green, style: style)
                + String(repeating: " ", count: width - filled.count)
        }
        let full = Int((clamped * Double(width)).rounded(.down))
        if full >= width { return ANSI.colored(String(repeating: "=", count: width), .green, style: style) }
        let filled = String(repeating: "=", count: full) + (clamped > 0 ? ">" : "")
        return ANSI.colored(filled, .green, style: style) + String(repeating: " ", count: width - filled.count)
    }
}
