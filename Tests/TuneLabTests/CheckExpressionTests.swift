import Foundation
import Testing
import TuneLab

@Suite struct CheckExpressionTests {
    func session() -> Session {
        let session = Session(seed: 7)
        let run = FakeRun(name: "r1", learningRate: 0.1)
        run.losses = [1.0, 0.4]  // best.valAccuracy = 1 - 0.4 / 2 = 0.8
        session.add(run)
        return session
    }

    func holds(_ source: String) throws -> Bool {
        try CheckExpression(parsing: source).evaluate(in: session()).passed
    }

    @Test func comparesNumbersAndPaths() throws {
        #expect(try holds("r1.best.valAccuracy >= 0.7"))
        #expect(try !holds("r1.best.valAccuracy > 0.8"))
        #expect(try holds("r1.best.valAccuracy <= 0.8"))
        #expect(try holds("seed == 7"))
        #expect(try holds("seed != 8"))
        #expect(try holds("r1.steps < 3"))
    }

    @Test func arithmeticFollowsPrecedenceAndFunctions() throws {
        #expect(try holds("1 + 2 * 3 == 7"))
        #expect(try holds("(1 + 2) * 3 == 9"))
        #expect(try holds("-2 * -3 == 6"))
        #expect(try holds("10 / 4 == 2.5"))
        #expect(try holds("2e-1 == 0.2"))
        #expect(try holds("ln(exp(2)) ≈ 2 ± 1e-12"))
        #expect(try holds("sqrt(16) + abs(-1) == 5"))
        #expect(try holds("min(3, 1, 2) == 1 and max(3, 1, 2) == 3"))
        #expect(try holds("r1.loss.final * 2 ≈ r1.steps * 0.4 ± 1e-9"))
    }

    @Test func approximateEqualityInUnicodeAndASCII() throws {
        #expect(try holds("ln(65) ≈ 4.17 ± 0.01"))
        #expect(try holds("ln(65) ~= 4.17 +- 0.01"))
        #expect(try !holds("ln(65) ≈ 4.0 ± 0.1"))
        #expect(try holds("r1.best.valAccuracy ≈ 0.75 ± 0.05"))
    }

    @Test func logicCombinesConditions() throws {
        #expect(try holds("seed == 7 and r1.steps == 2"))
        #expect(try !holds("seed == 7 and r1.steps == 3"))
        #expect(try holds("seed == 1 or r1.steps == 2"))
        #expect(try holds("not seed == 1"))
    }

    @Test func outcomeListsTheValuesRead() throws {
        let outcome = try CheckExpression(parsing: "r1.best.valAccuracy >= 0.9").evaluate(in: session())
        #expect(!outcome.passed)
        #expect(outcome.explanation == "r1.best.valAccuracy = 0.8")
    }

    @Test func aMissingPathFailsNamingItAndTheClosest() throws {
        let outcome = try CheckExpression(parsing: "r1.best.valAcuracy > 0.5").evaluate(in: session())
        #expect(!outcome.passed)
        #expect(outcome.explanation == "r1.best.valAcuracy: no such value; the closest is r1.best.valAccuracy")
        let noObject = try CheckExpression(parsing: "r2.best.valAccuracy > 0.5").evaluate(in: session())
        #expect(!noObject.passed)
        #expect(noObject.explanation.contains("r2.best.valAccuracy: there is no r2 (the session has r1)"))
        #expect(noObject.explanation.contains("the closest is r1.best.valAccuracy"))
    }

    @Test func aNumberIsNotACondition() throws {
        let outcome = try CheckExpression(parsing: "r1.steps + 1").evaluate(in: session())
        #expect(!outcome.passed)
        #expect(outcome.explanation.contains("is a number (3), not a condition"))
        let mixed = try CheckExpression(parsing: "(seed == 7) + 1 > 0").evaluate(in: session())
        #expect(mixed.explanation.contains("a condition is used where a number is expected"))
    }

    @Test(arguments: [
        ("r1.steps = 2", "column 10: `=` alone is not a comparison"),
        ("r1.steps ≈ 2", "≈ needs a tolerance"),
        ("foo(2) > 1", "column 1: unknown function foo"),
        ("(1 + 2 > 1", "missing `)`"),
        ("1 + > 2", "column 5: expected a number"),
        ("1 > 2 3", "column 7: unexpected `3`"),
        ("seed $ 2", "column 6: unexpected character `$`"),
        ("", "the condition ends too soon"),
    ])
    func syntaxErrorsNameTheColumn(source: String, message: String) {
        #expect(throws: CheckExpression.SyntaxError.self) { try CheckExpression(parsing: source) }
        do {
            _ = try CheckExpression(parsing: source)
        } catch {
            #expect(String(describing: error).contains(message), "\(error)")
        }
    }
}
