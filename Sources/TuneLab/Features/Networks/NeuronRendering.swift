import TuneEngine

/// Prints a neuron and its steps as a learner reads them: every number with its formula.
enum NeuronRendering {
    static func n(_ value: Double) -> String { NumberFormatting.format(value, significantDigits: 4) }

    /// The new neuron: its weights, its points and where it starts.
    static func describe(_ model: NeuronModel, to output: Output) {
        let neuron = model.neuron
        let inputs = neuron.weight.count
        output.line(output.styled("neuron \(model.name)", .bold) + ": y = \(neuron.activation.rawValue)(z), z = "
            + (1...inputs).map { "w\($0)·x\($0)" }.joined(separator: " + ") + " + b")
        output.line("  weights " + neuron.weight.values.enumerated().map { "w\($0.offset + 1) = \(n(Double($0.element)))" }.joined(separator: ", ")
            + ", bias b = \(n(Double(neuron.bias.values[0])))")
        output.line("  \(model.points.count) points, \(NeuronPoints.rule):")
        let table = TableRenderer(titles: ["point"] + (1...inputs).map { "x\($0)" } + ["target"])
        let rows: [[TableRenderer.Cell]] = model.points.inputs.enumerated().map { index, point in
            [.integer(index)] + point.map { .number(Double($0)) } + [.number(Double(model.points.targets[index]))]
        }
        for line in table.render(rows: rows, style: OutputRendering.style(for: output)) { output.line("  " + line) }
        if let accuracy = try? model.accuracy() {
            output.line("  loss over all points \(n(model.datasetLosses.last ?? 0)), accuracy \(Int((accuracy * 100).rounded()))%")
        }
    }

    /// One step in full: forward, loss, backward with the chain rule, update.
    static func render(_ step: NeuronStep, model: NeuronModel, to output: Output) {
        let inputs = step.input.count
        let indices = Array(0..<inputs)
        func heading(_ text: String) -> String { output.styled(text, .bold) }
        output.line(heading("step \(step.number)") + " on point \(step.pointIndex): x = (" + step.input.map(n).joined(separator: ", ")
            + "), target t = \(n(step.target))")
        output.line(heading("forward"))
        // Negative factors in parentheses: 0.31·(-0.74), not 0.31·-0.74.
        func factor(_ value: Double) -> String { value < 0 ? "(\(n(value)))" : n(value) }
        let products = indices.map { "\(n(step.weightsBefore[$0]))·\(factor(step.input[$0]))" }.joined(separator: " + ")
        output.line("  z = " + indices.map { "w\($0 + 1)·x\($0 + 1)" }.joined(separator: " + ") + " + b = \(products) + \(factor(step.biasBefore)) = \(n(step.preActivation))")
        output.line("  y = \(step.activation.rawValue)(z) = \(n(step.output))")
        switch step.lossKind {
        case .squared:
            output.line(heading("loss") + "  L = (y − t)² = (\(n(step.output)) − \(n(step.target)))² = \(n(step.loss))")
        case .crossEntropy:
            // −ln of the chance the neuron gave the right answer: y when t = 1, 1 − y when t = 0.
            let chance = step.target > 0.5 ? step.output : 1 - step.output
            output.line(heading("loss") + "  L = \(step.lossKind.formula) = −ln(\(step.target > 0.5 ? "y" : "1 − y")) = −ln(\(n(chance))) = \(n(step.loss))")
        }
        output.line(heading("backward") + " (chain rule: dL/dw = dL/dy · dy/dz · dz/dw)")
        output.line("  dL/dy = \(step.lossKind.slopeFormula) = \(n(step.lossSlope))")
        output.line("  dy/dz = \(step.activation.slopeFormula) = \(n(step.activationSlope))")
        output.line("  dL/dz = dL/dy · dy/dz = \(n(step.preActivationSlope))"
            + (step.lossKind == .crossEntropy && step.activation == .sigmoid ? "  (= y − t: the y(1 − y) cancels)" : ""))
        let style = OutputRendering.style(for: output)
        let table = TableRenderer(titles: ["param", "was", "dz/dparam", "dL/dz · dz/dparam", "autograd", "update −lr·grad", "now"])
        var rows: [[TableRenderer.Cell]] = indices.map { i in
            [.text("w\(i + 1)"), .number(step.weightsBefore[i]), .number(step.input[i]), .number(step.preActivationSlope * step.input[i]),
             .number(step.weightGradient[i]), .number(-step.learningRate * step.weightGradient[i]), .number(step.weightsAfter[i])]
        }
        rows.append([.text("b"), .number(step.biasBefore), .number(1), .number(step.preActivationSlope),
                     .number(step.biasGradient), .number(-step.learningRate * step.biasGradient), .number(step.biasAfter)])
        output.line(heading("update") + " with lr = \(n(step.learningRate)): new = was − lr · gradient")
        for line in table.render(rows: rows, style: style) { output.line("  " + line) }
        output.line("  chain rule by hand and autograd differ by at most \(NumberFormatting.scientific(step.chainRuleError, significantDigits: 2))")
        let accuracy = (try? model.accuracy()).map { ", accuracy \(Int(($0 * 100).rounded()))%" } ?? ""
        let losses = model.datasetLosses
        output.line("loss over all \(model.points.count) points: \(n(losses[losses.count - 2])) → \(n(losses[losses.count - 1]))\(accuracy)")
    }
}
