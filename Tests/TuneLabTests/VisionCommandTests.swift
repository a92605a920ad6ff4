import Foundation
import Testing
import TuneEngine
import TuneLab
import TuneModels

@Suite struct VisionCommandTests {
    @Test func trainsALeNetAndDrawsWhatItLearned() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=5").ok)
        #expect(lab.run("data split L train=0.6 validation=0.2").ok)
        let trained = lab.run("vision train cnn data=L steps=3 batch=8")
        #expect(trained.ok, "\(trained.text)")
        #expect(lab.session.value(at: ["cnn", "steps"]) == 3)
        let accuracy = try #require(lab.session.value(at: ["cnn", "testAccuracy"]))
        #expect((0...1).contains(accuracy))
        let filters = lab.run("vision filters cnn")
        #expect(filters.ok && filters.text.contains("6 first-layer filters (5×5"))
        let maps = lab.run("vision maps cnn data=L")
        #expect(maps.ok && maps.text.contains("after pool2: 16 maps of 5×5"), "\(maps.text)")
        let confused = lab.run("vision confused cnn data=L")
        #expect(confused.ok && confused.text.contains("most confused"))
    }

    @Test func fewShotEpisodesPublishMeanAndSpread() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=2").ok)
        #expect(lab.run("vision train cnn data=L steps=1 batch=4").ok)
        let result = lab.run("vision fewshot cnn features=pixels way=3 shots=1 queries=2 episodes=3")
        #expect(result.ok, "\(result.text)")
        let mean = try #require(lab.session.value(at: ["cnn", "fewshot", "pixels", "w3s1", "validation", "mean"]))
        let low = try #require(lab.session.value(at: ["cnn", "fewshot", "pixels", "w3s1", "validation", "min"]))
        #expect(low <= mean && mean <= 1)
        // The same seed gives the same episodes.
        #expect(lab.run("vision fewshot cnn features=pixels way=3 shots=1 queries=2 episodes=3").ok)
        #expect(lab.session.value(at: ["cnn", "fewshot", "pixels", "w3s1", "validation", "mean"]) == mean)
        let bad = lab.run("vision fewshot cnn way=500")
        #expect(!bad.ok && bad.text.contains("way"))
    }

    @Test func asksForImagesByName() {
        let lab = TestLab()
        #expect(lab.run("data load films").ok)
        let result = lab.run("vision train cnn data=films")
        #expect(!result.ok && result.text.contains("films is a dataset, not a image dataset") || result.text.contains("image dataset"))
    }

    @Test func imageModelsHaveWeightGradientTablesAndAGradientCheck() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=3").ok)
        #expect(lab.run("vision train cnn data=L steps=2 batch=8").ok)
        let weights = lab.run("weights cnn")
        #expect(weights.ok && weights.text.contains("conv1.weight") && weights.text.contains("fc3.bias"), "\(weights.text)")
        let grads = lab.run("grads cnn")
        #expect(grads.ok && grads.text.contains("update/weight") && grads.text.contains("conv2.weight"), "\(grads.text)")
        #expect(try #require(lab.session.value(at: ["cnn", "update", "median"])) > 0)
        // The head's bias has gradients large enough for 32-bit finite differences to resolve
        // (a loss near ln 52 ≈ 3.9 moves by about 1e-7 × 3.9 per rounding, so gradients
        // below about 1e-3, as most of conv1's are after two steps, sit near that noise).
        let check = lab.run("gradcheck cnn key=fc3.bias count=6")
        #expect(check.ok, "\(check.text)")
        #expect(try #require(lab.session.value(at: ["cnn", "gradcheck", "maxRelativeError"])) < 1e-2)
        #expect(lab.run("gradcheck cnn key=conv1.weight count=4").ok)
        #expect(lab.session.value(at: ["cnn", "gradcheck", "count"]) == 4)
        #expect(lab.session.value(at: ["cnn", "parameters", "total"]) == Double(61_706 - 10 * 85 + 52 * 85))
    }

    @Test func activationsOfAnImageModelHaveARowPerLayerAndChannelsAsUnits() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=3").ok)
        #expect(lab.run("vision train cnn data=L steps=2 batch=8").ok)
        // One of conv1's six channels switched off for every image: a dead unit.
        let model = try #require(lab.session.object(named: "cnn") as? ImageModelObject)
        try #require(model.network.conv1.bias).values[0] = -1e4
        let result = lab.run("activations cnn")
        #expect(result.ok, "\(result.text)")
        for key in ["conv1", "conv2", "fc1", "fc2"] { #expect(result.text.contains(key), "\(key)") }
        #expect(result.text.contains("dead"))
        let layers = try #require(model.inspection.activations)
        #expect(layers.map(\.key) == ["conv1", "conv2", "fc1", "fc2"])
        #expect(layers.allSatisfy { $0.kind == .relu && $0.zeroFraction != nil })
        // A convolution's unit is a channel: dead fractions in sixths for conv1, sixteenths for conv2.
        let conv1Dead = try #require(layers[0].deadUnitFraction)
        let conv2Dead = try #require(layers[1].deadUnitFraction)
        #expect(conv1Dead >= 1.0 / 6 && (conv1Dead * 6).rounded() == conv1Dead * 6, "\(conv1Dead)")
        #expect((conv2Dead * 16).rounded() == conv2Dead * 16, "\(conv2Dead)")
        #expect(layers[2].deadUnitFraction != nil && layers[3].deadUnitFraction != nil)
    }

    @Test func imageModelsFineTuneWithDiscriminativeRatesAndGradualUnfreezing() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=4").ok)
        #expect(lab.run("data split L train=0.5 validation=0.25").ok)
        #expect(lab.run("vision train cnn data=L steps=2 batch=8").ok)
        #expect(lab.run("data subset L as few per_label=1").ok)
        let discriminative = lab.run("finetune cnn on few strategy=discriminative factor=3 steps=2 batch=8 run=d1")
        #expect(discriminative.ok && discriminative.text.contains("discriminative learning rates (÷3.0 per layer)"), "\(discriminative.text)")
        #expect((0...1).contains(try #require(lab.session.value(at: ["d1", "mean", "testAccuracy"]))))
        let gradual = lab.run("finetune cnn on few strategy=gradual every=2 steps=2 batch=8 run=g1")
        #expect(gradual.ok && gradual.text.contains("gradual unfreezing (one layer every 2 epochs)")
            && gradual.text.contains("train at first"), "\(gradual.text)")
        #expect(lab.session.value(at: ["g1", "parameters", "trainable"]) == Double(52 * 85))
        let tooSmall = lab.run("finetune cnn on few strategy=discriminative factor=0.5")
        #expect(!tooSmall.ok && tooSmall.text.contains("factor"), "\(tooSmall.text)")
    }

    @Test func finetuningAnImageModelRepeatsOverSeedsAndMeasuresForgetting() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=4").ok)
        #expect(lab.run("data split L train=0.5 validation=0.25").ok)
        #expect(lab.run("vision train cnn data=L steps=2 batch=8").ok)
        #expect(lab.run("data subset L as few per_label=1").ok)
        let head = lab.run("finetune cnn on few strategy=head steps=3 batch=8 seeds=2 run=h2")
        #expect(head.ok, "\(head.text)")
        #expect(lab.session.value(at: ["h2", "seeds"]) == 2)
        #expect(lab.session.value(at: ["h2", "parameters", "trainable"]) == Double(52 * 85))
        let test = try #require(lab.session.value(at: ["h2", "mean", "testAccuracy"]))
        #expect((0...1).contains(test))
        #expect(lab.session.value(at: ["h2", "sd", "testAccuracy"]) != nil)
        // A frozen trunk keeps the old task exactly.
        let before = try #require(lab.session.value(at: ["h2", "before", "oldTaskAccuracy"]))
        #expect(lab.session.value(at: ["h2", "run", "1", "oldTaskAccuracy"]) == before)
        #expect(lab.session.value(at: ["h2", "max", "oldTaskAccuracy"]) == before)
        let scratch = lab.run("finetune cnn on few strategy=scratch steps=2 batch=8 seeds=2 run=s2 as fresh")
        #expect(scratch.ok, "\(scratch.text)")
        #expect(lab.session.value(at: ["s2", "mean", "oldTaskAccuracy"]) == nil)
        #expect(lab.session.value(at: ["s2", "parameters", "trainable"]) == Double(61_706 - 10 * 85 + 52 * 85))
        #expect(lab.run("weights fresh").ok)
        let augmented = lab.run("finetune cnn on few strategy=scratch augment=2 steps=2 batch=8 run=a1")
        #expect(augmented.ok && augmented.text.contains("moved by up to 2 pixels"), "\(augmented.text)")
        let lora = lab.run("finetune cnn on few strategy=lora")
        #expect(!lora.ok && lora.text.contains("full, head, freeze") && lora.text.contains("discriminative (factor=F)"), "\(lora.text)")
        let stray = lab.run("finetune cnn on few prompt=yes")
        #expect(!stray.ok && stray.text.contains("prompt"), "\(stray.text)")
    }

    @Test func trainedFewShotLearnersChooseTheRateOnValidation() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=2").ok)
        #expect(lab.run("vision train cnn data=L steps=1 batch=4").ok)
        let episodes = "way=2 shots=1 queries=2 episodes=1 seeds=2 steps=2"
        let early = lab.run("vision fewshot cnn learner=scratch \(episodes) pool=test")
        #expect(!early.ok && early.text.contains("pool=validation"), "\(early.text)")
        let validation = lab.run("vision fewshot cnn learner=scratch \(episodes) pool=validation")
        #expect(validation.ok, "\(validation.text)")
        let chosen = try #require(lab.session.value(at: ["cnn", "fewshot", "scratch", "w2s1", "validation", "lr"]))
        #expect([0.001, 0.003, 0.01].contains(chosen))
        #expect(lab.session.value(at: ["cnn", "fewshot", "scratch", "w2s1", "validation", "seeds"]) == 2)
        let test = lab.run("vision fewshot cnn learner=scratch \(episodes) pool=test")
        #expect(test.ok && test.text.contains("as chosen on validation"), "\(test.text)")
        #expect(lab.session.value(at: ["cnn", "fewshot", "scratch", "w2s1", "test", "lr"]) == chosen)
        #expect(lab.run("vision fewshot cnn learner=finetune \(episodes) lr=0.003 pool=test").ok)
        #expect((0...1).contains(try #require(lab.session.value(at: ["cnn", "fewshot", "finetune", "w2s1", "test", "mean"]))))
        let prototypes = lab.run("vision fewshot cnn features=relu4 way=2 shots=1 queries=2 episodes=1 seeds=3")
        #expect(prototypes.ok && lab.session.value(at: ["cnn", "fewshot", "relu4", "w2s1", "validation", "seeds"]) == 3)
        let wrong = lab.run("vision fewshot cnn features=relu4 steps=5")
        #expect(!wrong.ok && wrong.text.contains("trained learner"))
    }

    @Test func augmentedTrainingIsNotExportedAsAScript() throws {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=2").ok)
        #expect(lab.run("vision train cnn data=L steps=2 batch=4 augment=2").ok)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tunelab-augment-\(UInt32.random(in: 0...UInt32.max))").path
        let export = lab.run("export script cnn \(folder)")
        #expect(!export.ok && export.text.contains("augment=2"), "\(export.text)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
