import TuneModels

/// The numbers a fine-tune run (`RunObject`) gives a seed study: the measures of
/// `finetune seeds=` and of each setting of `sweep seeds=`.
enum RunMeasures {
    /// Measure names, in table order.
    static let names = ["testAccuracy", "bestValAccuracy", "bestValLoss", "bestEpoch"]

    /// How tables name them.
    static let labels = ["testAccuracy": "test accuracy", "bestValAccuracy": "best val accuracy",
                         "bestValLoss": "best val loss", "bestEpoch": "epoch of best val"]

    /// `run`'s values (a measure it lacks is left out: no test part, or it diverged).
    static func values(of run: RunObject) -> [String: Double] {
        var values: [String: Double] = [:]
        values["testAccuracy"] = run.test?.accuracy
        values["bestValAccuracy"] = run.value(at: ["best", "valAccuracy"])
        values["bestValLoss"] = run.diverged ? nil : run.value(at: ["best", "valLoss"])
        values["bestEpoch"] = run.diagnosis.bestAccuracy?.epoch
        return values
    }
}
