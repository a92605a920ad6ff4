import Testing
import TuneModels

/// The Wilson interval and the seed summary against values worked out by hand.
struct StatisticsTests {
    @Test func wilsonIntervalOf71Of100() throws {
        // By hand: n = 100, p = 0.71, z = 1.959964, z² = 3.841459.
        //   denominator = 1 + 3.841459/100                         = 1.03841459
        //   centre      = (0.71 + 3.841459/200) / 1.03841459       = 0.7292073 / 1.03841459 = 0.7022314
        //   halfWidth   = 1.959964 / 1.03841459 · √(0.71 · 0.29/100 + 3.841459/40000)
        //               = 1.8874581 · √(0.0020590 + 0.0000960)      = 1.8874581 · 0.0464224 = 0.0876203
        //   interval    = 0.6146111 … 0.7898516
        let interval = try #require(WilsonInterval(successes: 71, trials: 100))
        #expect(abs(interval.lower - 0.614611) < 1e-5)
        #expect(abs(interval.upper - 0.789852) < 1e-5)
        #expect(abs(interval.confidence - 0.95) < 1e-9)
    }

    @Test func wilsonIntervalAtTheEdges() throws {
        // 0 of 10: p = 0, so centre = halfWidth = (z²/20) / (1 + z²/10) = 0.1920729 / 1.3841459 = 0.1387664;
        // the interval is 0 … 0.2775328, never the single point 0 the plain interval gives.
        let none = try #require(WilsonInterval(successes: 0, trials: 10))
        #expect(none.lower == 0)
        #expect(abs(none.upper - 0.277533) < 1e-5)
        // 10 of 10 mirrors it: 1 − 0.2775328 = 0.7224672 … 1.
        let all = try #require(WilsonInterval(successes: 10, trials: 10))
        #expect(abs(all.lower - 0.722467) < 1e-5)
        #expect(all.upper <= 1 && all.upper > 1 - 1e-9)
        #expect(WilsonInterval(successes: 0, trials: 0) == nil)
        #expect(WilsonInterval(successes: 11, trials: 10) == nil)
        #expect(WilsonInterval(successes: -1, trials: 10) == nil)
    }

    @Test func accuracyCarriesItsInterval() throws {
        let metrics = try ClassificationMetrics(labels: ["negative", "positive"], truths: [0, 0, 1, 1], predictions: [0, 1, 1, 1])
        let interval = try #require(metrics.accuracyInterval)
        #expect(interval == WilsonInterval(successes: 3, trials: 4))
        #expect(interval.lower < 0.75 && 0.75 < interval.upper)
    }

    @Test func sampleSummaryUsesNMinusOne() throws {
        // 0.68, 0.70, 0.72: mean 0.70; squared deviations 0.0004 + 0 + 0.0004 = 0.0008;
        // / (3 − 1) = 0.0004; sd = 0.02 (dividing by 3 would give 0.01633).
        let summary = try #require(SampleSummary([0.70, 0.72, 0.68]))
        #expect(summary.count == 3)
        #expect(abs(summary.mean - 0.70) < 1e-12)
        #expect(abs((summary.standardDeviation ?? 0) - 0.02) < 1e-12)
        #expect(summary.minimum == 0.68 && summary.maximum == 0.72)
        let one = try #require(SampleSummary([0.5]))
        #expect(one.standardDeviation == nil && one.mean == 0.5)
        #expect(SampleSummary([]) == nil)
        #expect(SampleSummary([0.5, .nan]) == nil)
    }
}
