/// One tensor's description in a safetensors header, checked against the file.
public struct SafetensorsEntry: Equatable, Sendable {
    public let name: String
    public let dtype: SafetensorsDType
    /// Row-major dimensions; `[]` is a scalar (one element), a 0 anywhere means no elements.
    public let shape: [Int]
    /// Where the tensor's bytes lie, as offsets into the whole file (not into the data
    /// buffer, as the header's `data_offsets` are). Always inside the file and exactly
    /// `elementCount * dtype.byteSize` long.
    public let byteRange: Range<Int>

    /// The product of the shape's dimensions (1 for a scalar).
    public var elementCount: Int {
        shape.reduce(1, *)
    }

    public init(name: String, dtype: SafetensorsDType, shape: [Int], byteRange: Range<Int>) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteRange = byteRange
    }
}
