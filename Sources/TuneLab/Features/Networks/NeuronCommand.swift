import TuneEngine

extension CommandSpec {
    /// `neuron new|step|train NAME ...`: one neuron, trained one point at a time, printed in full.
    public static let neuron = CommandSpec(
        verb: "neuron",
        summary: "a single neuron: make it, take one fully printed step, or train it",
        details: """
            One neuron y = f(w·x + b) learns which side of the line x2 = 0.5·x1 each of 8 points \
            is on: make it with neuron new, take one fully printed step with neuron step, or many \
            with neuron train.
            """,
        examples: ["neuron new n1", "neuron step n1 lr=0.5", "neuron train n1 steps=40", "neuron new n2 inputs=3 activation=tanh seed=4", "neuron new n4 loss=crossentropy"],
        subcommands: [neuronNew, neuronStep, neuronTrain]
    )

    /// `neuron new NAME`: a neuron and its 8 points.
    static let neuronNew = CommandSpec(
        verb: "new",
        summary: "make a neuron and 8 points to learn",
        details: """
            neuron new NAME makes one neuron y = f(w·x + b) and 8 points in the square [−1, 1]², \
            each with target 1 above the line x2 = 0.5·x1 and 0 below it.
            """,
        examples: ["neuron new n1", "neuron new n2 inputs=3 activation=tanh seed=4", "neuron new n4 loss=crossentropy"],
        positionals: [PositionalSpec("name", .text, summary: "the neuron's name")],
        keys: [
            KeySpec("inputs", .integer(in: 1...8), summary: "how many inputs", default: "2"),
            KeySpec("activation", .choice(["sigmoid", "relu", "tanh", "identity"]), summary: "the function f", default: "sigmoid"),
            KeySpec("seed", .integer(atLeast: 0), summary: "seed for the weights and points (default: the session seed)"),
            KeySpec("loss", .choice(NeuronLoss.allCases.map(\.rawValue)), summary: "squared error, or cross-entropy (sigmoid only)", default: "squared"),
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        try CommandChecks.checkNewName(name, in: context.session)
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let activation = ActivationKind(rawValue: invocation.text("activation") ?? "sigmoid") ?? .sigmoid
        let loss = NeuronLoss(rawValue: invocation.text("loss") ?? "squared") ?? .squared
        if loss == .crossEntropy, activation != .sigmoid {
            throw CommandError("loss=crossentropy reads the output as a probability, which only activation=sigmoid gives (\(activation.rawValue) outputs can leave 0…1).")
        }
        let model = try NeuronModel(name: name, inputs: invocation.integer("inputs") ?? 2, activation: activation, loss: loss,
                                    seed: RandomGenerator(seed: seed).derived(0x4E45_5552))
        context.session.add(model)
        NeuronRendering.describe(model, to: context.output)
    }

    /// `neuron step NAME`: one step on the next point, every number printed.
    static let neuronStep = CommandSpec(
        verb: "step",
        summary: "take one step on the next point, printing every number",
        details: """
            neuron step NAME takes ONE step on the next point: forward, loss ((y − t)², or with \
            loss=crossentropy −ln of the chance given to the right answer), backward \
            (each gradient with its chain-rule factors next to what autograd computed) and the \
            update w ← w − lr·dL/dw.
            """,
        examples: ["neuron step n1 lr=0.5"],
        positionals: [PositionalSpec("name", .text, summary: "the neuron's name")],
        keys: [neuronLearningRate]
    ) { invocation, context in
        let model = try CommandChecks.object(invocation.text("name") ?? "", as: NeuronModel.self, kindName: "neuron", in: context.session)
        let step = try model.step(learningRate: invocation.number("learningRate") ?? 0.5)
        NeuronRendering.render(step, model: model, to: context.output)
    }

    /// `neuron train NAME steps=N`: N steps, the loss drawn as a sparkline.
    static let neuronTrain = CommandSpec(
        verb: "train",
        summary: "take many steps and draw the loss",
        details: """
            neuron train NAME steps=N takes N steps, one point each, and draws the loss over all \
            points as a sparkline.
            """,
        examples: ["neuron train n1 steps=40"],
        positionals: [PositionalSpec("name", .text, summary: "the neuron's name")],
        keys: [neuronLearningRate, KeySpec("steps", .integer(in: 1...100_000), summary: "how many steps", default: "40")]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        let model = try CommandChecks.object(name, as: NeuronModel.self, kindName: "neuron", in: context.session)
        let steps = invocation.integer("steps") ?? 40
        let learningRate = invocation.number("learningRate") ?? 0.5
        let startLoss = model.datasetLosses.last ?? 0
        let startCount = model.datasetLosses.count
        let progress = context.progress("neuron train \(name)", total: steps)
        var done = 0
        for number in 1...steps {
            if context.shouldStop() { break }
            try model.step(learningRate: learningRate)
            done = number
            progress.update(step: number, detail: "loss \(OutputRendering.number(model.datasetLosses.last ?? 0))")
        }
        progress.finish()
        let output = context.output
        if done < steps { output.line("Stopped after \(done) of \(steps) steps; the neuron keeps what it learned.") }
        let losses = Array(model.datasetLosses[(startCount - 1)...])
        output.line("\(done) steps at lr=\(OutputRendering.number(learningRate)), one point each; loss over all \(model.points.count) points:")
        output.line("  \(OutputRendering.number(startLoss)) " + Sparkline.render(losses, maximumWidth: 60, style: OutputRendering.style(for: output))
            + " \(OutputRendering.number(losses.last ?? startLoss))")
        let weights = model.neuron.weight.values.enumerated().map { "w\($0.offset + 1) = \(OutputRendering.number($0.element))" }
        output.line("  " + weights.joined(separator: ", ") + ", b = \(OutputRendering.number(model.neuron.bias.values[0]))")
        output.line("  accuracy \(Int((try model.accuracy() * 100).rounded()))% (\(model.stepCount) steps in all)")
    }

    /// The learning rate of `neuron step` and `neuron train`.
    private static let neuronLearningRate = KeySpec(
        "learningRate", aliases: ["lr"], .number(NumberRange(lower: 0, lowerInclusive: false, upper: 100, upperInclusive: true)),
        summary: "the learning rate", default: "0.5")
}
