import Foundation
import Testing
import TuneLab

@Suite struct InspectCommandTests {
    @Test func weightsTableAndOneKeyHistogram() {
        let lab = TestLab()
        lab.run("mlp new m layers=3 width=8 seed=1")
        let all = lab.run("weights m")
        #expect(all.ok)
        #expect(all.text.contains("blocks.0.layers.0.weight") && all.text.contains("head.bias"))
        let one = lab.run("weights m key=head.weight")
        #expect(one.ok)
        #expect(one.text.contains("values of head.weight"))
        #expect(one.text.contains("head.weight rows 0–1"))
        let wildcard = lab.run("weights m key=blocks.*.bias")
        #expect(wildcard.text.contains("blocks.1.layers.0.bias") && !wildcard.text.contains("head"))
    }

    @Test func gradsShowNormsAndUpdateRatiosAfterAStep() {
        let lab = TestLab()
        lab.run("mlp new m layers=3 width=8 seed=1")
        lab.run("mlp train m steps=2")
        let result = lab.run("grads m")
        #expect(result.ok)
        #expect(result.text.contains("update/weight"))
        #expect(result.text.contains("Last step: 2"))
    }

    @Test func activationsAndParams() {
        let lab = TestLab()
        lab.run("mlp new m layers=4 width=8 activation=relu seed=1")
        let activations = lab.run("activations m")
        #expect(activations.ok, "\(activations.text)")
        #expect(activations.text.contains("blocks.2.layers.1"))
        #expect(activations.text.contains("dead"))
        let params = lab.run("params m")
        #expect(params.ok)
        // 2·8+8, 2 × (8·8+8), 8·2+2
        #expect(params.text.contains("186"))
        #expect(lab.session.value(at: ["m", "parameters", "total"]) == 186)
    }

    @Test func gradcheckAgreesOnRealModels() throws {
        let lab = TestLab()
        lab.run("neuron new n1 seed=3")
        let neuron = lab.run("gradcheck n1 key=weight")
        #expect(neuron.ok, "\(neuron.text)")
        let neuronError = try #require(lab.session.value(at: ["n1", "gradcheck", "maxRelativeError"]))
        #expect(neuronError < 1e-2)
        lab.run("mlp new m layers=3 width=8 activation=tanh seed=1")
        let deep = lab.run("gradcheck m key=head.weight count=5 epsilon=1e-2")
        #expect(deep.ok, "\(deep.text)")
        #expect(lab.session.value(at: ["m", "gradcheck", "count"]) == 5)
        let deepError = try #require(lab.session.value(at: ["m", "gradcheck", "maxRelativeError"]))
        #expect(deepError < 1e-2)
    }

    @Test func badInputGetsClearMessages() {
        let lab = TestLab()
        lab.run("neuron new n1")
        let pattern = lab.run("weights n1 key=attention")
        #expect(!pattern.ok)
        #expect(pattern.text.contains("key=attention matches no parameter of n1"))
        let model = lab.run("grads ghost")
        #expect(!model.ok)
        #expect(model.text.contains("ghost"))
        lab.run("data load films")
        let notModel = lab.run("params films")
        #expect(!notModel.ok)
        #expect(notModel.text.contains("films is a dataset without weights"))
        let count = lab.run("gradcheck n1 count=0")
        #expect(!count.ok)
        #expect(count.text.contains("count") && count.text.contains("from 1 to 64"))
    }
}
