/// Flattening NHWC feature maps for a fully connected layer, in PyTorch's order.
extension Tensor {
    /// [N, H, W, C] → [N, C·H·W], ordered (channel, row, column) as PyTorch's
    /// `nn.Flatten` orders an NCHW map, so the next `Linear`'s weight keeps PyTorch's
    /// layout (LeNet-5's fc1.weight [120, 400] reads 16×5×5 channel by channel).
    /// Any other rank: [N, ...] → [N, product of the rest], values unmoved.
    public func flattenedImages() throws -> Tensor {
        guard let batch = shape.first else {
            throw TensorError.wrongRank(operation: "flatten", shape: shape, expected: "at least 1 axis [batch, ...]")
        }
        guard rank == 4 else { return try reshaped([batch, count / Swift.max(batch, 1)]) }
        // NHWC → NCHW, then rows of C·H·W
        return try permuted([0, 3, 1, 2]).reshaped([batch, shape[1] * shape[2] * shape[3]])
    }
}
