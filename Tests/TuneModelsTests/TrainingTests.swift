import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

@Suite struct TrainingTests {
    @Test func windowsShiftTargetsByOneToken() throws {
        let windows = try TokenWindows(tokens: Array(0..<10), contextLength: 4)
        let (inputs, targets) = windows.batch(starts: [0, 5])
        #expect(inputs == [0, 1, 2, 3, 5, 6, 7, 8])
        #expect(targets == [1, 2, 3, 4, 6, 7, 8, 9])
        #expect(windows.evaluationStarts() == [0, 4])
        var generator = RandomGenerator(seed: 3)
        let batch = windows.randomBatch(batchSize: 8, using: &generator)
        #expect(batch.inputs.count == 32)
        #expect(zip(batch.inputs, batch.targets).allSatisfy { $1 == $0 + 1 })
        #expect(throws: TrainingError.self) { try TokenWindows(tokens: [1, 2, 3], contextLength: 3) }
    }

    @Test func unigramBaselineIsTheEntropyOfSmoothedFrequencies() throws {
        // Training counts + 1: token 0 → 3, token 1 → 1; p = 3/4, 1/4.
        let loss = try LanguageModelEvaluation.unigramBaseline(
            trainingTokens: [0, 0], validationTokens: [0, 1], vocabularySize: 2)
        let expected = -(log(0.75) + log(0.25)) / 2
        #expect(abs(Double(loss) - expected) < 1e-6)
    }

    func languageModelTrainer(seed: UInt64, steps: Int = 6, learningRate: Float = 1e-2) throws -> Trainer {
        let model = try tinyLanguageModel(seed: seed)
        let tokens = try model.encode(String(repeating: "the film was good . the soup was bad . ", count: 6))
        let task = try LanguageModelTask(gpt: model.gpt, trainingTokens: tokens, validationTokens: Array(tokens.prefix(40)))
        return try Trainer(task: task, options: TrainingOptions(length: .steps(steps), batchSize: 4, learningRate: learningRate, seed: seed, evaluateEvery: 2))
    }

    @Test func sameSeedGivesBitIdenticalLosses() throws {
        let first = try languageModelTrainer(seed: 7).fit()
        let second = try languageModelTrainer(seed: 7).fit()
        #expect(first.trainLosses.count == 6)
        #expect(first.trainLosses.map(\.bitPattern) == second.trainLosses.map(\.bitPattern))
        #expect(first.evaluations.map(\.loss.bitPattern) == second.evaluations.map(\.loss.bitPattern))
        let other = try languageModelTrainer(seed: 8).fit()
        #expect(other.trainLosses != first.trainLosses)
    }

    @Test func lossFallsOnARepeatedText() throws {
        let history = try languageModelTrainer(seed: 1, steps: 60, learningRate: 2e-2).fit()
        #expect(history.trainLosses.last! < history.trainLosses.first! * 0.5)
        #expect(history.evaluations.count == 30)
        #expect(history.itemUnit == "tokens")
        #expect(history.itemsSeen == 60 * 4 * 16)
    }

    @Test func stepReportsPerParameterStatistics() throws {
        let model = try tinyLanguageModel()
        let tokens = try model.encode(String(repeating: "the film was good . ", count: 10))
        let task = try LanguageModelTask(gpt: model.gpt, trainingTokens: tokens, validationTokens: nil)
        var options = TrainingOptions(length: .steps(3), batchSize: 2)
        options.collectsParameterStatistics = true
        let trainer = try Trainer(task: task, options: options)
        let report = try trainer.step()
        #expect(report.step == 1)
        #expect(report.loss != nil)
        #expect(report.gradientNormBeforeClipping! > 0)
        #expect(report.parameters.count == model.gpt.namedParameters().count)
        #expect(report.parameters.allSatisfy { $0.updateToWeightRatio.isFinite || $0.weightNorm == 0 })
        #expect(trainer.stepsTaken == 1)
        // fit continues where step() left off.
        let history = try trainer.fit()
        #expect(history.steps == 3)
    }

    @Test func shouldStopEndsTheRunBetweenSteps() throws {
        let trainer = try languageModelTrainer(seed: 2, steps: 50)
        var calls = 0
        let history = try trainer.fit(shouldStop: { calls += 1; return calls > 4 })
        #expect(history.steps == 4)
        #expect(history.stop == .stoppedByRequest)
    }

    @Test func divergenceNamesTheStepAndKeepsTheHistory() throws {
        let trainer = try languageModelTrainer(seed: 3, steps: 30, learningRate: 1e9)
        do {
            try trainer.fit()
            Issue.record("a learning rate of 1e9 should diverge")
        } catch let error as TrainingError {
            guard case .diverged(let step, _, _, let history) = error else { Issue.record("\(error)"); return }
            #expect(history.steps == step - 1)
            #expect(error.description.contains("step \(step)"))
            #expect(error.description.contains("smaller learning rate"))
        }
    }

    @Test func earlyStoppingAndBestWeights() throws {
        // Validation accuracy reaches its best and stays there: with patience 2 the run
        // stops two evaluations later and the best evaluation's weights are put back.
        let classifier = pointNetwork(layers: 2, width: 8, seed: 1)
        let features: [[Float]] = (0..<32).map { i in [Float(i % 4) - 1.5, Float(i / 8) - 1.5] }
        let labels = features.map { $0[0] * $0[1] > 0 ? 1 : 0 }
        let task = try FeatureClassificationTask(
            classifier: classifier, trainingFeatures: features, trainingLabels: labels,
            validationFeatures: features, validationLabels: labels)
        let options = TrainingOptions(
            length: .epochs(200), batchSize: 8, learningRate: 0.05, schedule: .constant, seed: 4,
            evaluateEvery: 4, earlyStoppingPatience: 2, keepBestWeights: true, monitor: .validationAccuracy)
        let history = try Trainer(task: task, options: options).fit()
        #expect(history.stop == .earlyStopping)
        #expect(history.steps < 800)
        let best = history.evaluations.first { $0.step == history.bestStep }!
        #expect(history.evaluations.allSatisfy { $0.accuracy! <= best.accuracy! })
        #expect(history.steps == best.step + 2 * 4)
        #expect(history.restoredBestWeights)
        let now = try task.evaluate()!
        #expect(now.loss == best.loss)
    }

    @Test func optionsAreCheckedByName() throws {
        var options = TrainingOptions()
        options.batchSize = 0
        #expect(throws: TrainingError.self) { try options.validate() }
        options = TrainingOptions()
        options.learningRate = -1
        do { try options.validate() } catch { #expect("\(error)".contains("learningRate")) }
    }

    @Test func samplingIsSeededAndGreedyIsDeterministic() throws {
        let model = try tinyLanguageModel()
        let a = try model.gpt.generate(prompt: [2, 3], count: 10, options: SamplingOptions(temperature: 1, topK: 5, seed: 9))
        let b = try model.gpt.generate(prompt: [2, 3], count: 10, options: SamplingOptions(temperature: 1, topK: 5, seed: 9))
        #expect(a == b)
        #expect(a.count == 10)
        let greedy = try model.gpt.generate(prompt: [2], count: 20, options: SamplingOptions(temperature: 0))
        #expect(greedy == (try model.gpt.generate(prompt: [2], count: 20, options: SamplingOptions(temperature: 0, seed: 5))))
        #expect(throws: TrainingError.self) { try model.gpt.generate(prompt: [999], count: 1) }
    }
}
