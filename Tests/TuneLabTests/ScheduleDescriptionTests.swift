import Testing
import TuneEngine
import TuneLab

/// The lab's one-line description of a learning-rate schedule.
@Suite struct ScheduleDescriptionTests {
    @Test func descriptionsSayWhatTheScheduleDoes() {
        #expect(LearningRateSchedule.constant(rate: 3e-4).description == "constant 0.0003")
        #expect(LearningRateSchedule.warmupCosineDecay(peakRate: 3e-4, warmupSteps: 100, minimumFraction: 0.1)
            .description == "warmup 100 steps from 0 to 0.0003, then cosine decay to 3e-05 (10% of peak)")
        #expect(LearningRateSchedule.warmupLinearDecay(peakRate: 2e-5, warmupSteps: 0).description
            == "start at 2e-05, then linear decay to 0 at the last step")
        #expect(LearningRateSchedule.oneCycle(maximumRate: 0.01).description
            == "one-cycle: cosine up from 0.0004 to 0.01 over the first 30% of steps, then cosine down to 4e-08")
        #expect(LearningRateSchedule.stepDecay(initialRate: 0.1, stepSize: 30).description
            == "step decay: start at 0.1, multiply by 0.1 every 30 steps")
        #expect(LearningRateSchedule.linearWarmup(peakRate: 1e-3, warmupSteps: 10).description
            == "warmup 10 steps from 0 to 0.001, then constant")
    }
}
