import Foundation
import TuneEngine
import TuneModels

extension CommandSpec {
    /// `mlp new|train|profile NAME ...`: deep networks on two spirals, and their depth diagnostics.
    public static let mlp = CommandSpec(
        verb: "mlp",
        summary: "a deep network on two spirals: make it, train it, profile its gradients per layer",
        details: """
            A deep network of Linear layers learns two interleaved spirals (200 training points, \
            200 test points): make it with mlp new, train it with mlp train, and see how the \
            gradient and the activations change from layer to layer with mlp profile.
            """,
        examples: ["mlp new m1 layers=9 activation=sigmoid", "mlp train m1 steps=100",
                   "mlp new m2 layers=9 activation=relu residual=yes norm=yes", "mlp profile m1"],
        subcommands: [mlpNew, mlpTrain, mlpProfile]
    )

    /// `mlp new NAME`: an untrained deep network and its spirals.
    static let mlpNew = CommandSpec(
        verb: "new",
        summary: "make a deep network and its two spirals, and print its gradients at the start",
        details: """
            mlp new NAME makes a network of `layers` Linear layers of `width` units with the chosen \
            activation (optionally residual connections, layer normalization and He initialization) for a task of \
            two interleaved spirals: 200 training points, 200 test points. It prints the gradient \
            norm of each layer at the start.
            """,
        examples: ["mlp new m1 layers=9 activation=sigmoid", "mlp new m2 layers=9 activation=relu residual=yes norm=yes"],
        positionals: [PositionalSpec("name", .text, summary: "the network's name")],
        keys: [
            KeySpec("layers", .integer(in: 2...32), summary: "how many Linear layers", default: "9"),
            KeySpec("width", .integer(in: 2...256), summary: "units per hidden layer", default: "32"),
            KeySpec("activation", .choice(["sigmoid", "relu", "tanh"]), summary: "the activation", default: "sigmoid"),
            KeySpec("residual", .boolean, summary: "add each hidden block's input to its output", default: "no"),
            KeySpec("norm", .boolean, summary: "layer normalization before each activation", default: "no"),
            KeySpec("init", .choice(DeepNetwork.Initialization.allCases.map(\.rawValue)),
                    summary: "starting weights: pytorch, U(±1/√fanIn); he, N(0, 2/fanIn) with zero biases", default: "pytorch"),
            KeySpec("seed", .integer(atLeast: 0), summary: "seed for weights and points (default: the session seed)"),
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        let output = context.output
        try CommandChecks.checkNewName(name, in: context.session)
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let model = try DeepModel(
            name: name, layers: invocation.integer("layers") ?? 9, width: invocation.integer("width") ?? 32,
            activation: ActivationKind(rawValue: invocation.text("activation") ?? "sigmoid") ?? .sigmoid,
            residual: invocation.boolean("residual") ?? false, norm: invocation.boolean("norm") ?? false,
            initialization: DeepNetwork.Initialization(rawValue: invocation.text("init") ?? "pytorch") ?? .pytorch,
            generator: RandomGenerator(seed: seed).derived(0x4D4C_5021))
        context.session.add(model)
        output.line(output.styled("network \(name)", .bold) + ": " + model.summary)
        output.line("test accuracy before training \(DeepRendering.percent(try model.accuracy(on: model.test))) (two classes: 50% is guessing)")
        DeepRendering.gradientProfile(model, title: "gradient norm per layer at the start", to: output)
    }

    /// `mlp train NAME steps=N`: full-batch training, loss and test accuracy.
    static let mlpTrain = CommandSpec(
        verb: "train",
        summary: "train on all training points at once and report loss and test accuracy",
        details: """
            mlp train NAME steps=N trains on all training points at once (sgd: plain gradient \
            descent, or adam) and reports loss and test accuracy.
            """,
        examples: ["mlp train m1 steps=100"],
        positionals: [PositionalSpec("name", .text, summary: "the network's name")],
        keys: [
            KeySpec("steps", .integer(in: 1...100_000), summary: "how many steps", default: "100"),
            KeySpec("learningRate", aliases: ["lr"], .number(NumberRange(lower: 0, lowerInclusive: false, upper: 100, upperInclusive: true)),
                    summary: "the learning rate (default 0.1 for sgd, 0.01 for adam)", example: "0.1"),
            KeySpec("optimizer", .choice(["sgd", "adam"]), summary: "plain gradient descent or Adam", default: "sgd"),
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        let output = context.output
        let model = try CommandChecks.object(name, as: DeepModel.self, kindName: "network", in: context.session)
        let optimizerName = invocation.text("optimizer") ?? "sgd"
        let learningRate = invocation.number("learningRate") ?? (optimizerName == "adam" ? 0.01 : 0.1)
        let steps = invocation.integer("steps") ?? 100
        let firstNew = model.losses.count
        let progress = context.progress("mlp train \(name)", total: steps)
        var done = 0
        do {
            done = try model.train(steps: steps, optimizerName: optimizerName, learningRate: learningRate,
                                   shouldStop: context.shouldStop) { number in
                progress.update(step: number, detail: "loss \(OutputRendering.number(model.losses.last ?? 0))")
            }
        } catch {
            progress.finish()
            throw CommandError("training \(name) stopped at step \(model.stepCount + 1): \(error)")
        }
        progress.finish()
        try model.recordAccuracy()
        if done < steps { output.line("Stopped after \(done) of \(steps) steps; \(name) keeps what it learned.") }
        let losses = Array(model.losses[firstNew...])
        try model.measure()  // gradients and activations at the trained weights
        let finalLoss = model.value(at: ["loss"]) ?? .nan
        output.line("\(done) steps of \(optimizerName) at lr=\(OutputRendering.number(learningRate)) (\(model.stepCount) in all)")
        if !losses.isEmpty {
            output.line("  loss \(OutputRendering.number(losses[0])) " + Sparkline.render(losses, maximumWidth: 50, style: OutputRendering.style(for: output))
                + " \(OutputRendering.number(finalLoss))")
        }
        output.line("  accuracy: training \(DeepRendering.percent(try model.accuracy(on: model.training))), test \(DeepRendering.percent(try model.accuracy(on: model.test)))")
        let ratio = model.value(at: ["gradientNorm", "ratio"]).map { NumberFormatting.scientific($0, significantDigits: 2) } ?? "–"
        output.line("  gradient norm first layer / last layer: \(ratio)   (mlp profile \(name) shows every layer)")
    }

    /// `mlp profile NAME`: gradient norms and activation statistics per layer.
    static let mlpProfile = CommandSpec(
        verb: "profile",
        summary: "the gradient norm and activation statistics of every layer",
        details: """
            mlp profile NAME shows the gradient norm per layer and the activation statistics per \
            layer at the current weights.
            """,
        examples: ["mlp profile m1"],
        positionals: [PositionalSpec("name", .text, summary: "the network's name")]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        let output = context.output
        let model = try CommandChecks.object(name, as: DeepModel.self, kindName: "network", in: context.session)
        try model.measure()
        DeepRendering.gradientProfile(model, title: "gradient norm per layer (\(model.stepCount) steps trained)", to: output)
        output.line()
        if let layers = model.inspection.activations {
            ActivationsRendering.render(layers, title: "activations per layer", to: output)
        }
    }
}

/// Prints a deep model's per-layer gradient profile.
enum DeepRendering {
    static func percent(_ fraction: Double) -> String { "\(NumberFormatting.format(fraction * 100, significantDigits: 3))%" }

    /// A table of each Linear layer's gradient norm with a bar on a log scale.
    static func gradientProfile(_ model: DeepModel, title: String, to output: Output) {
        let norms = model.gradientNorms
        let positive = norms.filter { $0 > 0 }
        let high = log10(positive.max() ?? 1), low = log10(positive.min() ?? 1)
        let span = max(high - low, 1e-9)
        let keys = model.network.linearWeightKeys
        let table = TableRenderer(titles: ["layer", "weight key", "gradient norm", "log scale"], title: title)
        let rows: [[TableRenderer.Cell]] = norms.enumerated().map { index, norm in
            let fraction = norm > 0 ? 0.08 + 0.92 * (log10(norm) - low) / span : 0
            return [.integer(index + 1), .text(keys[index]), .text(NumberFormatting.scientific(norm, significantDigits: 3)),
                    .text(OutputRendering.bar(fraction, width: 24))]
        }
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        if let first = norms.first, let last = norms.last, last > 0 {
            output.line("first layer / last layer = \(NumberFormatting.scientific(first / last, significantDigits: 2))"
                + "  (published as \(model.name).gradientNorm.ratio)")
        }
    }
}
