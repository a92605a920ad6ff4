import Testing
import TuneEngine

@Suite struct ScheduleTests {
    /// Expects the schedule's rate at each (step, rate) pair, for a run of `total` steps.
    func expectRates(
        _ schedule: LearningRateSchedule, total: Int, _ expected: [(step: Int, rate: Double)],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try schedule.validate(totalSteps: total)
        for (step, rate) in expected {
            expectClose(schedule.learningRate(atStep: step, totalSteps: total), rate,
                        sourceLocation: sourceLocation)
        }
    }

    @Test func constant() throws {
        try expectRates(.constant(rate: 3e-4), total: 100, [(0, 3e-4), (50, 3e-4), (99, 3e-4)])
    }

    @Test func linearWarmupThenConstant() throws {
        // peak·t/W during warmup (W = 10), then the peak.
        try expectRates(.linearWarmup(peakRate: 1e-3, warmupSteps: 10), total: 100, [
            (0, 0), (5, 5e-4), (9, 9e-4), (10, 1e-3), (50, 1e-3), (99, 1e-3),
        ])
        // No warmup: the peak from step 0.
        try expectRates(.linearWarmup(peakRate: 1e-3, warmupSteps: 0), total: 100, [(0, 1e-3)])
    }

    @Test func warmupThenLinearDecay() throws {
        // T = 110, W = 10: after warmup, peak·(T − t)/(T − W) = peak·(110 − t)/100.
        try expectRates(.warmupLinearDecay(peakRate: 1e-3, warmupSteps: 10), total: 110, [
            (0, 0), (5, 5e-4),
            (10, 1e-3),          // (110 − 10)/100 = 1
            (60, 5e-4),          // (110 − 60)/100 = 0.5
            (109, 1e-5),         // (110 − 109)/100 = 0.01
        ])
    }

    @Test func warmupThenCosineDecayToAMinimum() throws {
        // T = 110, W = 10, f = 0.1: p = (t − 10)/100; rate = 1e-3·(0.1 + 0.9·½(1 + cos(π·p)))
        try expectRates(.warmupCosineDecay(peakRate: 1e-3, warmupSteps: 10, minimumFraction: 0.1), total: 110, [
            (0, 0), (5, 5e-4),
            (10, 1e-3),                    // p = 0: cos 0 = 1
            (60, 5.5e-4),                  // p = 0.5: 0.1 + 0.9·0.5 = 0.55
            (109, 1.0022204783542078e-4),  // p = 0.99: 0.1 + 0.9·½(1 + cos(0.99π)) = 0.10022
            (110, 1e-4),                   // p = 1: the floor
        ])
        // Non-increasing after warmup.
        let rates = LearningRateSchedule.warmupCosineDecay(peakRate: 1e-3, warmupSteps: 10, minimumFraction: 0.1)
            .learningRates(totalSteps: 110)
        #expect(rates.count == 110)
        #expect(zip(rates[10...], rates[11...]).allSatisfy { $0 >= $1 })
    }

    @Test func oneCycleMatchesTheTwoPhaseCosineRule() throws {
        // max 0.01, T = 100, defaults: initial = 0.01/25 = 4e-4, final = 4e-4/1e4 = 4e-8.
        // Phase 1 ends at e = 0.3·100 − 1 = 29.
        try expectRates(.oneCycle(maximumRate: 0.01), total: 100, [
            (0, 4e-4),                      // start of phase 1: the initial rate
            (14, 0.004940133238789995),     // 4e-4 + (0.01 − 4e-4)·½(1 − cos(π·14/29))
            (29, 0.01),                     // end of phase 1: the maximum
            (30, 0.009994965352845242),     // phase 2, x = 1/70
            (64, 0.00500002),               // x = 35/70 = ½: (0.01 + 4e-8)/2
            (99, 4e-8),                     // last step: the final rate
        ])
        // Past the end, the rate stays at the final one.
        expectClose(LearningRateSchedule.oneCycle(maximumRate: 0.01).learningRate(atStep: 150, totalSteps: 100), 4e-8)
    }

    @Test func stepDecayMultipliesEveryStepSize() throws {
        // 0.1·0.1^⌊t/30⌋
        try expectRates(.stepDecay(initialRate: 0.1, stepSize: 30, factor: 0.1), total: 100, [
            (0, 0.1), (29, 0.1), (30, 0.01), (50, 0.01), (60, 0.001), (99, 1e-4),
        ])
        try expectRates(.stepDecay(initialRate: 1, stepSize: 2, factor: 0.5), total: 10, [(3, 0.5), (4, 0.25)])
    }


    @Test func invalidArgumentsAreNamed() throws {
        func expectRejected(_ schedule: LearningRateSchedule, total: Int, naming name: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                try schedule.validate(totalSteps: total)
                Issue.record("\(schedule) accepted for \(total) steps", sourceLocation: sourceLocation)
            } catch {
                #expect("\(error)".contains(name), "\(error)", sourceLocation: sourceLocation)
            }
        }
        expectRejected(.constant(rate: 1e-3), total: 0, naming: "totalSteps")
        expectRejected(.linearWarmup(peakRate: 1e-3, warmupSteps: 500), total: 100, naming: "warmupSteps")
        expectRejected(.warmupCosineDecay(peakRate: 1e-3, warmupSteps: 10, minimumFraction: 1.5), total: 100,
                       naming: "minimumFraction")
        expectRejected(.oneCycle(maximumRate: 0.01, warmupFraction: 1), total: 100, naming: "warmupFraction")
        expectRejected(.oneCycle(maximumRate: 0.01), total: 2, naming: "warmupFraction")
        expectRejected(.stepDecay(initialRate: 0.1, stepSize: 0), total: 100, naming: "stepSize")
        expectRejected(.constant(rate: -1), total: 100, naming: "rate")
    }

    @Test func scheduleDrivesAnOptimizer() throws {
        // SGD on p with g = 1 each step: p decreases by exactly the scheduled rate.
        let p = try optimizerTestParameter([1])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0)
        let schedule = LearningRateSchedule.warmupLinearDecay(peakRate: 0.1, warmupSteps: 2)
        // T = 4: rates 0, 0.05, 0.1, 0.05 → p = 1 − 0.2 = 0.8
        for _ in 0..<4 {
            sgd.learningRate = schedule.learningRate(atStep: sgd.stepCount, totalSteps: 4)
            p.gradient = [1]
            let report = try sgd.step()
            #expect(report.learningRate == sgd.learningRate)
        }
        expectClose(p.values, [0.8])
    }
}
