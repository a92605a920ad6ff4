import Foundation
import Testing
import TuneLab

/// The course's central claim, measured the way a learner would measure it, through the
/// lab's own commands: with 64 labelled sentences, the pre-trained model fine-tuned in
/// the shape of pre-training beats the same architecture trained from scratch by at least
/// 10 points, in every domain, as a mean over 5 seeds, on validation and on test. Each
/// model gets its own best setting, chosen on validation; test is read once, for that
/// setting. And zero-shot prompting of the pre-trained model alone reaches 0.70 everywhere.
@Suite(.serialized) struct PretrainingPaysTests {
    // The candidates each model chooses from. The full sweep (1e-4 … 1e-2 for every model,
    // in the note of issue 13 and lesson 5) puts each model's best on validation inside
    // its list here: the judge at 1e-4 or 3e-4, scratch at 1e-3 or 3e-3.
    static let judgeRates = ["1e-4", "3e-4", "1e-3"]
    static let scratchRates = ["1e-3", "3e-3"]
    static let domains = ["films", "restaurants", "gadgets"]

    /// One setting's mean accuracies over its seeds.
    struct Setting {
        let label: String
        let validation: Double
        let test: Double
    }

    /// A lesson whose cells run every fine-tune, so the pre-trained `base` comes from the
    /// same place (the lessons' recipe, made or loaded from the cache) as in lessons 3–6.
    static func studyLesson() -> String {
        var cells: [String] = []
        for domain in domains {
            cells += ["data load \(domain)", "data subset \(domain) as few_\(domain) per_label=32",
                      "zeroshot base on \(domain) as zt_\(domain)", "zeroshot base on \(domain) split=validation as zv_\(domain)"]
            for (k, rate) in judgeRates.enumerated() {
                cells.append("finetune base on few_\(domain) prompt=yes lr=\(rate) seeds=5 as j_\(domain)_\(k) run=J_\(domain)_\(k)")
            }
            for (k, rate) in scratchRates.enumerated() {
                // Scratch in both shapes: read in the prompt from the last token, and plain
                // mean pooling (which restaurants prefer).
                cells += ["classifier new sp_\(domain)_\(k) from scratch like=base prompt=yes",
                          "finetune sp_\(domain)_\(k) on few_\(domain) lr=\(rate) seeds=5 run=SP_\(domain)_\(k)",
                          "classifier new sm_\(domain)_\(k) from scratch like=base",
                          "finetune sm_\(domain)_\(k) on few_\(domain) lr=\(rate) seeds=5 run=SM_\(domain)_\(k)"]
            }
        }
        return """
        ---
        title: Pre-training pays
        minutes: 1
        objectives: [measure]
        needs: [pretrained: base]
        ---
        # Pre-training pays

        ```tunelab
        \(cells.joined(separator: "\n"))
        ```
        """
    }

    @Test func pretrainedBeatsScratchByTenPointsInEveryDomainOnValidationAndTest() throws {
        let lab = TestLab()
        let lesson = try LessonParser(registry: lab.registry).parse(
            text: Self.studyLesson(), file: URL(fileURLWithPath: "/tests/pretraining-pays.md"), number: 1, slug: "pretraining-pays")
        let report = HeadlessRunner.runLesson(lesson, in: lab.shell, showsOutput: false)
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")

        func setting(_ run: String, _ label: String) throws -> Setting {
            Setting(label: label,
                    validation: try #require(lab.session.value(at: [run, "mean", "bestValAccuracy"]), "\(run)"),
                    test: try #require(lab.session.value(at: [run, "mean", "testAccuracy"]), "\(run)"))
        }
        for domain in Self.domains {
            let zeroTest = try #require(lab.session.value(at: ["zt_\(domain)", "accuracy"]))
            let zeroValidation = try #require(lab.session.value(at: ["zv_\(domain)", "accuracy"]))
            print("\(domain): zero-shot validation \(zeroValidation), test \(zeroTest)")
            #expect(zeroTest >= 0.7 && zeroValidation >= 0.7, "\(domain): zero-shot \(zeroValidation) / \(zeroTest)")

            let judges = try Self.judgeRates.enumerated().map { try setting("J_\(domain)_\($0.offset)", "judge lr \($0.element)") }
            let scratches = try Self.scratchRates.enumerated().flatMap { k, rate in
                [try setting("SP_\(domain)_\(k)", "scratch, prompt, lr \(rate)"), try setting("SM_\(domain)_\(k)", "scratch, mean pool, lr \(rate)")]
            }
            for s in judges + scratches {
                print("\(domain) \(s.label): validation \(s.validation), test \(s.test) (means over 5 seeds)")
            }
            // Chosen on validation; the test accuracy is that setting's, read once.
            let judge = try #require(judges.max { $0.validation < $1.validation })
            let scratch = try #require(scratches.max { $0.validation < $1.validation })
            let validationGain = 100 * (judge.validation - scratch.validation)
            let testGain = 100 * (judge.test - scratch.test)
            print("\(domain): chosen \(judge.label) vs \(scratch.label): +\(validationGain) points on validation, +\(testGain) on test")
            #expect(validationGain >= 10, "\(domain): \(validationGain) points on validation")
            #expect(testGain >= 10, "\(domain): \(testGain) points on test")
        }
    }
}
