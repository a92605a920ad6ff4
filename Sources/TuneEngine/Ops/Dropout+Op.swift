/// Dropout: during training, zero each value with probability p and scale the
/// survivors by 1/(1−p), so the expected value is unchanged. The mask comes from a
/// seeded generator, so a run repeats exactly.
extension Tensor {
    public func dropout(probability: Float, using generator: inout RandomGenerator) throws -> Tensor {
        guard probability >= 0, probability < 1 else {
            throw TensorError.invalidArgument(operation: "dropout", reason: "probability \(probability) must be in [0, 1)")
        }
        if probability == 0 { return self }
        let keep = 1 - probability
        var mask = [Float](repeating: 0, count: count)
        for i in 0..<count where generator.nextUniform() >= probability { mask[i] = 1 / keep }
        var out = values
        for i in 0..<count { out[i] *= mask[i] }
        let result = Tensor(unchecked: shape, values: out)
        return result.recording("dropout", parents: [self]) { [self] g in
            self.accumulateGradient { acc in for i in 0..<g.count { acc[i] += g[i] * mask[i] } }
        }
    }
}
