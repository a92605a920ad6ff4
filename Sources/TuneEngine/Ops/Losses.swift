import Foundation

/// Loss functions: one number that says how wrong the model is, and that
/// `backward()` starts from.
public enum Loss {
    /// Mean cross-entropy between logits [N, classes] (or [..., classes]) and target
    /// class ids (one per row). Rows whose target is `ignoreIndex` (padding) count
    /// neither in the sum nor in the mean.
    ///
    /// loss = mean over rows of (logSumExp(logits) − logits[target]); its gradient
    /// per row is (softmax(logits) − onehot(target)) / rows.
    public static func crossEntropy(logits: Tensor, targets: [Int], ignoreIndex: Int? = nil) throws -> Tensor {
        guard logits.rank >= 1 else {
            throw TensorError.wrongRank(operation: "crossEntropy", shape: logits.shape, expected: "[..., classes]")
        }
        let classes = logits.shape.last!, rows = logits.count / Swift.max(classes, 1)
        guard targets.count == rows else {
            throw TensorError.shapeMismatch(operation: "crossEntropy", left: logits.shape, right: [targets.count], reason: "one target per row: \(rows) rows, \(targets.count) targets")
        }
        for (row, target) in targets.enumerated() where target != ignoreIndex && (target < 0 || target >= classes) {
            throw TensorError.indexOutOfRange(operation: "crossEntropy target at row \(row)", index: target, size: classes)
        }
        let counted = targets.filter { $0 != ignoreIndex }.count
        guard counted > 0 else {
            throw TensorError.invalidArgument(operation: "crossEntropy", reason: "every target is the ignore index \(ignoreIndex!)")
        }
        var probabilities = logits.values  // becomes softmax, kept for backward
        var rowLosses = [Double](repeating: 0, count: rows)
        probabilities.withUnsafeMutableBufferPointer { p in
            rowLosses.withUnsafeMutableBufferPointer { losses in
                Parallel.forEachChunk(rows, cost: classes * 3) { chunk in
                    for r in chunk {
                        let row = p.baseAddress! + r * classes
                        let target = targets[r]
                        if target == ignoreIndex { continue }
                        let targetLogit = row[target]  // read before the row becomes probabilities
                        let logSum = VectorKernels.softmaxRow(row, classes)
                        losses[r] = Double(logSum - targetLogit)
                    }
                }
            }
        }
        // Summed in row order, so the loss does not depend on how rows were split.
        let total = rowLosses.reduce(0, +)
        let result = Tensor(unchecked: [], values: [Float(total / Double(counted))])
        return result.recording("crossEntropy", parents: [logits]) { g in
            let scale = g[0] / Float(counted)
            probabilities.withUnsafeBufferPointer { p in
                logits.accumulateGradient { acc in
                    for r in 0..<rows where targets[r] != ignoreIndex {
                        let probability = p.baseAddress! + r * classes, gradient = acc.baseAddress! + r * classes
                        for j in 0..<classes { gradient[j] += scale * probability[j] }
                        gradient[targets[r]] -= scale
                    }
                }
            }
        }
    }

    /// Mean squared error, mean((prediction − target)²).
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError.shapeMismatch(operation: "meanSquaredError", left: prediction.shape, right: target.shape, reason: "shapes must be equal")
        }
        let difference = try prediction - target
        return try (difference * difference).mean()
    }

    /// Binary cross-entropy, mean(−[t·ln y + (1 − t)·ln(1 − y)]), for probabilities y in
    /// (0, 1) and targets t in {0, 1}: −ln of the probability given to the right answer.
    /// After a sigmoid its gradient at the pre-activation is simply y − t.
    public static func binaryCrossEntropy(_ probability: Tensor, _ target: Tensor) throws -> Tensor {
        guard probability.shape == target.shape else {
            throw TensorError.shapeMismatch(operation: "binaryCrossEntropy", left: probability.shape, right: target.shape, reason: "shapes must be equal")
        }
        // Keep y off 0 and 1, so ln never sees 0 (the clamp only bites on a certain answer).
        let y = probability.clamped(min: 1e-7, max: 1 - 1e-7)
        let one = Tensor.full(target.shape, value: 1)
        let right = try target * y.log()  // t · ln y
        let wrong = try (one - target) * (one - y).log()  // (1 − t) · ln(1 − y)
        return try -(right + wrong).mean()
    }

    /// Throws if a loss is NaN or infinite, naming the step: the usual sign of a
    /// learning rate that is too high.
    public static func checkFinite(_ loss: Tensor, step: Int? = nil) throws {
        let value = loss.values.first ?? .nan
        guard value.isFinite else {
            throw TensorError.notFinite(what: "the loss\(step.map { " at step \($0)" } ?? "")", value: value)
        }
    }
}
