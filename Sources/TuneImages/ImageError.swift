/// What went wrong while reading images: each case names the file and what is wrong.
public enum ImageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file or folder could not be opened or read.
    case cannotRead(file: String, reason: String)
    /// The file is neither PNG nor PGM (judged by its first bytes, not its name).
    case notAnImage(file: String)
    /// A PNG or PGM whose bytes stop early or contradict its header.
    case corrupt(file: String, reason: String)
    /// The header asks for more pixels than the reader accepts; nothing was decoded.
    case tooLarge(file: String, width: Int, height: Int, limit: Int)
    /// A class folder without any image in it.
    case emptyClass(folder: String)
    /// A folder of class folders needs at least two classes to classify.
    case tooFewClasses(folder: String, found: [String])
    /// Images of one set differ in size or channels where the caller asked them not to.
    case mixed(file: String, reason: String)
    /// A font file line that does not follow the Hershey format.
    case badFont(file: String, line: Int, reason: String)
    /// An argument outside what a function accepts.
    case invalidArgument(name: String, value: String, accepts: String)

    public var description: String {
        switch self {
        case .cannotRead(let file, let reason): return "cannot read \(file): \(reason)"
        case .notAnImage(let file): return "\(file) is not a PNG or PGM image (its first bytes are neither)"
        case .corrupt(let file, let reason): return "\(file) is damaged: \(reason)"
        case .tooLarge(let file, let width, let height, let limit):
            return "\(file) is \(width)×\(height) pixels, more than the \(limit) pixels TuneLab reads; "
                + "shrink it first (it was refused from its header, nothing was decoded)"
        case .emptyClass(let folder): return "class folder \(folder) holds no .png or .pgm images"
        case .tooFewClasses(let folder, let found):
            return "\(folder) has \(found.count) class folder\(found.count == 1 ? "" : "s")"
                + (found.isEmpty ? "" : " (\(found.joined(separator: ", ")))")
                + "; a classifier needs at least two: one subfolder per class, each holding its images"
        case .mixed(let file, let reason): return "\(file): \(reason)"
        case .badFont(let file, let line, let reason): return "\(file):\(line): \(reason)"
        case .invalidArgument(let name, let value, let accepts):
            return "\(name) = \(value) is not accepted: \(name) must be \(accepts)"
        }
    }
}
