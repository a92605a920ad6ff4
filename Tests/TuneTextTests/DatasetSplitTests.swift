import Foundation
import Testing
import TuneText

@Suite("Seeded splits and subsets")
struct DatasetSplitTests {
    /// 60 "positive" and 40 "negative" examples, interleaved.
    func dataset() throws -> LabelledDataset {
        let examples = (0..<100).map { index in
            LabelledExample(text: "example \(index)", label: index % 5 < 3 ? "positive" : "negative")
        }
        return try LabelledDataset(name: "toy", examples: examples)
    }

    @Test("the same seed gives the same split; another seed gives another")
    func determinism() throws {
        let data = try dataset()
        let first = try data.split(trainFraction: 0.8, validationFraction: 0.1, seed: 42)
        let second = try data.split(trainFraction: 0.8, validationFraction: 0.1, seed: 42)
        #expect(first == second)
        let other = try data.split(trainFraction: 0.8, validationFraction: 0.1, seed: 7)
        #expect(other.train.texts != first.train.texts)
    }

    @Test("a split is stratified, complete and without overlap")
    func stratified() throws {
        let data = try dataset()
        let split = try data.split(trainFraction: 0.8, validationFraction: 0.1, seed: 3)
        // Labels keep their class order in every part.
        #expect(split.train.labels == ["negative", "positive"])
        #expect(split.train.countsByLabel == [32, 48])
        #expect(split.validation.countsByLabel == [4, 6])
        #expect(split.test.countsByLabel == [4, 6])
        let all = split.train.texts + split.validation.texts + split.test.texts
        #expect(all.count == 100)
        #expect(Set(all) == Set(data.texts))
        // Each part keeps file order.
        let position = Dictionary(uniqueKeysWithValues: data.texts.enumerated().map { ($1, $0) })
        for part in [split.train, split.validation, split.test] {
            let positions = part.texts.map { position[$0]! }
            #expect(positions == positions.sorted())
        }
        #expect(split.train.name == "toy (train)")
    }

    @Test("fractions outside 0...1, or summing past 1, are rejected")
    func badFractions() throws {
        let data = try dataset()
        #expect(throws: DatasetError.self) { try data.split(trainFraction: 0.8, validationFraction: 0.3, seed: 1) }
        #expect(throws: DatasetError.self) { try data.split(trainFraction: -0.1, validationFraction: 0.1, seed: 1) }
        #expect(throws: DatasetError.self) { try data.split(trainFraction: .nan, validationFraction: 0.1, seed: 1) }
        let allTrain = try data.split(trainFraction: 1, validationFraction: 0, seed: 1)
        #expect(allTrain.train.count == 100 && allTrain.validation.isEmpty && allTrain.test.isEmpty)
    }

    @Test("subset(perLabel:) is balanced, seeded, and refuses more than a label has")
    func subsetBalance() throws {
        let data = try dataset()
        let subset = try data.subset(perLabel: 32, seed: 9)
        #expect(subset.count == 64)
        #expect(subset.countsByLabel == [32, 32])
        #expect(try data.subset(perLabel: 32, seed: 9) == subset)
        #expect(try data.subset(perLabel: 32, seed: 10).texts != subset.texts)
        #expect(Set(subset.texts).count == 64)
        #expect(Set(subset.texts).isSubset(of: Set(data.texts)))
        do {
            _ = try data.subset(perLabel: 41, seed: 9)
            Issue.record("asked for more negatives than exist")
        } catch {
            #expect(String(describing: error).contains("label \"negative\" has 40 examples"))
        }
    }

    @Test("sample(count:) draws distinct examples, seeded")
    func sample() throws {
        let data = try dataset()
        let sample = try data.sample(count: 10, seed: 5)
        #expect(sample.count == 10)
        #expect(Set(sample.texts).count == 10)
        #expect(try data.sample(count: 10, seed: 5) == sample)
        #expect(throws: DatasetError.self) { try data.sample(count: 101, seed: 5) }
        #expect(throws: DatasetError.self) { try data.sample(count: 0, seed: 5) }
    }

    @Test("the shuffle is SplitMix64 Fisher-Yates: a fixed seed gives a fixed, known pick")
    func fixedOrder() throws {
        // Five examples of one label. With seed 0, SplitMix64 (first output
        // 0xE220A8397B1DCDAF) drives Fisher-Yates from the back, each draw bounded without
        // modulo bias, giving the order [2, 3, 0, 1, 4]; the first two, in file order, are
        // t2 and t3. Seed 1 gives [1, 0, 3, 4, 2]. (Worked out independently of this code.)
        let examples = (0..<5).map { LabelledExample(text: "t\($0)", label: "x") }
        let data = try LabelledDataset(name: "five", examples: examples)
        #expect(try data.sample(count: 2, seed: 0).texts == ["t2", "t3"])
        #expect(try data.sample(count: 2, seed: 1).texts == ["t0", "t1"])
    }

    @Test("a dataset rejects labels outside its label set and duplicate labels")
    func labelSetValidation() {
        let examples = [LabelledExample(text: "a", label: "x")]
        #expect(throws: DatasetError.self) { try LabelledDataset(name: "d", examples: examples, labels: ["y"]) }
        #expect(throws: DatasetError.self) { try LabelledDataset(name: "d", examples: examples, labels: ["x", "x"]) }
    }
}
