import Foundation

extension CommandSpec {
    /// `diagnose RUN`: what a run's curves say, in words and numbers.
    public static let diagnose = CommandSpec(
        verb: "diagnose",
        summary: "read a run's curves: gap, best step, rising validation loss, divergence, advice",
        details: """
            Draws training and validation loss side by side, then says: the generalization gap \
            (validation − training loss at the end), the best evaluation, whether validation loss \
            is rising (overfitting), whether training diverged (NaN/Inf) or exploded (the loss \
            ended above where it started) and why, or whether it barely moved (the rate may be \
            too low), and what to do next.
            """,
        examples: ["diagnose r1"],
        positionals: [PositionalSpec("run", .object(.run), summary: "a training run")]
    ) { invocation, context in
        let run = try RunCurves.run(invocation.text("run") ?? "", context: context)
        let output = context.output
        let style = OutputRendering.style(for: output)
        let d = run.diagnosis
        OutputRendering.print(RunCurves.trainAndValidation(run).render(style: style), to: output)
        func number(_ value: Float?) -> String { value.map { OutputRendering.number($0) } ?? "–" }
        let table = TableRenderer(titles: ["measure", "value"], title: "diagnosis of \(run.name) (\(run.modelName) on \(run.dataName))")
        var rows: [[TableRenderer.Cell]] = [
            ["steps", .integer(run.history.steps)],
            ["first → last training loss", .text("\(number(d.firstTrainLoss)) → \(number(d.recentTrainLoss))")],
        ]
        if let validation = d.finalValidation {
            rows.append(["final validation loss", .number(Double(validation.loss))])
            if let gap = d.gap { rows.append(["gap (validation − training)", .number(Double(gap))]) }
        }
        if let best = d.best {
            rows.append(["best evaluation", .text("step \(best.step) (epoch \(NumberFormatting.format(best.epoch, significantDigits: 3))): loss \(number(best.loss))"
                + (best.accuracy.map { ", accuracy \(OutputRendering.number($0))" } ?? ""))])
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
        // -- the verdicts, most serious first
        var verdicts: [String] = []
        let rate = NumberFormatting.setting(Double(run.options.learningRate))
        if let divergence = run.divergence {
            verdicts.append(output.styled("Diverged", .red, .bold) + ": \(divergence). The updates grew until the numbers overflowed. "
                + "Likely cause: the learning rate \(rate) is too high for this model. Try lr=\(NumberFormatting.setting(Double(run.options.learningRate) / 10)), "
                + "warmup=\(max(10, run.history.steps / 10)), or clip=1.")
        } else if d.isExploding {
            verdicts.append(output.styled("Exploding", .red, .bold) + ": the training loss went from \(number(d.firstTrainLoss)) to \(number(d.recentTrainLoss)) "
                + "(peak \(number(run.history.trainLosses.max()))): it got worse, not better. Likely cause: the learning rate \(rate) is too high. "
                + "Try lr=\(NumberFormatting.setting(Double(run.options.learningRate) / 10)) or run lrfind.")
        } else if d.isCrawling {
            verdicts.append(output.styled("Crawling", .yellow, .bold) + ": the training loss fell by only "
                + "\(NumberFormatting.format(100 * Double(((d.firstTrainLoss ?? 0) - (d.recentTrainLoss ?? 0)) / max(d.firstTrainLoss ?? 1, 1e-9)), significantDigits: 2))% "
                + "in \(run.history.steps) steps. Likely cause: the learning rate \(rate) is too low. Try lr=\(NumberFormatting.setting(Double(run.options.learningRate) * 10)) or run lrfind.")
        }
        if d.isValidationRising, let best = d.bestLoss, let last = d.finalValidation {
            verdicts.append(output.styled("Overfitting", .yellow, .bold) + ": validation loss rose from \(number(best.loss)) at step \(best.step) "
                + "to \(number(last.loss)) at step \(last.step) while training loss kept falling. Stop near step \(best.step): "
                + "early_stop=\(max(2, min(5, d.evaluationsSinceBestLoss))) keep_best=yes, or regularize (weight decay, dropout, more data).")
        } else if let gap = d.gap, gap > 0.3, !d.isExploding {
            verdicts.append(output.styled("Large gap", .yellow, .bold) + ": validation loss is \(number(gap)) above training loss. "
                + "The model fits its training data better than new data; watch for validation loss turning upward.")
        }
        if verdicts.isEmpty {
            if run.history.evaluations.isEmpty {
                verdicts.append("No evaluations on held-out data: nothing to say about generalization. Give the data a validation part, or eval=N.")
            } else {
                verdicts.append(output.styled("Healthy", .green, .bold) + ": the training loss fell and validation loss is still at or near its best"
                    + (d.evaluationsSinceBestLoss == 0 ? " (the last evaluation was the best: more steps may still help)." : "."))
            }
        }
        if run.history.stop == .earlyStopping { verdicts.append("Early stopping ended the run at step \(run.history.steps).") }
        for verdict in verdicts { output.line(verdict) }
    }
}
