import TuneEngine
import TuneModels
import TuneText

/// What a classifier run keeps so that `export script` can repeat it in PyTorch: the
/// classifier before its first step, which weights trained and in which optimizer group,
/// the examples as the run encoded them, and every step's batch.
///
/// Recorded when the run starts (the weights, the groups, the data) and completed when it
/// ends (the batches), so later changes to the classifier or the dataset do not alter it.
struct ClassifierRunRecording {
    /// One optimizer group: its parameters by key, its rate multiplier and weight decay.
    struct Group {
        var name: String
        var keys: [String]
        var learningRateMultiplier: Float
        var weightDecay: Float
    }

    /// Labelled examples as the classifier read them: token ids (prompt applied), class index, and the text.
    struct Examples {
        var sequences: [[Int]]
        var labels: [Int]
        var texts: [String]
    }

    let classifierName: String
    let configuration: GPTConfiguration
    let tokenizer: SavedTokenizer
    let pooling: Pooling
    let paddingID: Int
    let labels: [String]
    let prompt: PromptTemplate?
    /// The LoRA adapters' settings, when the classifier has adapters.
    let lora: LoRAConfiguration?
    /// Gradual unfreezing: one more block opens every this many epochs (nil: the trainable
    /// weights stay the same all run).
    let unfreezingEveryEpochs: Int?
    /// Every parameter before the first step: key, shape, values.
    let startingWeights: [(key: String, shape: [Int], values: [Float])]
    /// The keys of the parameters that trained (the others were frozen).
    let trainable: Set<String>
    let groups: [Group]
    let training: Examples
    let validation: Examples?
    /// Why the script cannot repeat this run, when it cannot: nil when it can.
    let notRepeatable: String?
    /// Every step's batch, as indices into `training` (filled in when the run ends).
    var batches: [[Int]] = []

    init(classifier object: ClassifierObject, task: TextClassificationTask, dataset: DatasetObject,
         groups: [ParameterGroup], weightDecay: Float, strategy: FineTuningStrategy?, changesTrainabilityDuringRun: Bool) {
        let classifier = object.classifier
        classifierName = object.name
        configuration = classifier.trunk.configuration
        tokenizer = object.tokenizer
        pooling = classifier.pooling
        paddingID = classifier.paddingID
        labels = classifier.labels
        prompt = classifier.prompt
        let parameters = classifier.namedParameters()
        startingWeights = parameters.map { ($0.key, $0.tensor.shape, $0.tensor.values) }
        trainable = Set(parameters.filter { $0.tensor.requiresGradient }.map(\.key))
        self.groups = groups.map {
            Group(name: $0.name, keys: $0.parameters.map(\.key), learningRateMultiplier: $0.learningRateMultiplier,
                  weightDecay: $0.weightDecay ?? weightDecay)
        }
        training = Examples(sequences: task.trainingSequences, labels: task.trainingLabels, texts: dataset.train.examples.map(\.text))
        validation = task.validationSequences.isEmpty ? nil
            : Examples(sequences: task.validationSequences, labels: task.validationLabels, texts: dataset.validation?.examples.map(\.text) ?? [])
        lora = object.lora
        if case .gradualUnfreezing(let every) = strategy { unfreezingEveryEpochs = every } else { unfreezingEveryEpochs = nil }
        // Why a run could not be repeated: said here, where the reason is known.
        if let lora, let other = lora.targetModules.first(where: { Self.fusedAttentionPart(of: $0) == nil }) {
            notRepeatable = "\(object.name) has LoRA adapters on \(other), and the script adds adapters only to the attention's query, key "
                + "and value (parts of GPT-2's fused c_attn layer); fine-tune with another strategy to export the run"
        } else if changesTrainabilityDuringRun && unfreezingEveryEpochs == nil {
            notRepeatable = "its weights were frozen and unfrozen during the run by a rule the script does not know; "
                + "use strategy=full, head, freeze, discriminative, gradual or lora to export the run"
        } else {
            notRepeatable = nil
        }
    }

    /// "query", "key" or "value" for a LoRA target in the attention (one part of GPT-2's
    /// fused c_attn output); nil for any other layer.
    static func fusedAttentionPart(of target: String) -> String? {
        ["query", "key", "value"].first { target == "attention.\($0)" || target == $0 }
    }
}
