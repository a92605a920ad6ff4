/// A checkpoint folder that cannot be written or read, naming the file and the problem.
public enum ModelFolderError: Error, CustomStringConvertible {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case mismatch(what: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path) does not exist: a model folder holds model.safetensors, config.json and tokenizer.json"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .mismatch(let what, let reason):
            return "\(what) does not fit: \(reason)"
        }
    }
}
