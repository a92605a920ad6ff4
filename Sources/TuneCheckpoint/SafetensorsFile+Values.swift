import Foundation

// MARK: - Reading tensor values

extension SafetensorsFile {
    /// Dtypes `floats(named:)` converts to Float.
    public static let floatConvertibleDTypes: [SafetensorsDType] = [.float32, .float16, .bfloat16]
    /// Dtypes `int64s(named:)` converts to Int64 (each widens without loss).
    public static let integerConvertibleDTypes: [SafetensorsDType] = [.int64, .int32, .int16, .int8, .uint32, .uint16, .uint8]

    /// The tensor's elements as Floats, in row-major order.
    ///
    /// F32 is copied as it is; F16 (IEEE half, subnormals, infinities and NaNs included)
    /// and BF16 widen exactly. Any other dtype throws `cannotConvert`.
    public func floats(named name: String) throws -> [Float] {
        let entry = try requireEntry(named: name)
        let count = entry.elementCount
        switch entry.dtype {
        case .float32:
            #if _endian(little)
            return copyElements(entry, count: count, as: Float.self)  // the file's bytes are the host's
            #else
            return readElements(entry, count: count) { raw, offset in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            }
            #endif
        case .float16:
            return readElements(entry, count: count) { raw, offset in
                Float(float16Bits: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            }
        case .bfloat16:
            return readElements(entry, count: count) { raw, offset in
                Float(bfloat16Bits: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            }
        default:
            throw conversionError(entry, to: "Float", accepted: Self.floatConvertibleDTypes)
        }
    }

    /// The tensor's elements as Int64s, in row-major order, for integer dtypes that fit.
    ///
    /// U64 is refused because values above `Int64.max` would not fit; float dtypes are
    /// refused rather than truncated.
    public func int64s(named name: String) throws -> [Int64] {
        let entry = try requireEntry(named: name)
        let count = entry.elementCount
        switch entry.dtype {
        case .int64:
            #if _endian(little)
            return copyElements(entry, count: count, as: Int64.self)
            #else
            return readElements(entry, count: count) { raw, offset in
                Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
            }
            #endif
        case .int32:
            return readElements(entry, count: count) { raw, offset in
                Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            }
        case .int16:
            return readElements(entry, count: count) { raw, offset in
                Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
            }
        case .int8:
            return readElements(entry, count: count) { raw, offset in
                Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int8.self))
            }
        case .uint32:
            return readElements(entry, count: count) { raw, offset in
                Int64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            }
        case .uint16:
            return readElements(entry, count: count) { raw, offset in
                Int64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            }
        case .uint8:
            return readElements(entry, count: count) { raw, offset in
                Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt8.self))
            }
        default:
            throw conversionError(entry, to: "Int64", accepted: Self.integerConvertibleDTypes)
        }
    }

    /// Decodes `count` elements of `entry` one by one. The entry was validated at open
    /// time: its byte range lies inside `data` and holds exactly `count` elements.
    private func readElements<Element>(
        _ entry: SafetensorsEntry, count: Int,
        _ decode: (UnsafeRawBufferPointer, Int) -> Element
    ) -> [Element] {
        let stride = entry.dtype.byteSize
        return data.withUnsafeBytes { file in
            let tensor = UnsafeRawBufferPointer(rebasing: file[entry.byteRange])
            return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    (buffer.baseAddress! + index).initialize(to: decode(tensor, index * stride))
                }
                initialized = count
            }
        }
    }

    /// Copies `entry`'s bytes as they are into `count` elements; only for element types
    /// whose little-endian layout is the host's.
    private func copyElements<Element: BitwiseCopyable>(
        _ entry: SafetensorsEntry, count: Int, as type: Element.Type
    ) -> [Element] {
        data.withUnsafeBytes { file in
            [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: file[entry.byteRange]))
                initialized = count
            }
        }
    }

    private func conversionError(_ entry: SafetensorsEntry, to type: String, accepted: [SafetensorsDType]) -> SafetensorsError {
        SafetensorsError(source: source, problem: .cannotConvert(
            tensor: entry.name, dtype: entry.dtype.rawValue, to: type, accepted: accepted.map(\.rawValue)))
    }
}
