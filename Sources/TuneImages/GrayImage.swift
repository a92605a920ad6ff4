/// A grayscale image: brightness per pixel in 0...1 (0 black, 1 white), row by row.
///
/// Glyphs and MNIST digits are white ink on black, as MNIST stores them; a photo loaded
/// from a folder keeps its own brightness. Colour images are reduced to brightness when
/// they are read (`PixelFormat.luminance`).
public struct GrayImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// [height, width] brightness values, row-major.
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixels must hold width × height values")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A black image.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [Float](repeating: 0, count: width * height))
    }

    public subscript(row: Int, column: Int) -> Float {
        get { pixels[row * width + column] }
        set { pixels[row * width + column] = newValue }
    }

    /// The image at `width` × `height` by area averaging (each output pixel is the mean
    /// of the input area it covers, with fractional edges), so shrinking never aliases
    /// and enlarging repeats pixels smoothly.
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        if newWidth == width && newHeight == height { return self }
        // One axis at a time: rows first, then columns.
        let horizontal = Self.resample(pixels, count: width, lines: height, stride: 1, lineStride: width, to: newWidth)
        // horizontal is [height, newWidth]; now resample each column.
        var output = [Float](repeating: 0, count: newWidth * newHeight)
        for column in 0..<newWidth {
            var line = [Float](repeating: 0, count: height)
            for row in 0..<height { line[row] = horizontal[row * newWidth + column] }
            let resampled = Self.resample(line, count: height, lines: 1, stride: 1, lineStride: height, to: newHeight)
            for row in 0..<newHeight { output[row * newWidth + column] = resampled[row] }
        }
        return GrayImage(width: newWidth, height: newHeight, pixels: output)
    }

    /// Resamples `lines` lines of `count` values each to `target` values by area averaging.
    private static func resample(_ values: [Float], count: Int, lines: Int, stride: Int, lineStride: Int, to target: Int) -> [Float] {
        var output = [Float](repeating: 0, count: lines * target)
        let scale = Double(count) / Double(target)  // input pixels per output pixel
        for line in 0..<lines {
            let base = line * lineStride
            for index in 0..<target {
                let start = Double(index) * scale, end = start + scale
                var sum = 0.0
                var position = Int(start)
                while Double(position) < end && position < count {
                    let overlap = min(end, Double(position + 1)) - max(start, Double(position))
                    sum += overlap * Double(values[base + position * stride])
                    position += 1
                }
                output[line * target + index] = Float(sum / scale)
            }
        }
        return output
    }

    /// The mean brightness.
    public var mean: Float { pixels.reduce(0, +) / Float(pixels.count) }
}
