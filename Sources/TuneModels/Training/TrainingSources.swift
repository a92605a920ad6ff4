import TuneEngine

/// Where the `Trainer` takes each step's learning rate from.
public enum LearningRateSource {
    /// `TrainingOptions.schedule` over the run (the default).
    case schedule
    /// A rate for each 0-based step: the learning-rate finder's geometric ramp, or one
    /// fixed rate that a command changes between runs.
    case perStep((Int) -> Double)
}

/// How the `Trainer` chooses the items of each batch (a task that draws its own
/// random batches, like a language model's windows, ignores it).
public enum BatchOrder: Sendable {
    /// Each epoch a fresh shuffle of all items, cut into consecutive batches (the default).
    case shuffledEachEpoch
    /// Each epoch shuffles the previous epoch's order again, cut into consecutive batches.
    case reshuffledEachEpoch
    /// Every item of every batch drawn independently, with replacement (no epochs).
    case drawnWithReplacement
}
