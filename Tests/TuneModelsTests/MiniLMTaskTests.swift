import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// Zero-shot, prototypes and the linear probe on hand-made embeddings (no wheel needed),
/// then on the real model and a few sentences of the shipped sentiment sets.
@Suite("MiniLM tasks: zero-shot, prototypes, linear probe")
struct MiniLMTaskTests {
    /// Four unit vectors in 2-d: two near x (positive), two near y (negative).
    static let rows = SentenceEmbeddings(values: [1, 0, 0.8, 0.6, 0, 1, 0.6, 0.8], dimension: 2)
    static func dataset(_ labels: [String]) throws -> LabelledDataset {
        try LabelledDataset(
            name: "tiny", examples: labels.enumerated().map { LabelledExample(text: "t\($0.offset)", label: $0.element) },
            labels: ["negative", "positive"])
    }

    @Test("zero-shot picks the most similar prompt and counts the confusion matrix")
    func zeroShotByHand() throws {
        // Prompts: negative along y, positive along x.
        let classifier = try ZeroShotClassifier(
            labels: ["negative", "positive"], prompts: ["bad", "good"],
            promptEmbeddings: SentenceEmbeddings(values: [0, 1, 1, 0], dimension: 2))
        // Row 1 (0.8, 0.6) is nearer x; row 3 (0.6, 0.8) nearer y. Truth for row 3 is positive: one error.
        let data = try Self.dataset(["positive", "positive", "negative", "positive"])
        let metrics = try classifier.evaluate(Self.rows, on: data)
        #expect(classifier.classify(Self.rows).predictions == [1, 1, 0, 0])
        #expect(metrics.accuracy == 0.75)
        #expect(metrics.confusion == [[1, 0], [1, 2]])  // [true][predicted]
        let similarities = classifier.classify(Self.rows).similarities
        #expect(abs(similarities[1][1] - 0.8) < 1e-6 && abs(similarities[1][0] - 0.6) < 1e-6)
    }

    @Test("prototypes are the unit-length mean of k seeded examples per class")
    func prototypesByHand() throws {
        let data = try Self.dataset(["positive", "positive", "negative", "negative"])
        let twoShot = try PrototypeClassifier(support: data, supportEmbeddings: Self.rows, labels: ["negative", "positive"], shots: 2, seed: 3)
        // Positive prototype: mean of (1,0) and (0.8,0.6) = (0.9, 0.3), scaled to unit length.
        let length = (0.9 * 0.9 + 0.3 * 0.3 as Float).squareRoot()
        let positive = Array(twoShot.prototypes.row(1))
        #expect(abs(positive[0] - 0.9 / length) < 1e-6 && abs(positive[1] - 0.3 / length) < 1e-6)
        #expect(try twoShot.evaluate(Self.rows, on: data).accuracy == 1)
        // One shot: the same seed gives the same choice; every choice is of its class.
        let first = try PrototypeClassifier(support: data, supportEmbeddings: Self.rows, labels: ["negative", "positive"], shots: 1, seed: 7)
        let again = try PrototypeClassifier(support: data, supportEmbeddings: Self.rows, labels: ["negative", "positive"], shots: 1, seed: 7)
        #expect(first.chosen == again.chosen)
        #expect(first.chosen[0].allSatisfy { [2, 3].contains($0) } && first.chosen[1].allSatisfy { [0, 1].contains($0) })
        #expect(throws: PretrainedTaskError.self) {
            try PrototypeClassifier(support: data, supportEmbeddings: Self.rows, labels: ["negative", "positive"], shots: 3, seed: 0)
        }
        let result = try FewShotResult.measure(
            shots: 1, seeds: 4, baseSeed: 0, labels: ["negative", "positive"], support: data, supportEmbeddings: Self.rows,
            evaluation: data, evaluationEmbeddings: Self.rows)
        #expect(result.accuracies.count == 4)
        #expect(result.minimum >= 0.5 && result.maximum <= 1 && result.mean >= result.minimum)
    }

    @Test("a new class from one example or from words sits beside classes seen in more, and its bias is counted")
    func mixedPrototypesByHand() throws {
        // Two examples of each of a, b and c: a near x, b near y, c near -x.
        let support = SentenceEmbeddings(values: [1, 0, 0.8, 0.6, 0, 1, 0.6, 0.8, -1, 0, -0.8, 0.6], dimension: 2)
        let classes = [0, 0, 1, 1, 2, 2], labels = ["a", "b", "c"]
        let allTwo = try PrototypeClassifier(classes: classes, embeddings: support, labels: labels, shotsPerClass: [2, 2, 2], seed: 5)
        let newOnce = try PrototypeClassifier(classes: classes, embeddings: support, labels: labels, shotsPerClass: [2, 2, 1], seed: 5)
        // The same seed draws the same examples for the classes both know, and c's one
        // example is the first of its two.
        #expect(newOnce.chosen[0] == allTwo.chosen[0] && newOnce.chosen[1] == allTwo.chosen[1])
        #expect(newOnce.chosen[2].count == 1 && newOnce.chosen[2][0] == allTwo.chosen[2][0])
        // c from words only: its prototype is the given vector at unit length, no example drawn.
        let described = try PrototypeClassifier(
            classes: classes, embeddings: support, labels: labels, shotsPerClass: [2, 2, 0], given: [2: [-1, 0.2]], seed: 5)
        #expect(described.chosen[2].isEmpty)
        let length = (1 + 0.04 as Float).squareRoot()
        let newPrototype = Array(described.prototypes.row(2))
        #expect(abs(newPrototype[0] + 1 / length) < 1e-6 && abs(newPrototype[1] - 0.2 / length) < 1e-6)
        // Three texts, one per class; the c text (-0.2, 1) is nearer b's prototype than c's.
        let evaluation = try LabelledDataset(
            name: "eval", examples: labels.map { LabelledExample(text: "e-\($0)", label: $0) }, labels: labels)
        let rows = SentenceEmbeddings(values: [1, 0.1, 0.1, 1, -0.2, 1], dimension: 2)
        let supportData = try LabelledDataset(
            name: "support", examples: classes.enumerated().map { LabelledExample(text: "s\($0.offset)", label: labels[$0.element]) }, labels: labels)
        let result = try FewShotResult.measure(
            shotsPerClass: [2, 2, 0], given: [2: [-1, 0.2]], seeds: 2, baseSeed: 5, labels: labels, support: supportData,
            supportEmbeddings: support, evaluation: evaluation, evaluationEmbeddings: rows)
        #expect(result.perSeed.count == 2)
        #expect(result.perSeed[0].confusion == [[1, 0, 0], [0, 1, 0], [0, 1, 0]])
        #expect(result.recalls(of: "c") == [0, 0] && result.recalls(of: "a") == [1, 1])
        let bias = result.bias(newLabels: ["c"])
        #expect(bias.newToSeen == [1, 1] && bias.seenToNew == [0, 0])
        #expect(throws: PretrainedTaskError.self) {
            try PrototypeClassifier(classes: classes, embeddings: support, labels: labels, shotsPerClass: [2, 2, 0], seed: 5)
        }
    }

    @Test("a linear probe learns separable embeddings and its loss falls")
    func probeTrains() throws {
        var generator = RandomGenerator(seed: 11)
        var values: [Float] = [], labels: [String] = []
        for index in 0..<40 {
            let positive = index % 2 == 0
            let x = (positive ? 1 : -1) + 0.3 * generator.nextNormal(), y = generator.nextNormal()
            values += SentenceEmbeddings.unitLength([x, y, 0.5 * generator.nextNormal()])
            labels.append(positive ? "positive" : "negative")
        }
        let rows = SentenceEmbeddings(values: values, dimension: 3)
        let data = try Self.dataset(labels)
        let probe = try LinearProbe(dimension: 3, labels: ["negative", "positive"], seed: 1)
        let losses = try probe.train(rows, classes: try probe.classIndices(of: data), options: .init(epochs: 40, batchSize: 8, learningRate: 0.05))
        #expect(losses.count == 40)
        #expect(losses.last! < losses.first! * 0.6)
        #expect(try probe.evaluate(rows, on: data).accuracy >= 0.9)
        // Stopping keeps the epochs done.
        var calls = 0
        let stopped = try LinearProbe(dimension: 3, labels: ["negative", "positive"], seed: 1)
            .train(rows, classes: try probe.classIndices(of: data), options: .init(epochs: 40), shouldStop: { calls += 1; return calls > 3 })
        #expect(stopped.count == 3)
    }

    // MARK: - On the real model

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func films(_ part: String) throws -> LabelledDataset {
        try LabelledDataset.load(from: packageRoot.appendingPathComponent("datasets/sentiment/films/\(part).csv"))
    }
    // Loaded once and only read afterwards (forward passes keep no state in the model).
    nonisolated(unsafe) static let encoder = Result { try SentenceEncoder.loadMiniLM() }

    @Test("zero-shot accuracy on 16 film sentences equals an independent count of cosine winners")
    func zeroShotOnFilms() throws {
        let encoder = try Self.encoder.get()
        let all = try Self.films("test")
        let data = try LabelledDataset(name: "films 16", examples: Array(all.examples.prefix(16)), labels: all.labels)
        let classifier = try ZeroShotClassifier(labels: data.labels, prompts: ZeroShotClassifier.defaultPrompts(for: data.labels), encoder: encoder)
        let rows = try SentenceEmbeddings(texts: data.texts, encoder: encoder)
        let metrics = try classifier.evaluate(rows, on: data)
        // Independently: one text at a time, cosine with each prompt embedded alone.
        let prompts = try classifier.prompts.map { try encoder.embed($0) }
        var correct = 0
        for example in data.examples {
            let vector = try encoder.embed(example.text)
            let scores = prompts.map { prompt in zip(prompt, vector).map { $0 * $1 }.reduce(0, +) }
            let predicted = scores[1] > scores[0] ? data.labels[1] : data.labels[0]
            if predicted == example.label { correct += 1 }
        }
        #expect(metrics.correct == correct)
        #expect(metrics.total == 16)
        #expect(metrics.confusion.joined().reduce(0, +) == 16)
    }
}
