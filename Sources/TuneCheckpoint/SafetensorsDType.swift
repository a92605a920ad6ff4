/// The element types a safetensors header may name, spelled as in the file.
///
/// Only types of whole bytes are listed; the sub-byte types of newer writers (4- and
/// 6-bit floats) are reported as unknown, since their size cannot be counted in bytes.
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case float8E5M2 = "F8_E5M2"
    case float8E4M3 = "F8_E4M3"
    case float8E8M0 = "F8_E8M0"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case complex64 = "C64"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"

    /// Bytes one element takes in the data buffer.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E5M2, .float8E4M3, .float8E8M0: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .complex64, .float64, .int64, .uint64: return 8
        }
    }

    /// The rank the reference writer sorts by: tensors of a later-declared (wider) dtype
    /// come first in the data buffer, so that wide elements stay aligned.
    var writeOrder: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }
}
