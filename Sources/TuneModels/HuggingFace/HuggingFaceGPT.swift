import Foundation
import TuneCheckpoint
import TuneEngine
import TuneText

/// A language model as a Hugging Face `GPT2LMHeadModel` folder, and back:
///
///     config.json              GPT-2's configuration (model_type "gpt2")
///     generation_config.json   greedy by default
///     model.safetensors        GPT-2's tensor names and layouts (see `GPT.huggingFaceTensors`)
///     tokenizer.json           the vocabulary as a `tokenizers` WordLevel model
///     tokenizer_config.json    so that `AutoTokenizer.from_pretrained` finds it
///
/// TuneLab's GPT is GPT-2's architecture: pre-LN blocks, LayerNorm ε 1e-5, learned
/// positions, biases on every projection, attention scaled by 1/√(head width), the head
/// tied to the token embedding. Two choices differ and are written into config.json:
/// TuneLab's `gelu` is the exact (erf) GELU, which GPT-2's code calls "gelu" (GPT-2
/// itself used the tanh approximation, "gelu_new", TuneLab's `gelu_tanh`), and
/// TuneLab's MLP width is `mlpRatio × width` ("n_inner").
public enum HuggingFaceGPT {
    public static let weightsFile = "model.safetensors"
    public static let configFile = "config.json"
    public static let generationConfigFile = "generation_config.json"

    // MARK: - Export

    /// Writes `model` as a new folder `folder` (which must not exist or be empty).
    public static func export(_ model: LanguageModel, to folder: URL) throws {
        let configuration = model.configuration
        let activation = try huggingFaceActivation(configuration.activation)
        guard configuration.placement == .pre else {
            throw HuggingFaceFolderError.noEquivalent(
                what: "a post-LN GPT (norm after each residual sum)",
                reason: "GPT2LMHeadModel normalizes before each sublayer (pre-LN) and has no setting for the other order")
        }
        let tokenizer = try HuggingFaceTokenizer.json(for: model.tokenizer)
        let config: [String: Any] = [
            "architectures": ["GPT2LMHeadModel"],
            "model_type": "gpt2",
            "vocab_size": configuration.vocabularySize,
            "n_positions": configuration.contextLength,
            "n_embd": configuration.width,
            "n_layer": configuration.layers,
            "n_head": configuration.heads,
            "n_inner": configuration.mlpRatio * configuration.width,
            "activation_function": activation,
            // TuneLab drops out after the embeddings and after each sublayer, never
            // inside attention.
            "embd_pdrop": Double(configuration.dropout),
            "resid_pdrop": Double(configuration.dropout),
            "attn_pdrop": 0.0,
            "layer_norm_epsilon": 1e-5,
            "initializer_range": 0.02,
            "scale_attn_weights": true,
            "tie_word_embeddings": configuration.tiedHead,
            "bos_token_id": NSNull(),
            "eos_token_id": NSNull(),
            "pad_token_id": tokenizer.paddingID.map { $0 as Any } ?? NSNull(),
            "torch_dtype": "float32",
            "use_cache": true,
        ]
        let generation: [String: Any] = [
            "do_sample": false,
            "bos_token_id": NSNull(),
            "eos_token_id": NSNull(),
            "pad_token_id": tokenizer.paddingID.map { $0 as Any } ?? NSNull(),
        ]
        try StagedFolder.write(to: folder) { staging in
            try writeSafetensors(weights(of: model.gpt), metadata: ["format": "pt"], to: staging.appendingPathComponent(weightsFile))
            try writeJSON(config, to: staging.appendingPathComponent(configFile))
            try writeJSON(generation, to: staging.appendingPathComponent(generationConfigFile))
            try tokenizer.write(to: staging, contextLength: configuration.contextLength)
        }
    }

    /// The checkpoint tensors: fused and transposed where GPT-2 stores them so.
    static func weights(of gpt: GPT) -> [(name: String, shape: [Int], values: [Float])] {
        gpt.huggingFaceTensors.map { tensor in
            let parts = tensor.keys.compactMap { gpt.parameter($0) }
            let values = parts.flatMap(\.values)  // stacked along the output axis
            let rows = parts.map { $0.shape[0] }.reduce(0, +)
            guard tensor.transposed else {
                return (tensor.name, parts.count == 1 ? parts[0].shape : [rows], values)
            }
            let columns = parts[0].shape[1]
            return (tensor.name, [columns, rows], transpose(values, rows: rows, columns: columns))
        }
    }

    /// GPT-2's name for an activation (transformers' `ACT2FN` keys).
    static func huggingFaceActivation(_ kind: ActivationKind) throws -> String {
        switch kind {
        case .gelu: return "gelu"  // erf form
        case .geluTanh: return "gelu_new"  // GPT-2's tanh approximation
        case .relu: return "relu"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .identity: return "linear"
        }
    }

    // MARK: - Import

    /// Reads a `GPT2LMHeadModel` (or `GPT2Model`) folder whose tokenizer is a WordLevel
    /// vocabulary of characters or words (as `export` writes). Nothing is changed on
    /// error; the error names the file and the field or tensor.
    public static func load(from folder: URL) throws -> LanguageModel {
        let configURL = folder.appendingPathComponent(configFile)
        let config = try readJSONObject(configURL)
        let configuration = try gptConfiguration(from: config, file: configURL.path)
        let tokenizer = try HuggingFaceTokenizer.load(from: folder)
        let gpt = try GPT(configuration, seed: 0)
        try loadWeights(into: gpt, from: folder.appendingPathComponent(weightsFile))
        do {
            return try LanguageModel(gpt: gpt, tokenizer: tokenizer)
        } catch {
            throw HuggingFaceFolderError.unsupportedConfiguration(
                file: configURL.path, field: "vocab_size", value: "\(configuration.vocabularySize)",
                accepts: "the tokenizer's vocabulary size \(tokenizer.tokenizer.vocabularySize)")
        }
    }

    /// Whether `folder`'s config.json is a Hugging Face one (it names a `model_type`;
    /// TuneLab's own checkpoints do not).
    public static func isFolder(_ folder: URL) -> Bool {
        guard let config = try? readJSONObject(folder.appendingPathComponent(configFile)) else { return false }
        return config["model_type"] is String
    }

    /// The GPT configuration config.json describes, refusing what TuneLab's GPT cannot compute.
    static func gptConfiguration(from config: [String: Any], file: String) throws -> GPTConfiguration {
        func integer(_ field: String, default value: Int? = nil) throws -> Int {
            if let number = config[field] as? NSNumber, let exact = Int(exactly: number.doubleValue) { return exact }
            if config[field] == nil || config[field] is NSNull, let value { return value }
            throw HuggingFaceFolderError.unsupportedConfiguration(
                file: file, field: field, value: "\(config[field].map { "\($0)" } ?? "missing")", accepts: "a whole number")
        }
        func number(_ field: String, default value: Double) -> Double {
            (config[field] as? NSNumber)?.doubleValue ?? value
        }
        let modelType = config["model_type"] as? String ?? "missing"
        guard modelType == "gpt2" else {
            throw HuggingFaceFolderError.unsupportedConfiguration(
                file: file, field: "model_type", value: "\"\(modelType)\"", accepts: "only \"gpt2\" (GPT2LMHeadModel) as a language model")
        }
        let width = try integer("n_embd", default: 768)
        let inner = try integer("n_inner", default: 4 * width)
        guard width > 0, inner % width == 0 else {
            throw HuggingFaceFolderError.unsupportedConfiguration(
                file: file, field: "n_inner", value: "\(inner)", accepts: "a multiple of n_embd (\(width)): TuneLab's MLP is mlpRatio × width")
        }
        let activationName = config["activation_function"] as? String ?? "gelu_new"
        let activations: [String: ActivationKind] = [
            "gelu": .gelu, "gelu_new": .geluTanh, "gelu_pytorch_tanh": .geluTanh, "relu": .relu, "tanh": .tanh,
            "sigmoid": .sigmoid, "linear": .identity,
        ]
        guard let activation = activations[activationName] else {
            throw HuggingFaceFolderError.unsupportedConfiguration(
                file: file, field: "activation_function", value: "\"\(activationName)\"",
                accepts: activations.keys.sorted().joined(separator: ", "))
        }
        let epsilon = number("layer_norm_epsilon", default: 1e-5)
        guard abs(epsilon - 1e-5) < 1e-12 else {
            throw HuggingFaceFolderError.unsupportedConfiguration(file: file, field: "layer_norm_epsilon", value: "\(epsilon)", accepts: "1e-05")
        }
        for (field, expected) in [("scale_attn_weights", true), ("scale_attn_by_inverse_layer_idx", false), ("add_cross_attention", false)] {
            if let value = (config[field] as? NSNumber)?.boolValue, value != expected {
                throw HuggingFaceFolderError.unsupportedConfiguration(file: file, field: field, value: "\(value)", accepts: "\(expected) (GPT-2's default)")
            }
        }
        let dropout = number("resid_pdrop", default: 0.1)
        let configuration = try GPTConfiguration(
            vocabularySize: integer("vocab_size"), contextLength: integer("n_positions", default: 1024),
            layers: integer("n_layer", default: 12), heads: integer("n_head", default: 12), width: width,
            mlpRatio: inner / width, dropout: Float(dropout), tiedHead: (config["tie_word_embeddings"] as? NSNumber)?.boolValue ?? true,
            activation: activation, placement: .pre)
        do {
            try configuration.validate()
        } catch {
            throw HuggingFaceFolderError.unsupportedConfiguration(file: file, field: "the model's shape", value: "\(configuration)", accepts: "\(error)")
        }
        return configuration
    }

    /// Copies every tensor into `gpt`, after checking them all: each parameter needs its
    /// tensor at the right shape. GPT2Model checkpoints (no `transformer.` prefix) load too.
    static func loadWeights(into gpt: GPT, from url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw HuggingFaceFolderError.missingFile(path: url.path) }
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(contentsOf: url)
        } catch {
            throw HuggingFaceFolderError.unreadable(path: url.path, reason: "\(error)")
        }
        let bare = !file.names.contains { $0.hasPrefix("transformer.") }
        func stored(_ name: String) -> String { bare && name.hasPrefix("transformer.") ? String(name.dropFirst("transformer.".count)) : name }
        // Every tensor must be one of the model's; GPT-2's attention-mask buffers and a
        // tied head's copy of the embedding are the only others allowed.
        let known = Set(gpt.huggingFaceTensors.map { stored($0.name) })
        for name in file.names where !known.contains(name) {
            let isBuffer = name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias")
            let isTiedCopy = name == "lm_head.weight" && gpt.head == nil
            if !isBuffer && !isTiedCopy { throw HuggingFaceFolderError.unexpectedTensor(file: url.path, tensor: name) }
        }
        var copies: [(tensors: [Tensor], values: [Float])] = []
        for tensor in gpt.huggingFaceTensors {
            let parts = tensor.keys.compactMap { gpt.parameter($0) }
            let rows = parts.map { $0.shape[0] }.reduce(0, +)
            let expected = tensor.transposed ? [parts[0].shape[1], rows] : (parts.count == 1 ? parts[0].shape : [rows])
            let name = stored(tensor.name)
            guard let entry = file.entry(named: name) else {
                throw HuggingFaceFolderError.missingTensor(file: url.path, tensor: name)
            }
            guard entry.shape == expected else {
                throw HuggingFaceFolderError.shapeMismatch(file: url.path, tensor: name, expected: expected, found: entry.shape)
            }
            var values: [Float]
            do {
                values = try file.floats(named: name)
            } catch {
                throw HuggingFaceFolderError.unreadable(path: url.path, reason: "tensor \(name): \(error)")
            }
            if tensor.transposed { values = transpose(values, rows: expected[0], columns: expected[1]) }
            copies.append((parts, values))
        }
        for (parts, values) in copies {
            var offset = 0
            for part in parts {
                part.values = Array(values[offset..<(offset + part.count)])
                offset += part.count
            }
        }
    }

    // MARK: - Helpers

    /// [rows, columns] row-major → [columns, rows] row-major.
    static func transpose(_ values: [Float], rows: Int, columns: Int) -> [Float] {
        var result = [Float](repeating: 0, count: values.count)
        for row in 0..<rows {
            for column in 0..<columns { result[column * rows + row] = values[row * columns + column] }
        }
        return result
    }

    static func writeJSON(_ object: Any, to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: url)
    }

    static func readJSONObject(_ url: URL) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw HuggingFaceFolderError.missingFile(path: url.path) }
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw HuggingFaceFolderError.unreadable(path: url.path, reason: "not a JSON object")
            }
            return object
        } catch let error as HuggingFaceFolderError {
            throw error
        } catch {
            throw HuggingFaceFolderError.unreadable(path: url.path, reason: "not JSON (\(error.localizedDescription))")
        }
    }
}
