import TuneModels

/// What a run's history says: the best evaluation, the generalization gap, whether
/// validation loss is rising, and whether training exploded or barely moved.
/// Pure arithmetic on the recorded numbers; `diagnose` prints it and runs publish it.
public struct RunDiagnosis {
    /// What went wrong in a run, most serious first; the raw values are the words tables print.
    public enum Symptom: String, CaseIterable, CustomStringConvertible {
        /// The loss became NaN or infinite.
        case diverged
        /// The training loss ended above where it started, or jumped past twice it.
        case exploding
        /// The training loss barely fell.
        case crawling
        /// Validation loss rose at the end while the training loss fell.
        case overfitting

        public var description: String { rawValue }
    }

    /// One evaluation with the mean training loss of the steps since the previous one.
    public struct Point {
        public var step: Int
        public var epoch: Double
        public var trainLoss: Float?
        public var validation: TrainingHistory.Evaluation
    }

    public let points: [Point]
    /// The evaluation the run's monitor chose as best (lowest loss or highest accuracy).
    public let best: TrainingHistory.Evaluation?
    public let bestLoss: TrainingHistory.Evaluation?
    public let bestAccuracy: TrainingHistory.Evaluation?
    public let finalValidation: TrainingHistory.Evaluation?
    /// The mean training loss over the last evaluation interval (or the last 20 steps).
    public let finalTrainLoss: Float?
    /// Final validation loss − final training loss.
    public let gap: Float?
    /// Evaluations after the lowest validation loss.
    public let evaluationsSinceBestLoss: Int
    /// The last validation loss is at least 2% above the lowest, which came earlier.
    public let isValidationRising: Bool
    /// NaN/Inf, or the training loss ended above where it started or jumped past twice it.
    public let isExploding: Bool
    /// The training loss fell by less than 5% of its starting value.
    public let isCrawling: Bool
    /// The most serious symptom, or nil for a healthy run.
    public var symptom: Symptom? {
        if diverged { return .diverged }
        if isExploding { return .exploding }
        if isCrawling { return .crawling }
        return isValidationRising ? .overfitting : nil
    }
    /// Whether the run diverged (NaN or infinite loss).
    public let diverged: Bool
    /// The first step's loss and the mean of the last steps'.
    public let firstTrainLoss: Float?
    public let recentTrainLoss: Float?

    public init(run: RunObject) {
        let history = run.history
        var points: [Point] = []
        var previousStep = 0
        for evaluation in history.evaluations {
            let slice = history.trainLosses[min(previousStep, history.trainLosses.count)..<min(evaluation.step, history.trainLosses.count)]
            let finite = slice.filter(\.isFinite)
            let mean: Float? = finite.isEmpty ? nil : finite.reduce(0, +) / Float(finite.count)
            points.append(Point(step: evaluation.step, epoch: evaluation.epoch, trainLoss: mean, validation: evaluation))
            previousStep = evaluation.step
        }
        self.points = points
        let evaluations = history.evaluations
        bestLoss = evaluations.min { $0.loss < $1.loss || ($0.loss == $1.loss && $0.step < $1.step) }
        let withAccuracy = evaluations.filter { $0.accuracy != nil }
        bestAccuracy = withAccuracy.max { ($0.accuracy ?? 0) < ($1.accuracy ?? 0) || (($0.accuracy ?? 0) == ($1.accuracy ?? 0) && $0.step > $1.step) }
        if let bestStep = history.bestStep, let chosen = evaluations.last(where: { $0.step == bestStep }) {
            best = chosen
        } else {
            best = run.options.monitor == .validationAccuracy ? (bestAccuracy ?? bestLoss) : bestLoss
        }
        finalValidation = evaluations.last
        let recent = history.recentTrainLoss(over: 20)
        let finalTrain = points.last?.trainLoss ?? recent
        finalTrainLoss = finalTrain
        if let validation = evaluations.last, let train = finalTrain { gap = validation.loss - train } else { gap = nil }
        let lowest = evaluations.min { $0.loss < $1.loss || ($0.loss == $1.loss && $0.step < $1.step) }
        var since = 0
        if let lowest, let index = evaluations.lastIndex(where: { $0.step == lowest.step }) { since = evaluations.count - 1 - index }
        evaluationsSinceBestLoss = since
        if let lowest, let last = evaluations.last, since > 0 {
            isValidationRising = last.loss > lowest.loss * 1.02
        } else {
            isValidationRising = false
        }
        let firstLoss = history.trainLosses.first
        let recentLoss: Float? = history.trainLosses.isEmpty ? nil
            : history.trainLosses.suffix(10).reduce(0, +) / Float(min(10, history.trainLosses.count))
        firstTrainLoss = firstLoss
        recentTrainLoss = recentLoss
        diverged = run.diverged
        var exploding = false
        if run.diverged {
            exploding = true
        } else if let first = firstLoss, let recent = recentLoss, history.steps >= 5 {
            let peak = history.trainLosses.max() ?? first
            exploding = !recent.isFinite || recent > first * 1.2 || peak > first * 2
        }
        isExploding = exploding
        if let first = firstLoss, let recent = recentLoss, !exploding, first > 0, history.steps >= 5 {
            isCrawling = (first - recent) / first < 0.05
        } else {
            isCrawling = false
        }
    }
}
