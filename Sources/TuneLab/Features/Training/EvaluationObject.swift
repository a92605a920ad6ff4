import Foundation
import TuneModels

extension SessionObjectKind {
    /// A measurement kept for checks: `eval`, `zeroshot`.
    public static let evaluation = SessionObjectKind("evaluation")
}

/// What `eval` or `zeroshot` measured, kept under a name for checks.
///
/// Language models publish `loss`, `perplexity`, `baseline` (unigram) and `uniform`
/// (ln of the vocabulary size), and with `terms=` the losses of single words
/// (`terms.loss`, `term.WORD.loss`, see `TermLossReport`); classifiers and prompts publish `accuracy`, its 95% Wilson
/// interval as `accuracyLow` and `accuracyHigh`, `f1`, `count`, `predicted.LABEL` (how
/// often each label was predicted) and `truePositive` style cells as `confusion.TRUE.PREDICTED`.
public final class EvaluationObject: SessionObject {
    public let kind = SessionObjectKind.evaluation
    public let name: String
    public let description: String
    public var numbers: [String: Double] = [:]
    public var metrics: ClassificationMetrics?

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }

    public var summary: String { description }

    public func value(at path: [String]) -> Double? {
        if let metrics {
            switch path {
            case ["accuracy"]: return metrics.accuracy
            case ["accuracyLow"]: return metrics.accuracyInterval?.lower
            case ["accuracyHigh"]: return metrics.accuracyInterval?.upper
            case ["f1"]: return metrics.macroF1
            case ["count"]: return Double(metrics.total)
            default:
                if path.count == 2, path[0] == "predicted", let c = metrics.labels.firstIndex(of: path[1]) {
                    return Double(metrics.labels.indices.reduce(0) { $0 + metrics.confusion[$1][c] })
                }
                if path.count == 3, path[0] == "confusion", let t = metrics.labels.firstIndex(of: path[1]),
                   let p = metrics.labels.firstIndex(of: path[2]) {
                    return Double(metrics.confusion[t][p])
                }
            }
        }
        // Numbers may be nested with dots ("term.battery.loss" is NAME.term.battery.loss).
        return numbers[path.joined(separator: ".")]
    }

    public var publishedPaths: [[String]] {
        var paths = numbers.keys.sorted().map { $0.split(separator: ".").map(String.init) }
        if let metrics {
            paths += [["accuracy"], ["f1"], ["count"]] + metrics.labels.map { ["predicted", $0] }
            paths += metrics.labels.flatMap { t in metrics.labels.map { ["confusion", t, $0] } }
            if metrics.accuracyInterval != nil { paths += [["accuracyLow"], ["accuracyHigh"]] }
        }
        return paths
    }
}

/// Printing classification results the same way everywhere.
enum ClassificationPrinting {
    /// An accuracy with its count and 95% Wilson interval: `0.71 (71 of 100; 95% CI 0.61–0.79)`.
    /// On 100 test sentences one sentence is one point; the interval shows how far another
    /// 100 could move the number, so two runs a few points apart are not told apart.
    static func accuracy(_ metrics: ClassificationMetrics) -> String {
        var text = "\(OutputRendering.number(metrics.accuracy)) (\(metrics.correct) of \(metrics.total)"
        if let interval = metrics.accuracyInterval {
            text += "; \(Int((interval.confidence * 100).rounded()))% CI "
                + NumberFormatting.fixed(interval.lower, decimals: 2) + "–" + NumberFormatting.fixed(interval.upper, decimals: 2)
        }
        return text + ")"
    }

    /// Accuracy, the confusion matrix (rows: true label, columns: predicted) and per-class scores.
    static func print(_ metrics: ClassificationMetrics, title: String, context: CommandContext) {
        let output = context.output
        let style = OutputRendering.style(for: output)
        output.line(output.styled(title, .bold) + ": accuracy " + accuracy(metrics))
        let table = TableRenderer(titles: ["true \\ predicted"] + metrics.labels + ["recall"])
        let scores = metrics.perClass
        let rows: [[TableRenderer.Cell]] = metrics.labels.indices.map { t in
            [.text(metrics.labels[t])] + metrics.confusion[t].map { .integer($0) } + [scores[t].recall.map { .number($0) } ?? .empty]
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
        let predicted = metrics.labels.indices.map { c in metrics.labels.indices.reduce(0) { $0 + metrics.confusion[$1][c] } }
        if let dominant = predicted.indices.max(by: { predicted[$0] < predicted[$1] }), metrics.total > 0,
           Double(predicted[dominant]) / Double(metrics.total) >= 0.8 {
            output.line("Note: \(predicted[dominant]) of \(metrics.total) predictions are \(metrics.labels[dominant]): the model leans heavily to one label.")
        }
    }
}
