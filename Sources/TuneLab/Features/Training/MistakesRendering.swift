import Foundation
import TuneModels

/// Printing a `MistakeAnalysis`: a count line, then each analysed mistake with its
/// decisive words highlighted (bold yellow; [brackets] without color).
package enum MistakesRendering {
    static func print(_ analysis: MistakeAnalysis, modelName: String, dataName: String, partName: String, output: Output) {
        let labels = analysis.labels
        let sentences = partName == "all" ? "sentences" : "\(partName) sentences"
        output.line(output.styled("\(analysis.mistakes.count) of \(analysis.total) \(sentences)", .bold)
            + " of \(dataName) misclassified by \(modelName)"
            + (analysis.mistakes.isEmpty ? "." : "; mean confidence of the mistakes \(probability(analysis.meanConfidence))."))
        let shown = analysis.analysed
        guard !shown.isEmpty else { return }
        let marker = output.useColor ? "highlighted" : "in [brackets]"
        output.line("The \(shown.count == 1 ? "most confident mistake" : "\(shown.count) most confident mistakes"); \(marker): "
            + "the words whose removal most lowers the wrong prediction.")
        let style = OutputRendering.style(for: output)
        let indent = "    "
        for (number, mistake) in shown.enumerated() {
            guard let occlusion = mistake.occlusion else { continue }
            let predicted = labels[mistake.prediction]
            output.line()
            output.line(String(format: "%2d. ", number + 1) + "true \(labels[mistake.truth]), predicted "
                + output.styled(predicted, .bold) + " \(probability(Double(mistake.confidence)))")
            // The sentence, its decisive words marked, wrapped under the number.
            let decisive = occlusion.decisiveWords()
            let marked = Set(decisive.map(\.index))
            let words = OcclusionAnalysis.words(of: mistake.text).enumerated().map { index, word in
                marked.contains(index) ? highlight(word, output: output) : word
            }
            for line in ANSI.wrap(words, width: max(20, output.width - indent.count), separator: " ", style: style) {
                output.line(indent + line)
            }
            guard let top = decisive.first else {
                output.line(indent + output.styled("No single word's removal lowers P(\(predicted)).", .dim))
                continue
            }
            let flips = top.predictionWithout == mistake.truth ? ", now \(labels[mistake.truth])" : ""
            let (before, after) = probabilities(mistake.confidence, top.probabilitiesWithout[mistake.prediction])
            output.line(indent + "without \"\(top.text)\": P(\(predicted)) \(before) → \(after)\(flips)")
            let others = mistake.wordsFlippingToTruth.filter { $0.index != top.index }
            // A few other words that flip it are named; many mean the decision sat on a knife's edge.
            if !others.isEmpty {
                let which = others.count <= 3
                    ? others.map { "\"\($0.text)\"" }.joined(separator: ", ") + " alone also makes"
                    : "any one of \(others.count) other words also makes"
                output.line(indent + output.styled("Removing \(which) it \(labels[mistake.truth]).", .dim))
            }
        }
        output.line()
        output.line("\(analysis.flippedByOneWord) of the \(shown.count) shown turn into the true label when a single word is removed.")
    }

    /// A probability with two decimals: 0.81.
    static func probability(_ value: Double) -> String { NumberFormatting.fixed(value, decimals: 2) }

    /// A probability before and after, with two decimals, or three when two would print
    /// the same number for values that differ (0.532 → 0.528, not 0.53 → 0.53).
    package static func probabilities(_ before: Float, _ after: Float) -> (String, String) {
        let two = (probability(Double(before)), probability(Double(after)))
        guard two.0 == two.1, before != after else { return two }
        return (NumberFormatting.fixed(Double(before), decimals: 3), NumberFormatting.fixed(Double(after), decimals: 3))
    }

    /// A decisive word: bold yellow on a color terminal, in [brackets] otherwise (NO_COLOR,
    /// a pipe, a transcript), so the marking survives without color.
    package static func highlight(_ word: String, output: Output) -> String {
        output.useColor ? output.styled(word, .bold, .yellow) : "[\(word)]"
    }
}
