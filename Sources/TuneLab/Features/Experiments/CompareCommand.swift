import Foundation

extension CommandSpec {
    /// `compare RUN RUN ...`: runs side by side.
    public static let compare = CommandSpec(
        verb: "compare",
        summary: "compare training runs (or a sweep's runs): a table and their curves overlaid",
        examples: ["compare r1 r2", "compare sweep1", "compare r1 r2 r3 curve=train"],
        positionals: [PositionalSpec("run", .text, summary: "a run or a sweep")]
            + (2...6).map { PositionalSpec("run\($0)", .text, summary: "another run", required: false) },
        keys: [KeySpec("curve", .choice(["val", "train", "accuracy"]), summary: "which curve to overlay (default: val when every run has it)")]
    ) { invocation, context in
        let names = ["run"] + (2...6).map { "run\($0)" }
        let runs = try CompareSupport.runs(names.compactMap { invocation.text($0) }, context: context)
        let curve = invocation.text("curve").flatMap(RunCurves.Curve.init(rawValue:)) ?? RunCurves.bestCurve(for: runs)
        SweepSupport.printComparison(runs, title: "runs " + runs.map(\.name).joined(separator: ", "), context: context)
        if invocation.text("curve") != nil {
            let plot = RunCurves.overlay(runs, curve: curve, title: curve.rawValue)
            OutputRendering.print(plot.render(style: OutputRendering.style(for: context.output)), to: context.output)
        }
    }

    /// `plot RUN [RUN...] [file=loss.svg]`: a run's curves, in the terminal or as SVG.
    public static let plot = CommandSpec(
        verb: "plot",
        summary: "plot a run's training and validation loss (or several runs' curves), on screen or as an SVG file",
        examples: ["plot r1", "plot r1 file=loss.svg", "plot r1 r2 curve=val file=compare.svg"],
        positionals: [PositionalSpec("run", .text, summary: "a run or a sweep")]
            + (2...6).map { PositionalSpec("run\($0)", .text, summary: "another run", required: false) },
        keys: [
            KeySpec("file", .writableFile, summary: "write an SVG file instead of drawing in the terminal", example: "loss.svg"),
            KeySpec("curve", .choice(["val", "train", "accuracy"]), summary: "several runs: which curve (default val)"),
        ]
    ) { invocation, context in
        let names = ["run"] + (2...6).map { "run\($0)" }
        let runs = try CompareSupport.runs(names.compactMap { invocation.text($0) }, context: context)
        let plot: LinePlot
        if runs.count == 1, invocation.text("curve") == nil {
            plot = RunCurves.trainAndValidation(runs[0])
        } else {
            let curve = invocation.text("curve").flatMap(RunCurves.Curve.init(rawValue:)) ?? RunCurves.bestCurve(for: runs)
            plot = RunCurves.overlay(runs, curve: curve, title: curve == .accuracy ? "validation accuracy" : curve == .train ? "training loss (smoothed)" : "validation loss")
        }
        guard !plot.series.isEmpty else { throw CommandError("\(runs.map(\.name).joined(separator: ", ")): nothing to plot yet (no steps).") }
        // Kept with the transcript too, so a notebook export shows the plot as SVG.
        context.session.transcript.attach(svg: SVGPlot(plot: plot).render())
        if let file = invocation.text("file") {
            let url = try context.writableURL(file, argument: "file=")
            do {
                try SVGPlot(plot: plot).render().write(to: url, atomically: true, encoding: .utf8)
            } catch {
                throw CommandError("file=\(file): could not write it (\(error.localizedDescription)).")
            }
            context.output.line("Wrote \(url.path) (\(plot.series.count) curve\(plot.series.count == 1 ? "" : "s")).")
        } else {
            OutputRendering.print(plot.render(style: OutputRendering.style(for: context.output)), to: context.output)
        }
    }
}

enum CompareSupport {
    /// The runs named (a sweep's name stands for its runs).
    static func runs(_ names: [String], context: CommandContext) throws -> [RunObject] {
        var runs: [RunObject] = []
        for name in names {
            if let sweep = context.session.object(named: name) as? SweepObject { runs += sweep.runs } else { runs.append(try RunCurves.run(name, context: context)) }
        }
        return runs
    }
}
