import TuneModels

/// What a training run prints: the line before the first step, and the end-of-run report
/// (a table of evaluations, a loss sparkline, a closing line, how it stopped).
enum RunReport {
    /// "Training base on corpus: 300 steps of 16 windows of 64 tokens (2.1 epochs), steps=300 lr=0.005"
    static func headline(of plan: TrainingPlan, settings: [(key: String, value: String)]) -> String {
        let steps = plan.trainer.totalSteps, batch = plan.options.batchSize
        let items = (plan.task as? LanguageModelTask).map { "windows of \($0.training.contextLength) tokens" } ?? "examples"
        return "Training \(plan.target.model.name) on \(plan.target.data.name): \(steps) steps of \(batch) \(items)"
            + " (\(NumberFormatting.format(Double(steps * batch) / Double(plan.task.itemsPerEpoch), significantDigits: 3)) epochs), "
            + settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// The end-of-run report: a table of evaluations, a loss sparkline, and a closing line.
    static func printSummary(of run: RunObject, context: CommandContext) {
        let output = context.output
        let style = OutputRendering.style(for: output)
        let diagnosis = run.diagnosis
        let history = run.history
        if !diagnosis.points.isEmpty {
            OutputRendering.print(evaluationTable(diagnosis.points).render(rows: evaluationRows(diagnosis.points), style: style), to: output)
        }
        if !history.trainLosses.isEmpty {
            output.line("train loss " + Sparkline.render(history.trainLosses, maximumWidth: min(60, style.layoutWidth - 24), style: style)
                + "  \(OutputRendering.number(history.trainLosses.first!)) → \(OutputRendering.number(diagnosis.recentTrainLoss ?? history.trainLosses.last!))")
        }
        output.line(closing(of: run))
        if history.restoredBestWeights { output.line("Restored the weights of step \(history.bestStep ?? 0) (keep_best=yes).") }
        switch history.stop {
        case .stoppedByRequest:
            output.line("Stopped by Ctrl-C after \(history.steps) steps; kept the weights and the history so far.")
        case .earlyStopping:
            output.line("Stopped early: \(run.options.earlyStoppingPatience ?? 0) evaluations without improvement.")
        case .finished, .diverged: break
        }
        if let divergence = run.divergence {
            output.warning("training diverged: \(divergence). The weights are those of the last good step. See `diagnose \(run.name)`.")
        } else if diagnosis.isExploding {
            output.warning("the training loss ended above where it started: see `diagnose \(run.name)`.")
        }
    }

    private static func evaluationTable(_ points: [RunDiagnosis.Point]) -> TableRenderer {
        var titles = ["step", "epoch", "train loss", "val loss"]
        if points.contains(where: { $0.validation.accuracy != nil }) { titles.append("val acc") }
        return TableRenderer(titles: titles)
    }

    /// At most 12 rows: every k-th evaluation and always the last.
    private static func evaluationRows(_ points: [RunDiagnosis.Point]) -> [[TableRenderer.Cell]] {
        let hasAccuracy = points.contains { $0.validation.accuracy != nil }
        let stride = max(1, (points.count + 11) / 12)
        let chosen = points.enumerated().filter { $0.offset % stride == 0 || $0.offset == points.count - 1 }.map(\.element)
        return chosen.map { point in
            var row: [TableRenderer.Cell] = [.integer(point.step), .number(point.epoch),
                                             point.trainLoss.map { .number(Double($0)) } ?? .empty, .number(Double(point.validation.loss))]
            if hasAccuracy { row.append(point.validation.accuracy.map { .number(Double($0)) } ?? .empty) }
            return row
        }
    }

    /// "r1: 300 steps in 0:41; lowest val loss 1.9 at step 270; unigram baseline 3.1."
    private static func closing(of run: RunObject) -> String {
        let diagnosis = run.diagnosis
        var closing = "\(run.name): \(run.history.steps) steps in \(NumberFormatting.duration(seconds: run.history.elapsedSeconds))"
        if let best = diagnosis.bestAccuracy, let accuracy = best.accuracy {
            closing += "; highest val accuracy \(OutputRendering.number(accuracy)) at step \(best.step)"
        }
        if let lowest = diagnosis.bestLoss {
            closing += "; lowest val loss \(OutputRendering.number(lowest.loss)) at step \(lowest.step)"
        }
        if let baseline = run.unigramBaseline { closing += "; unigram baseline \(OutputRendering.number(baseline))" }
        if let test = run.test { closing += "; test accuracy " + ClassificationPrinting.accuracy(test) }
        return closing + "."
    }
}
