/// What every pooling layer holds: a k×k window, its stride (k unless given) and
/// zero padding. Layers without parameters: pooling learns nothing.
public class PoolingLayer: Module {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int

    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }
}

/// Max pooling as a layer: keeps the largest value of each k×k window of each
/// channel. Halves 28×28 maps to 14×14 with k = 2.
public final class MaxPool2d: PoolingLayer, Layer {
    /// [N, H, W, C] → [N, outH, outW, C]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}

/// Average pooling as a layer: each k×k window's mean (padding counts as zeros).
public final class AvgPool2d: PoolingLayer, Layer {
    /// [N, H, W, C] → [N, outH, outW, C]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.averagePool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}

/// Global average pooling: one number per channel, the mean over the whole map.
/// A CNN ending in it accepts images of any size.
public final class GlobalAvgPool2d: Module, Layer {
    public override init() { super.init() }

    /// [N, H, W, C] → [N, C]
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.globalAveragePool2d() }
}

/// Flattens feature maps for a fully connected layer: [N, H, W, C] → [N, C·H·W] in
/// PyTorch's (channel, row, column) order, so the next Linear keeps PyTorch's layout.
public final class Flatten: Module, Layer {
    public override init() { super.init() }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.flattenedImages() }
}
