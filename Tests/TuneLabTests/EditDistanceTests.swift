import Testing
import TuneLab

@Suite("Did-you-mean suggestions")
struct EditDistanceTests {
    @Test("typos, swaps and prefixes are suggested; far lengths are ruled out without the table")
    func suggestions() {
        #expect(EditDistance.distance("trian", "train") == 1)  // a swap is one edit
        #expect(EditDistance.suggestions(for: "trian", among: ["train", "transformer", "t", "rain"]) == ["train", "rain"])
        // A prefix of a much longer candidate is still offered (its length rules out the table only).
        #expect(EditDistance.suggestions(for: "tok", among: ["tokenizer", "data"]) == ["tokenizer"])
        #expect(EditDistance.suggestions(for: "TRAIN", among: ["train"]) == ["train"])
        // A long garbage word against every candidate: nothing close, answered at once.
        let garbage = String(repeating: "xq", count: 50_000)
        #expect(EditDistance.suggestions(for: garbage, among: ["train", "data", "model"]).isEmpty)
    }
}
