import Foundation

/// Curves of runs as line plots, for `diagnose`, `compare`, `sweep` and `plot`.
enum RunCurves {
    /// Which curve of a run.
    enum Curve: String { case train, validation = "val", accuracy }

    /// The run called `name`, or an error naming the runs that exist.
    static func run(_ name: String, context: CommandContext) throws -> RunObject {
        if let run = context.session.object(named: name) as? RunObject { return run }
        let runs = context.session.allObjects(of: .run).map(\.name)
        if let other = context.session.object(named: name) {
            throw CommandError("\(name) is a \(other.kind.name), not a training run (runs: \(runs.isEmpty ? "none yet" : runs.joined(separator: ", "))).")
        }
        throw CommandError("\(name): no such run (" + (runs.isEmpty ? "none yet: train MODEL on DATA makes one)." : "the session has \(runs.joined(separator: ", "))).")
            + EditDistance.didYouMean(name, among: runs))
    }

    /// The train-loss curve smoothed over a window of about 2% of the run (raw when short).
    static func smoothedTrainLoss(_ run: RunObject) -> [Double] {
        let losses = run.history.trainLosses.map(Double.init)
        let window = max(1, losses.count / 50)
        guard window > 1 else { return losses }
        var result: [Double] = []
        var sum = 0.0
        var finite: [Double] = []
        for (index, value) in losses.enumerated() {
            finite.append(value.isFinite ? value : .nan)
            sum += value.isFinite ? value : 0
            if index >= window { sum -= finite[index - window].isFinite ? finite[index - window] : 0 }
            let count = min(index + 1, window)
            result.append(value.isFinite ? sum / Double(count) : .nan)
        }
        return result
    }

    /// One run's curve as a series, against steps.
    static func series(_ run: RunObject, curve: Curve, label: String? = nil) -> LinePlot.Series? {
        let name = label ?? run.name
        switch curve {
        case .train:
            let values = smoothedTrainLoss(run)
            return values.isEmpty ? nil : LinePlot.Series(name: name, values: values)
        case .validation:
            let evaluations = run.history.evaluations
            guard !evaluations.isEmpty else { return nil }
            return try? LinePlot.Series(name: name, x: evaluations.map { Double($0.step) }, y: evaluations.map { Double($0.loss) })
        case .accuracy:
            let evaluations = run.history.evaluations.filter { $0.accuracy != nil }
            guard !evaluations.isEmpty else { return nil }
            return try? LinePlot.Series(name: name, x: evaluations.map { Double($0.step) }, y: evaluations.map { Double($0.accuracy!) })
        }
    }

    /// Training and validation loss of one run, with a marker at the best evaluation.
    static func trainAndValidation(_ run: RunObject) -> LinePlot {
        var series: [LinePlot.Series] = []
        if let train = self.series(run, curve: .train, label: "train") { series.append(train) }
        if let validation = self.series(run, curve: .validation, label: "validation") { series.append(validation) }
        var markers: [LinePlot.Marker] = []
        if let best = run.diagnosis.best { markers.append(LinePlot.Marker(x: Double(best.step), label: "best step")) }
        return LinePlot(series: series, title: "\(run.name): loss", xLabel: "step", yLabel: "loss", height: 12, markers: markers)
    }

    /// One curve of several runs, overlaid.
    static func overlay(_ runs: [RunObject], curve: Curve, title: String) -> LinePlot {
        let series = runs.compactMap { self.series($0, curve: curve) }
        // One exploding run can reach losses a hundred times the others'; on a linear
        // axis every other curve would be squashed flat at the bottom. A log axis keeps
        // them all readable.
        let losses = series.flatMap(\.y).filter { $0.isFinite && $0 > 0 }
        let logarithmic = curve != .accuracy && (losses.max() ?? 1) > 10 * (losses.min() ?? 1)
        return LinePlot(
            series: series, title: logarithmic ? title + " (log scale: the runs differ more than tenfold)" : title,
            xLabel: "step", yLabel: curve == .accuracy ? "accuracy" : "loss", yScale: logarithmic ? .logarithmic : .linear, height: 12)
    }

    /// The curve `compare` and `sweep` draw: validation loss when every run has it, else training loss.
    static func bestCurve(for runs: [RunObject]) -> Curve {
        runs.allSatisfy { !$0.history.evaluations.isEmpty } ? .validation : .train
    }
}
