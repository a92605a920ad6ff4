import Testing
import TuneEngine

/// The checker's verdict: relative agreement, or a difference inside the finite
/// difference's own rounding.
@Suite struct GradientCheckNoiseTests {
    @Test func theNoiseFloorIsTheLossRoundingOverTheStep() {
        // Two units in the last place of a Float loss of 4.03 (2⁻²¹) over a step of 2e-3:
        // the quanta of a LeNet's finite differences are 2.38e-4.
        let floor = GradientCheck.noiseFloor(loss: 4.03, step: 2e-3)
        #expect(abs(floor - 2 * 4.76837158203125e-7 / 2e-3) < 1e-12)
        #expect(abs(floor - 4.77e-4) < 1e-6)
    }

    @Test func aTinyGradientInsideTheNoiseAgrees() {
        // Relative error 0.6, but the difference (1.9e-4) is inside a noise of 4.77e-4: a
        // LeNet conv weight's gradient of -4.6e-5 read as one quantum, -2.38e-4.
        let pair = GradientCheck.Pair(index: 0, autograd: -4.60775e-5, numeric: -2.38418e-4, noiseFloor: 4.77e-4)
        #expect(pair.relativeError > 0.6)
        #expect(pair.isWithinNoise)
        #expect(pair.agrees)
    }

    @Test func aRealDisagreementAboveTheNoiseIsCaught() {
        let pair = GradientCheck.Pair(index: 0, autograd: 0.5, numeric: 0.25, noiseFloor: 1e-3)
        #expect(!pair.isWithinNoise)
        #expect(!pair.agrees)
        // Without a known noise floor only the relative error counts.
        #expect(!GradientCheck.Pair(index: 0, autograd: 1e-5, numeric: 4e-5).agrees)
        #expect(GradientCheck.Pair(index: 0, autograd: 1.0, numeric: 1.001).agrees)
    }

    @Test func aWrongGradientIsCaughtThroughCompare() throws {
        // L = sum(w²) but the "loss" the checker sees is sum(w³)'s value path: autograd of
        // the first, numeric of the second differ far above the noise.
        let w = try Tensor(shape: [3], values: [0.5, -1.5, 2.0], requiresGradient: true)
        var calls = 0
        let (_, pairs) = try GradientCheck.compare(w, at: [0, 1, 2], epsilon: 1e-3) {
            calls += 1
            return calls == 1 ? try (w * w).sum() : try (w * w * w).sum()
        }
        #expect(pairs.allSatisfy { !$0.agrees })
        // And the right loss agrees everywhere.
        w.gradient = nil
        let (_, good) = try GradientCheck.compare(w, at: [0, 1, 2], epsilon: 1e-3) { try (w * w).sum() }
        #expect(good.allSatisfy { $0.agrees })
    }
}
