import Foundation
import TuneEngine
import TuneImages
import TuneModels

extension CommandSpec {
    /// `vision train|filters|maps|fewshot|confused|prototypes MODEL ...`: a LeNet-5 on image data.
    public static let vision = CommandSpec(
        verb: "vision",
        summary: "train a LeNet-5 on images, look at its filters and feature maps, few-shot on unseen symbols",
        details: """
            (First: data load letters letters, data split letters.) A LeNet-5 learns to classify \
            images (vision train); look inside it (vision filters, maps, confused) and see how \
            its features serve classes it never saw (vision fewshot, prototypes).
            """,
        examples: ["vision train cnn data=letters steps=600",
                   "vision filters cnn", "vision fewshot cnn way=5 shots=1 features=relu4 pool=validation",
                   "vision fewshot cnn learner=scratch way=5 shots=5 seeds=5 episodes=4 pool=validation"],
        subcommands: [visionTrain, visionFilters, visionMaps, visionConfused, visionFewShot, visionPrototypes]
    )

    /// The model every vision subcommand names first.
    private static let visionModel = PositionalSpec("model", .text, summary: "the LeNet-5's name")

    /// `data=IMAGES` of the vision subcommands that read images.
    private static func visionImages(_ use: String) -> KeySpec {
        KeySpec("data", .text, summary: use + " (data load ...)", example: "letters")
    }

    /// `features=` of fewshot and prototypes.
    private static let visionFeatures = KeySpec(
        "features", .choice(["pixels", "pool2", "relu3", "relu4"]), summary: "the feature space", default: "relu4")

    /// `vision train MODEL data=IMAGES`: a LeNet-5 trained with the Trainer.
    static let visionTrain = CommandSpec(
        verb: "train",
        summary: "train a LeNet-5 (made on first use) and report validation and test accuracy",
        details: """
            vision train MODEL data=IMAGES trains a LeNet-5 (made on first use, one output per class) \
            with the Trainer and reports validation and test accuracy and the time it took. \
            augment=2 moves every training image by up to 2 pixels each time it is drawn.
            """,
        examples: ["vision train cnn data=letters steps=600", "vision train cnn2 data=letters augment=2"],
        positionals: [visionModel],
        keys: [
            visionImages("the image dataset to train on"),
            KeySpec("steps", .integer(atLeast: 1), summary: "optimizer steps", default: "600"),
            KeySpec("lr", .number(in: 1e-6...10), summary: "the learning rate (AdamW)", default: "0.003"),
            KeySpec("augment", .integer(in: 0...8), summary: "move every training image by up to N pixels at random, each time it is drawn", default: "0"),
            KeySpec("batch", .integer(atLeast: 1), summary: "images per step", default: "64"),
            KeySpec("seed", .integer(atLeast: 0), summary: "the seed (default: the session seed)"),
        ]
    ) { invocation, context in
        try VisionActions.train(invocation, name: invocation.text("model") ?? "", context: context)
    }

    /// `vision filters MODEL`: the first layer's filters as images.
    static let visionFilters = CommandSpec(
        verb: "filters",
        summary: "draw the first layer's 5×5 filters",
        examples: ["vision filters cnn"],
        positionals: [visionModel]
    ) { invocation, context in
        try VisionActions.filters(name: invocation.text("model") ?? "", context: context)
    }

    /// `vision maps MODEL data=IMAGES`: one image after each convolution and pooling.
    static let visionMaps = CommandSpec(
        verb: "maps",
        summary: "draw one image after each convolution and pooling",
        examples: ["vision maps cnn data=letters"],
        positionals: [visionModel],
        keys: [visionImages("the images (the first test image is drawn)")]
    ) { invocation, context in
        try VisionActions.maps(invocation, name: invocation.text("model") ?? "", context: context)
    }

    /// `vision confused MODEL data=IMAGES`: the most confused class pairs.
    static let visionConfused = CommandSpec(
        verb: "confused",
        summary: "list the most confused class pairs with an example of each",
        examples: ["vision confused cnn data=letters"],
        positionals: [visionModel],
        keys: [visionImages("the images to classify (their test part)")]
    ) { invocation, context in
        try VisionActions.confused(invocation, name: invocation.text("model") ?? "", context: context)
    }

    /// `vision fewshot MODEL`: episodes on unseen Hershey symbols.
    static let visionFewShot = CommandSpec(
        verb: "fewshot",
        summary: "classify unseen symbols from a few examples each, in episodes",
        details: """
            vision fewshot MODEL way=5 shots=1 features=relu4|relu3|pool2|pixels pool=validation|test \
            runs episodes on Hershey symbols no letter font draws: nearest prototypes in that \
            feature space. learner=finetune|head|scratch trains a LeNet-5 on each episode's shots \
            instead (a new head on MODEL, all of it or the head only, or the same architecture from \
            random weights); on pool=validation it tries lr 0.001, 0.003, 0.01 and keeps the best, \
            which pool=test then uses. seeds=N repeats with N seeds and reports mean ± sd over them.
            """,
        examples: ["vision fewshot cnn way=5 shots=1 features=relu4 pool=validation",
                   "vision fewshot cnn learner=scratch way=5 shots=5 seeds=5 episodes=4 pool=validation"],
        positionals: [visionModel],
        keys: [
            KeySpec("way", .integer(atLeast: 2), summary: "classes per episode", default: "5"),
            KeySpec("shots", .integer(atLeast: 1), summary: "labelled images per class", default: "1"),
            KeySpec("queries", .integer(atLeast: 1), summary: "test images per class", default: "10"),
            KeySpec("episodes", .integer(atLeast: 1), summary: "episodes to average", default: "20"),
            visionFeatures,
            KeySpec("pool", .choice(["validation", "test"]), summary: "which half of the unseen symbols", default: "validation"),
            KeySpec("learner", .choice(["prototypes", "finetune", "head", "scratch"]),
                    summary: "prototypes in features=, or a LeNet-5 trained on the shots (fine-tuned, head only, from scratch)", default: "prototypes"),
            KeySpec("steps", .integer(atLeast: 1), summary: "learners: optimizer steps per episode", default: "60"),
            KeySpec("lr", .number(in: 1e-6...10), summary: "learners: the learning rate (default: chosen on validation)", example: "0.003"),
            KeySpec("seeds", .integer(in: 1...20), summary: "repeat with seeds seed … seed+N−1; ± over seeds", default: "1"),
            KeySpec("seed", .integer(atLeast: 0), summary: "the seed (default: the session seed)"),
        ]
    ) { invocation, context in
        try VisionActions.fewShot(invocation, name: invocation.text("model") ?? "", context: context)
    }

    /// `vision prototypes MODEL data=IMAGES`: one prototype per class, nothing trained.
    static let visionPrototypes = CommandSpec(
        verb: "prototypes",
        summary: "classify the test images by class prototypes in a frozen feature space",
        details: """
            vision prototypes MODEL data=IMAGES features=relu4 builds one prototype per class from every \
            training image (frozen features, nothing trained) and reports test accuracy.
            """,
        examples: ["vision prototypes cnn data=letters features=relu4"],
        positionals: [visionModel],
        keys: [visionImages("the images: prototypes from the training part, accuracy on the test part"), visionFeatures]
    ) { invocation, context in
        try VisionActions.prototypes(invocation, name: invocation.text("model") ?? "", context: context)
    }
}

/// What each `vision` action does; the numbers come from TuneModels, the pictures from ImageGrid.
enum VisionActions {
    static func images(_ invocation: CommandInvocation, context: CommandContext) throws -> ImageDatasetObject {
        guard let dataName = invocation.text("data") else { throw CommandError("give the images: data=NAME (see `data load NAME letters|mnist|DIR`)") }
        return try CommandChecks.object(dataName, as: ImageDatasetObject.self, kindName: "image dataset", in: context.session,
                                                making: "data load \(dataName) letters|mnist|DIR")
    }

    static func model(_ name: String, context: CommandContext) throws -> ImageModelObject {
        try CommandChecks.object(name, as: ImageModelObject.self, kindName: "image model", in: context.session,
                                         making: "vision train \(name) data=IMAGES")
    }

    static func train(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        try CommandChecks.checkNewName(name, in: context.session)
        let data = try images(invocation, context: context)
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let object: ImageModelObject
        if let existing = context.session.object(named: name) as? ImageModelObject {
            guard existing.labels == data.labels else {
                throw CommandError("\(name) classifies \(existing.labels.count) classes, \(data.name) has \(data.labels.count); train a new model")
            }
            object = existing
        } else {
            var generator = context.session.randomGenerator(for: "vision \(name)")
            object = ImageModelObject(
                name: name, network: LeNet5(imageSize: data.train.width, classes: data.labels.count, generator: &generator),
                labels: data.labels, trainedOn: data.name)
        }
        var options = TrainingOptions()
        options.length = .steps(invocation.integer("steps") ?? 600)
        options.batchSize = invocation.integer("batch") ?? 64
        options.learningRate = Float(invocation.number("lr") ?? 0.003)
        options.seed = seed
        options.evaluateEvery = Int.max  // once, at the end: the validation set is for choosing, not for watching
        options.collectsParameterStatistics = true  // for `grads`: the last step's update/weight ratios
        let task = try ImageClassificationTask(network: object.network, training: data.train, validation: data.validation)
        let shift = invocation.integer("augment") ?? 0
        if shift > 0 { task.augmentation = ImageAugmentation(shift: shift) }
        let trainer = try Trainer(task: task, options: options)
        // What `export script` needs to repeat this training: taken before the first step.
        var recording = try ImageTrainingRecording(
            network: object.network, dataName: data.name, options: options, training: data.train, validation: data.validation, test: data.test)
        recording.augmentation = task.augmentation
        trainer.recordsBatches = true
        let started = DispatchTime.now()
        let history = try trainer.fit(shouldStop: context.shouldStop)
        recording.batches = Array(trainer.batchesDrawn.prefix(history.steps))
        recording.losses = history.trainLosses
        object.lastTraining = recording
        object.lastStepReport = trainer.optimizer.lastReport
        object.keepReferenceBatch(from: data.train)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        context.session.add(object)
        object.numbers["steps"] = Double(history.steps)
        object.numbers["seconds"] = seconds
        object.numbers["trainLoss"] = Double(history.trainLosses.last ?? .nan)
        var report = "Trained \(name) for \(history.steps) steps of \(options.batchSize) images in \(OutputRendering.number(seconds)) s"
            + " (final training loss \(OutputRendering.number(history.trainLosses.last ?? .nan)))"
        for (part, set) in [("val", data.validation), ("test", data.test)] {
            guard let set else { continue }
            let accuracy = try ImageClassificationTask.accuracy(of: object.network, on: set).accuracy
            object.numbers["\(part)Accuracy"] = Double(accuracy)
            report += "; \(part == "val" ? "validation" : "test") accuracy \(OutputRendering.number(Double(accuracy) * 100))%"
        }
        context.output.line(report + ".")
    }

    static func filters(name: String, context: CommandContext) throws {
        let object = try model(name, context: context)
        let weight = object.network.conv1.weight  // [out, in, k, k]
        let k = weight.shape[2], size = k * k * weight.shape[1]
        let items = (0..<weight.shape[0]).map { filter in
            ImageGrid.Item(GrayImage(width: k, height: k, pixels: Array(weight.values[filter * size..<(filter * size + k * k)])), caption: "\(filter)")
        }
        context.output.line("\(name): the \(items.count) first-layer filters (\(k)×\(k), each stretched from its lowest weight, black, to its highest, white):")
        OutputRendering.print(try ImageGrid(rows: [items], normalize: true).render(style: OutputRendering.style(for: context.output)), to: context.output)
    }

    static func maps(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let object = try model(name, context: context)
        let data = try images(invocation, context: context)
        let set = data.test ?? data.train
        let input = ImageClassificationTask.batch(set, [0])
        object.network.evaluationMode()
        defer { object.network.trainingMode() }
        let outputs = try GradientMode.withoutGradients { try object.network.layerOutputs(input) }
        let style = OutputRendering.style(for: context.output)
        context.output.line("\(name) on the first image of \(data.name) (class \(set.labels[set.labelIndices[0]])):")
        OutputRendering.print(try ImageGrid(rows: [[ImageGrid.Item(set.images[0], caption: "input")]]).render(style: style), to: context.output)
        for (stage, output) in outputs where ["relu1", "pool1", "relu2", "pool2"].contains(stage) {
            let height = output.shape[1], width = output.shape[2], channels = output.shape[3]  // NHWC
            let items = (0..<channels).map { channel in
                ImageGrid.Item(GrayImage(width: width, height: height, pixels: (0..<(height * width)).map { output.values[$0 * channels + channel] }),
                               caption: "\(channel)")
            }
            context.output.line("after \(stage): \(channels) maps of \(width)×\(height) (each stretched to its own range)")
            OutputRendering.print(try ImageGrid(rows: [items], normalize: true).render(style: style), to: context.output)
        }
    }

    static func confused(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let object = try model(name, context: context)
        let data = try images(invocation, context: context)
        let set = data.test ?? data.validation ?? data.train
        let result = try ImageClassificationTask.accuracy(of: object.network, on: set)
        var pairs: [String: (count: Int, example: Int)] = [:]
        for (index, (truth, guess)) in zip(set.labelIndices, result.predictions).enumerated() where truth != guess {
            let key = "\(set.labels[truth]) → \(set.labels[guess])"
            pairs[key] = ((pairs[key]?.count ?? 0) + 1, pairs[key]?.example ?? index)
        }
        let top = pairs.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }.prefix(5)
        context.output.line("\(name) on \(set.name): accuracy \(OutputRendering.number(Double(result.accuracy) * 100))%; "
            + "most confused (true → predicted, count), with one example each:")
        guard !top.isEmpty else { context.output.line("  no mistakes"); return }
        let items = top.map { ImageGrid.Item(set.images[$0.value.example], caption: "\($0.key) ×\($0.value.count)") }
        for pair in top { context.output.line("  \(pair.key): \(pair.value.count)") }
        OutputRendering.print(try ImageGrid(rows: [items]).render(style: OutputRendering.style(for: context.output)), to: context.output)
    }

    static func prototypes(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let object = try model(name, context: context)
        let data = try images(invocation, context: context)
        guard let test = data.test else { throw CommandError("\(data.name) has no test part; cut one with `data split \(data.name)`") }
        let featureName = invocation.text("features") ?? "relu4"
        let source: ImageFeatureSource = featureName == "pixels" ? .pixels : .layer(featureName)
        let train = data.train
        let shots = train.countsByLabel.min() ?? 1
        let classifier = try PrototypeClassifier(
            classes: train.labelIndices, embeddings: try object.network.embeddings(of: train, from: source), labels: train.labels,
            shots: shots, seed: 0)
        let predictions = classifier.classify(try object.network.embeddings(of: test, from: source))
        let accuracy = Double(zip(predictions, test.labelIndices).filter { $0 == $1 }.count) / Double(test.count)
        let key = "prototypes.\(featureName).\(data.name)"
        object.numbers[key] = accuracy
        context.output.line("Prototypes of \(data.name) (\(shots) training images per class) in \(name)'s \(featureName) features: "
            + "test accuracy \(OutputRendering.number(accuracy * 100))%  → \(name).\(key)")
    }
}
