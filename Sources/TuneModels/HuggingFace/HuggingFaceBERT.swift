import Foundation
import TuneCheckpoint
import TuneEngine

/// A fine-tuned MiniLM classifier as folders Hugging Face libraries load.
///
/// TuneLab's classifier is mean pooling over the real tokens, then one Linear layer.
/// `BertForSequenceClassification` computes something else (the [CLS] token through the
/// pooler's tanh layer), so its logits could not match. The classifier is therefore
/// written as a sentence-transformers folder, whose three modules are exactly TuneLab's:
///
///     config.json, model.safetensors, vocab.txt, tokenizer.json, ...   module 0: BertModel
///     1_Pooling/config.json        module 1: mean pooling over the attention mask
///     2_Dense/config.json          module 2: Linear(hidden → classes), identity activation
///     2_Dense/model.safetensors    linear.weight [classes, hidden], linear.bias [classes]
///     modules.json                 the three in order; labels in config.json's id2label
///
/// `AutoModel.from_pretrained(DIR)` loads module 0 alone; the folder's README.md shows the
/// pooling and head in five lines of PyTorch. LoRA adapters are merged into the weights
/// here (W + (α/r)·B·A), so the folder computes the fine-tuned classifier by itself.
///
/// `exportAdapters` writes the adapters unmerged as a PEFT folder for the original
/// all-MiniLM-L6-v2: adapter_config.json + adapter_model.safetensors (task FEATURE_EXTRACTION,
/// so `PeftModel.from_pretrained(AutoModel(...), DIR)` gives the encoder's hidden states),
/// with the same 2_Dense head beside them.
public enum HuggingFaceBERT {
    /// The tokenizer and sentence files copied unchanged from the pre-trained model.
    static let copiedFiles = ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentence_bert_config.json"]

    /// Writes `classifier` (fine-tuned from `base`) as a sentence-transformers folder.
    public static func export(_ classifier: EncoderClassifier, base: PretrainedModelFiles, to folder: URL) throws {
        var config = try baseConfig(base)
        config["architectures"] = ["BertModel"]
        config["id2label"] = Dictionary(uniqueKeysWithValues: classifier.labels.enumerated().map { ("\($0.offset)", $0.element) })
        config["label2id"] = Dictionary(uniqueKeysWithValues: classifier.labels.enumerated().map { ($0.element, $0.offset) })
        let tensors = mergedTensors(classifier.encoder)
        try StagedFolder.write(to: folder) { staging in
            try writeSafetensors(tensors, metadata: ["format": "pt"], to: staging.appendingPathComponent("model.safetensors"))
            try HuggingFaceGPT.writeJSON(config, to: staging.appendingPathComponent("config.json"))
            for name in copiedFiles {
                guard let data = try? base.data(of: name) else { continue }
                try data.write(to: staging.appendingPathComponent(name))
            }
            try writePooling(to: staging, hiddenSize: classifier.encoder.hiddenSize)
            try writeHead(classifier, to: staging)
            try HuggingFaceGPT.writeJSON([
                ["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"],
                ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"],
                ["idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"],
            ], to: staging.appendingPathComponent("modules.json"))
            try readme(classifier, adapters: false).write(to: staging.appendingPathComponent("README.md"), atomically: false, encoding: .utf8)
        }
    }

    /// Writes `classifier`'s LoRA adapters (made by `configuration`) as a PEFT folder.
    public static func exportAdapters(_ classifier: EncoderClassifier, configuration: LoRAConfiguration, to folder: URL) throws {
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for (key, tensor) in classifier.namedParameters() where LoRAConfiguration.isAdapterKey(key) {
            guard let name = EncoderLoRACheckpoint.savedName(forKey: key) else { continue }
            tensors.append((name, tensor.shape, tensor.values))
        }
        guard !tensors.isEmpty else {
            throw HuggingFaceFolderError.noEquivalent(
                what: "a PEFT folder of a classifier without LoRA adapters", reason: "there are no adapters to write; export the whole model instead")
        }
        let config: [String: Any] = [
            "peft_type": "LORA", "task_type": "FEATURE_EXTRACTION",
            "base_model_name_or_path": "sentence-transformers/all-MiniLM-L6-v2",
            "r": configuration.rank, "lora_alpha": Double(configuration.alpha), "lora_dropout": 0.0, "bias": "none",
            "target_modules": EncoderLoRACheckpoint.savedTargets(configuration.targetModules),
            "fan_in_fan_out": false, "inference_mode": true, "use_rslora": false, "init_lora_weights": true,
        ]
        try StagedFolder.write(to: folder) { staging in
            try writeSafetensors(tensors, metadata: ["format": "pt"], to: staging.appendingPathComponent(EncoderLoRACheckpoint.weightsFile))
            try HuggingFaceGPT.writeJSON(config, to: staging.appendingPathComponent(EncoderLoRACheckpoint.configFile))
            try writePooling(to: staging, hiddenSize: classifier.encoder.hiddenSize)
            try writeHead(classifier, to: staging)
            try readme(classifier, adapters: true).write(to: staging.appendingPathComponent("README.md"), atomically: false, encoding: .utf8)
        }
    }

    // MARK: - Parts

    static func baseConfig(_ base: PretrainedModelFiles) throws -> [String: Any] {
        let data = try base.data(of: PretrainedModelFiles.configurationName)
        guard let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw HuggingFaceFolderError.unreadable(path: base.displayName(of: PretrainedModelFiles.configurationName), reason: "not a JSON object")
        }
        return config
    }

    /// The encoder's tensors under BERT names, each adapter merged into its layer.
    static func mergedTensors(_ encoder: BERTModel) -> [(name: String, shape: [Int], values: [Float])] {
        var adapters: [String: LoRAAdapter] = [:]
        for (key, module) in encoder.namedModules() {
            if let adapter = (module as? Linear)?.adapter { adapters[key + ".weight"] = adapter }
        }
        return encoder.checkpointTensors().map { tensor in
            guard let key = BERTModel.key(forCheckpointName: tensor.name), let adapter = adapters[key] else { return tensor }
            // W [out, in] + scale · up [out, r] · down [r, in]
            let (outputs, inputs, rank) = (adapter.up.shape[0], adapter.down.shape[1], adapter.rank)
            var values = tensor.values
            let up = adapter.up.values, down = adapter.down.values
            for row in 0..<outputs {
                for r in 0..<rank {
                    let factor = adapter.scale * up[row * rank + r]
                    guard factor != 0 else { continue }
                    for column in 0..<inputs { values[row * inputs + column] += factor * down[r * inputs + column] }
                }
            }
            return (tensor.name, tensor.shape, values)
        }
    }

    static func writePooling(to folder: URL, hiddenSize: Int) throws {
        let pooling = folder.appendingPathComponent("1_Pooling")
        try FileManager.default.createDirectory(at: pooling, withIntermediateDirectories: false)
        try HuggingFaceGPT.writeJSON([
            "word_embedding_dimension": hiddenSize, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true,
            "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false,
        ], to: pooling.appendingPathComponent("config.json"))
    }

    static func writeHead(_ classifier: EncoderClassifier, to folder: URL) throws {
        let dense = folder.appendingPathComponent("2_Dense")
        try FileManager.default.createDirectory(at: dense, withIntermediateDirectories: false)
        var tensors = [("linear.weight", classifier.head.weight.shape, classifier.head.weight.values)]
        if let bias = classifier.head.bias { tensors.append(("linear.bias", bias.shape, bias.values)) }
        try writeSafetensors(tensors.map { (name: $0.0, shape: $0.1, values: $0.2) }, metadata: ["format": "pt"],
                             to: dense.appendingPathComponent("model.safetensors"))
        try HuggingFaceGPT.writeJSON([
            "in_features": classifier.head.inputSize, "out_features": classifier.head.outputSize,
            "bias": classifier.head.bias != nil, "activation_function": "torch.nn.modules.linear.Identity",
        ], to: dense.appendingPathComponent("config.json"))
    }

    static func readme(_ classifier: EncoderClassifier, adapters: Bool) -> String {
        let load = adapters
            ? """
              base = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")   # or a local copy
              encoder = PeftModel.from_pretrained(base, DIR).eval()
              tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
              """
            : """
              encoder = AutoModel.from_pretrained(DIR).eval()
              tokenizer = AutoTokenizer.from_pretrained(DIR)
              """
        return """
            # A TuneLab classifier (\(classifier.labels.count) classes: \(classifier.labels.joined(separator: ", ")))

            \(adapters ? "LoRA adapters for all-MiniLM-L6-v2 (PEFT)" : "all-MiniLM-L6-v2, fine-tuned (sentence-transformers layout)"), \
            then mean pooling over the real tokens (1_Pooling) and a linear head (2_Dense: `linear.weight`, \
            `linear.bias`; class i is `\(classifier.labels.first ?? "")`, ... in the order above).

            ```python
            import torch
            from safetensors.torch import load_file
            from transformers import AutoModel, AutoTokenizer\(adapters ? "\nfrom peft import PeftModel" : "")

            DIR = "."
            \(load)
            head = load_file(f"{DIR}/2_Dense/model.safetensors")

            batch = tokenizer(["a film worth seeing"], padding=True, return_tensors="pt")
            with torch.no_grad():
                hidden = encoder(**batch).last_hidden_state                      # [B, T, C]
                mask = batch["attention_mask"].unsqueeze(-1).float()              # [B, T, 1]
                pooled = (hidden * mask).sum(1) / mask.sum(1)                     # [B, C]
                logits = pooled @ head["linear.weight"].T + head["linear.bias"]   # [B, classes]
            ```

            With sentence-transformers installed, `SentenceTransformer(DIR)` runs the same three modules.
            """
    }
}
