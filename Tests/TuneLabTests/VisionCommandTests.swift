import Foundation
import Testing
import TuneLab

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
}
