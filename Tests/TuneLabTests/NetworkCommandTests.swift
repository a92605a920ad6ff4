import Foundation
import Testing
import TuneLab

@Suite struct NetworkCommandTests {
    @Test func neuronStepPrintsEveryPartAndAgreesWithTheChainRule() throws {
        let lab = TestLab()
        #expect(lab.run("neuron new n1 seed=3").ok)
        let step = lab.run("neuron step n1 lr=0.5")
        #expect(step.ok, "\(step.text)")
        for part in ["forward", "z = w1·x1 + w2·x2 + b", "y = sigmoid(z)", "L = (y − t)²", "dL/dy = 2(y − t)",
                     "dy/dz = y·(1 − y)", "autograd", "update"] {
            #expect(step.text.contains(part), "missing \(part)")
        }
        let model = try #require(lab.session.object(named: "n1") as? NeuronModel)
        let record = try #require(model.lastStep)
        #expect(record.chainRuleError < 1e-6)
        // The update is plain gradient descent: new = old − lr · gradient.
        for index in record.weightGradient.indices {
            #expect(abs(record.weightsAfter[index] - (record.weightsBefore[index] - 0.5 * record.weightGradient[index])) < 1e-6)
        }
        #expect(lab.session.value(at: ["n1", "steps"]) == 1)
    }

    /// With cross-entropy after a sigmoid, dL/dz is exactly y − t, and the loss is −ln of the right answer's chance.
    @Test func crossEntropyNeuronHasTheGradientYMinusT() throws {
        let lab = TestLab()
        #expect(lab.run("neuron new n4 seed=3 loss=crossentropy").ok)
        let step = lab.run("neuron step n4")
        #expect(step.ok, "\(step.text)")
        #expect(step.text.contains("−[t·ln y + (1 − t)·ln(1 − y)]") && step.text.contains("(y − t) / (y(1 − y))"))
        let y = try #require(lab.session.value(at: ["n4", "last", "output"]))
        let t = try #require(lab.session.value(at: ["n4", "last", "target"]))
        let loss = try #require(lab.session.value(at: ["n4", "last", "loss"]))
        #expect(abs(loss - -log(t > 0.5 ? y : 1 - y)) < 1e-5)
        #expect(abs((lab.session.value(at: ["n4", "last", "gradient", "bias"]) ?? .nan) - (y - t)) < 1e-6)
        #expect((lab.session.value(at: ["n4", "last", "chainRuleError"]) ?? 1) < 1e-6)
        let refused = lab.run("neuron new n5 activation=relu loss=crossentropy")
        #expect(!refused.ok && refused.text.contains("activation=sigmoid"))
        #expect(lab.run("gradcheck n4").ok)
        #expect((lab.session.value(at: ["n4", "gradcheck", "maxRelativeError"]) ?? 1) < 1e-2)
    }

    @Test func neuronTrainingLowersTheLoss() throws {
        let lab = TestLab()
        lab.run("neuron new n1 seed=3")
        let result = lab.run("neuron train n1 steps=40")
        #expect(result.ok)
        let initial = try #require(lab.session.value(at: ["n1", "loss", "initial"]))
        let final = try #require(lab.session.value(at: ["n1", "loss"]))
        #expect(final < initial)
        #expect(lab.session.value(at: ["n1", "steps"]) == 40)
    }

    @Test func sameSeedSamePrintedNumbers() {
        let first = TestLab(), second = TestLab()
        let lines = ["neuron new n1 seed=9", "neuron train n1 steps=5", "mlp new m layers=4 width=8 seed=2", "mlp train m steps=3"]
        let a = lines.map { first.run($0).text }
        let b = lines.map { second.run($0).text }
        #expect(a == b)
        let other = TestLab()
        #expect(other.run("neuron new n1 seed=10").text != a[0])
    }

    @Test func deepSigmoidGradientsVanishAndResidualsFixThem() throws {
        let lab = TestLab()
        #expect(lab.run("mlp new s layers=9 activation=sigmoid seed=1").ok)
        #expect(lab.run("mlp new r layers=9 activation=relu residual=yes norm=yes seed=1").ok)
        let sigmoidRatio = try #require(lab.session.value(at: ["s", "gradientNorm", "ratio"]))
        let residualRatio = try #require(lab.session.value(at: ["r", "gradientNorm", "ratio"]))
        #expect(sigmoidRatio < 1e-2)
        #expect(residualRatio > 100 * sigmoidRatio)
        let profile = lab.run("mlp profile s")
        #expect(profile.ok)
        #expect(profile.text.contains("gradient norm per layer"))
        #expect(profile.text.contains("saturated"))
        #expect(lab.session.value(at: ["s", "saturated", "max"]) != nil)
        let relu = lab.run("mlp profile r")
        #expect(relu.text.contains("dead"))
    }

    @Test func trainingRecordsLossAndAccuracy() throws {
        let lab = TestLab()
        lab.run("mlp new m layers=3 width=16 activation=relu seed=1")
        let result = lab.run("mlp train m steps=20 optimizer=adam")
        #expect(result.ok, "\(result.text)")
        #expect(result.text.contains("accuracy"))
        #expect(lab.session.value(at: ["m", "steps"]) == 20)
        let accuracy = try #require(lab.session.value(at: ["m", "accuracy"]))
        #expect((0...1).contains(accuracy))
        #expect(lab.session.value(at: ["m", "gradientNorm", "first"]) != nil)
    }

    @Test func stopsCleanlyWhenAskedAndKeepsTheSteps() throws {
        let buffer = BufferOutput()
        let session = Session(seed: 0)
        let registry = CommandRegistry.standard()
        let navigator = LessonNavigator(library: LessonLibrary(folder: nil), store: nil, registry: registry,
                                        output: buffer.output, session: session)
        // The learner presses Ctrl-C while the fourth step is about to start.
        var polls = 0
        let context = CommandContext(session: session, output: buffer.output, registry: registry, lessons: navigator,
                                     shouldStop: { polls += 1; return polls > 3 })
        let parser = CommandParser(registry: registry, session: session)
        for line in ["neuron new n1", "neuron train n1 steps=50"] {
            let invocation = try #require(try parser.parse(line))
            try invocation.spec.action(invocation, context)
        }
        #expect(buffer.text.contains("Stopped after 3 of 50 steps"))
        #expect(session.value(at: ["n1", "steps"]) == 3)
    }

    @Test func badInputGetsClearMessages() {
        let lab = TestLab()
        lab.run("neuron new n1")
        let rate = lab.run("neuron step n1 lr=-1")
        #expect(!rate.ok)
        #expect(rate.text.contains("lr") && rate.text.contains("> 0"))
        let unknown = lab.run("neuron step nobody")
        #expect(!unknown.ok)
        #expect(unknown.text.contains("nobody: no neuron"))
        let wrongKind = lab.run("mlp train n1")
        #expect(!wrongKind.ok)
        #expect(wrongKind.text.contains("not a network"))
        let layers = lab.run("mlp new m layers=1")
        #expect(!layers.ok)
        #expect(layers.text.contains("layers") && layers.text.contains("from 2 to 32"))
        let stray = lab.run("neuron step n1 steps=3")
        #expect(!stray.ok)
        #expect(stray.text.contains("steps belongs to neuron train, not neuron step; neuron step takes lr="), "\(stray.text)")
        let name = lab.run("neuron new 9lives")
        #expect(!name.ok)
        #expect(name.text.contains("a new name"))
    }
}
