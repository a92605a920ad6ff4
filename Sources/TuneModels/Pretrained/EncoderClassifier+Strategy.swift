import TuneEngine

/// Which parameters of an `EncoderClassifier` fine-tuning trains.
extension EncoderClassifier {
    /// Sets up `strategy` (full, head only, or LoRA on the attention projections) and
    /// returns the optimizer's parameter groups (weight decay split off biases and norms)
    /// with the trainable-parameter report. Other strategies are refused with the list
    /// of those that work here.
    public func prepare(_ strategy: FineTuningStrategy, weightDecay: Float, seed: UInt64) throws -> (groups: [ParameterGroup], report: ParameterReport) {
        LoRAConfiguration.detach(from: self)
        unfreeze()
        switch strategy {
        case .full:
            break
        case .headOnly:
            freeze(prefix: "encoder")
        case .lora(let configuration):
            try configuration.attach(to: encoder, seed: seed)
            freeze()
            unfreeze(prefix: "head")
            for (key, tensor) in namedParameters() where LoRAConfiguration.isAdapterKey(key) {
                tensor.requiresGradient = true
            }
        default:
            throw PretrainedTaskError.invalidArgument(
                name: "strategy", value: strategy.name, accepts: "full fine-tuning, head only, or LoRA for a pre-trained encoder")
        }
        // Only what trains goes to the optimizer: its moments for 22M frozen weights would be wasted memory.
        let trainable = namedParameters().filter { $0.tensor.requiresGradient }
        return (ParameterGroup.splitByWeightDecay(trainable, weightDecay: weightDecay), ParameterReport(self, depth: 2))
    }
}
