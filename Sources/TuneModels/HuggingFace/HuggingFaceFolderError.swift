/// A Hugging Face folder that cannot be written or read: each case names the file,
/// and where it matters the tensor or field, and says what would fit.
public enum HuggingFaceFolderError: Error, CustomStringConvertible, Equatable {
    /// Export refuses to mix its files with what is already in a folder.
    case folderNotEmpty(path: String)
    /// The folder (or its parent, where the temporary folder is made) cannot be written.
    case folderNotWritable(path: String, reason: String)
    /// The model has a part the Hugging Face class cannot compute.
    case noEquivalent(what: String, reason: String)
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    /// config.json describes another architecture or a setting TuneLab's model lacks.
    case unsupportedConfiguration(file: String, field: String, value: String, accepts: String)
    case missingTensor(file: String, tensor: String)
    case unexpectedTensor(file: String, tensor: String)
    case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
    case unsupportedTokenizer(file: String, reason: String)

    public var description: String {
        switch self {
        case .folderNotEmpty(let path):
            return "\(path) is not empty: export writes a new folder and never mixes its files with others; choose a new or empty folder"
        case .folderNotWritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .noEquivalent(let what, let reason):
            return "\(what) has no Hugging Face equivalent: \(reason)"
        case .missingFile(let path):
            return "\(path) does not exist"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unsupportedConfiguration(let file, let field, let value, let accepts):
            return "\(file): \(field) is \(value); TuneLab can load \(accepts)"
        case .missingTensor(let file, let tensor):
            return "\(file) has no tensor \(tensor)"
        case .unexpectedTensor(let file, let tensor):
            return "\(file): tensor \(tensor) matches no parameter of the model"
        case .shapeMismatch(let file, let tensor, let expected, let found):
            return "\(file): tensor \(tensor) has shape \(found), but config.json asks for \(expected)"
        case .unsupportedTokenizer(let file, let reason):
            return "\(file): \(reason)"
        }
    }
}
