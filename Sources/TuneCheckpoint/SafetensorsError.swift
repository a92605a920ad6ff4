import Foundation

/// A problem with a safetensors file, found while opening, reading or writing it.
///
/// `source` names the file (its path, or the label given to `SafetensorsFile(data:source:)`),
/// and `problem` says what is wrong; `description` puts both in one readable sentence.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, with the numbers and names a reader needs to find it.
    public enum Problem: Equatable, Sendable {
        // MARK: Opening: the file and its length prefix
        case unreadable(reason: String)
        case fileTooShort(byteCount: Int)
        case headerLongerThanFile(headerLength: UInt64, bytesAfterPrefix: Int)
        case headerTooLarge(headerLength: UInt64, limit: Int)

        // MARK: Opening: the JSON header
        case headerNotUTF8
        case headerNotJSON(reason: String, byteOffset: Int)
        case headerNotObject(found: String)
        case duplicateTensorName(String)
        case duplicateField(tensor: String, field: String)
        case entryNotObject(tensor: String, found: String)
        case missingField(tensor: String, field: String)
        case wrongFieldType(tensor: String, field: String, expected: String, found: String)
        case unknownDType(tensor: String, dtype: String)
        case invalidShapeDimension(tensor: String, index: Int, value: String)
        case invalidOffset(tensor: String, index: Int, value: String)
        case elementCountOverflow(tensor: String, shape: [Int])
        case byteCountMismatch(tensor: String, dtype: String, shape: [Int], expectedBytes: Int, actualBytes: Int)
        case beginAfterEnd(tensor: String, begin: Int, end: Int)
        case rangePastBuffer(tensor: String, end: Int, bufferSize: Int)
        case overlappingRanges(first: String, firstRange: Range<Int>, second: String, secondRange: Range<Int>)
        case metadataNotObject(found: String)
        case duplicateMetadataKey(String)
        case metadataValueNotString(key: String, found: String)

        // MARK: Reading values
        case noSuchTensor(name: String, available: [String])
        case cannotConvert(tensor: String, dtype: String, to: String, accepted: [String])

        // MARK: Writing
        case emptyTensorName
        case reservedTensorName(String)
        case duplicateTensorNameInInput(String)
        case negativeDimension(tensor: String, shape: [Int])
        case valueCountMismatch(tensor: String, shape: [Int], expected: Int, actual: Int)
        case writeFailed(reason: String)
    }

    /// The file's path or the label the caller gave the bytes.
    public let source: String
    public let problem: Problem

    public init(source: String, problem: Problem) {
        self.source = source
        self.problem = problem
    }

    public var description: String {
        "safetensors file \(source): \(problemText)"
    }

    private var problemText: String {
        switch problem {
        case .unreadable(let reason):
            return "cannot be read (\(reason))"
        case .fileTooShort(let byteCount):
            return "is \(byteCount) bytes long, shorter than the 8-byte header length prefix"
        case .headerLongerThanFile(let headerLength, let bytesAfterPrefix):
            return "the header length prefix says \(headerLength) bytes, "
                + "but only \(bytesAfterPrefix) bytes follow the prefix"
        case .headerTooLarge(let headerLength, let limit):
            return "the header length prefix says \(headerLength) bytes, "
                + "more than the \(limit)-byte limit for a header (the file is damaged or not safetensors)"
        case .headerNotUTF8:
            return "the header is not valid UTF-8 text"
        case .headerNotJSON(let reason, let byteOffset):
            return "the header is not valid JSON: \(reason) at header byte \(byteOffset)"
        case .headerNotObject(let found):
            return "the header must be a JSON object of tensor entries, found \(found)"
        case .duplicateTensorName(let name):
            return "the key \(quoted(name)) appears twice in the header (tensor names must be unique)"
        case .duplicateField(let tensor, let field):
            return "tensor \(quoted(tensor)) has the field \(quoted(field)) twice"
        case .entryNotObject(let tensor, let found):
            return "the entry of tensor \(quoted(tensor)) must be a JSON object "
                + "with dtype, shape and data_offsets, found \(found)"
        case .missingField(let tensor, let field):
            return "tensor \(quoted(tensor)) has no \(quoted(field)) field"
        case .wrongFieldType(let tensor, let field, let expected, let found):
            return "tensor \(quoted(tensor)) field \(quoted(field)) must be \(expected), found \(found)"
        case .unknownDType(let tensor, let dtype):
            return "tensor \(quoted(tensor)) has the unknown dtype \(quoted(dtype)) "
                + "(known: \(SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .invalidShapeDimension(let tensor, let index, let value):
            return "tensor \(quoted(tensor)) shape[\(index)] is \(value), "
                + "but a dimension must be a non-negative integer"
        case .invalidOffset(let tensor, let index, let value):
            return "tensor \(quoted(tensor)) data_offsets[\(index)] is \(value), "
                + "but an offset must be a non-negative integer"
        case .elementCountOverflow(let tensor, let shape):
            return "tensor \(quoted(tensor)) shape \(shape) has more elements than can be counted"
        case .byteCountMismatch(let tensor, let dtype, let shape, let expectedBytes, let actualBytes):
            return "tensor \(quoted(tensor)) of dtype \(dtype) and shape \(shape) needs \(expectedBytes) bytes, "
                + "but its data_offsets span \(actualBytes) bytes"
        case .beginAfterEnd(let tensor, let begin, let end):
            return "tensor \(quoted(tensor)) data_offsets [\(begin), \(end)] begin after they end"
        case .rangePastBuffer(let tensor, let end, let bufferSize):
            return "tensor \(quoted(tensor)) data ends at byte \(end) of the data buffer, "
                + "but the buffer holds only \(bufferSize) bytes"
        case .overlappingRanges(let first, let firstRange, let second, let secondRange):
            return "tensors \(quoted(first)) (data buffer bytes \(firstRange.lowerBound)..<\(firstRange.upperBound)) and "
                + "\(quoted(second)) (data buffer bytes \(secondRange.lowerBound)..<\(secondRange.upperBound)) overlap"
        case .metadataNotObject(let found):
            return "__metadata__ must be a JSON object of strings, found \(found)"
        case .duplicateMetadataKey(let key):
            return "__metadata__ has the key \(quoted(key)) twice"
        case .metadataValueNotString(let key, let found):
            return "__metadata__ value of \(quoted(key)) must be a string, found \(found)"
        case .noSuchTensor(let name, let available):
            let shown = available.prefix(8).map(quoted).joined(separator: ", ")
            let more = available.count > 8 ? ", … (\(available.count) in all)" : ""
            return "has no tensor named \(quoted(name)) (it has: \(available.isEmpty ? "none" : shown + more))"
        case .cannotConvert(let tensor, let dtype, let to, let accepted):
            return "tensor \(quoted(tensor)) has dtype \(dtype), which cannot be read as \(to) "
                + "(accepted dtypes: \(accepted.joined(separator: ", ")))"
        case .emptyTensorName:
            return "a tensor name must not be empty"
        case .reservedTensorName(let name):
            return "\(quoted(name)) is reserved for the metadata and cannot name a tensor"
        case .duplicateTensorNameInInput(let name):
            return "the tensor name \(quoted(name)) is given twice"
        case .negativeDimension(let tensor, let shape):
            return "tensor \(quoted(tensor)) shape \(shape) has a negative dimension"
        case .valueCountMismatch(let tensor, let shape, let expected, let actual):
            return "tensor \(quoted(tensor)) shape \(shape) holds \(expected) values, "
                + "but \(actual) values were given"
        case .writeFailed(let reason):
            return "cannot be written (\(reason))"
        }
    }

    private func quoted(_ text: String) -> String {
        "\"\(text)\""
    }
}
