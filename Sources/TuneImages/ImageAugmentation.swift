import TuneEngine

/// Seeded augmentation applied while training: every time an image is drawn into a
/// batch it is moved by a random whole number of pixels, so the network never sees the
/// exact same picture twice and has to learn that a shape moved is the same shape.
///
/// Only shifts: they keep every pixel value as it was (no resampling), and the black
/// border they uncover is the background glyphs and MNIST digits already have.
public struct ImageAugmentation: Sendable, Equatable {
    /// The largest shift, in pixels, on each axis (drawn uniformly in −shift...shift).
    public var shift: Int

    public init(shift: Int = 2) {
        precondition(shift >= 0, "shift must be at least 0")
        self.shift = shift
    }

    /// `image` moved by (dx, dy) pixels drawn from `generator`; uncovered pixels are 0.
    public func apply(_ image: GrayImage, generator: inout RandomGenerator) -> GrayImage {
        guard shift > 0 else { return image }
        let dx = generator.nextInt(below: 2 * shift + 1) - shift
        let dy = generator.nextInt(below: 2 * shift + 1) - shift
        return Self.shifted(image, dx: dx, dy: dy)
    }

    /// `image` moved right by `dx` and down by `dy` pixels (negative: left, up); what
    /// moves out is lost, what is uncovered is black.
    public static func shifted(_ image: GrayImage, dx: Int, dy: Int) -> GrayImage {
        let width = image.width, height = image.height
        var pixels = [Float](repeating: 0, count: width * height)
        // Whole rows at a time: the `columns` pixels that stay in the picture move as one run.
        let columns = width - abs(dx)
        if columns > 0 {
            let from = max(0, -dx), to = max(0, dx)
            for row in 0..<height {
                let source = row - dy
                guard source >= 0, source < height else { continue }
                pixels[(row * width + to)..<(row * width + to + columns)] =
                    image.pixels[(source * width + from)..<(source * width + from + columns)]
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }
}
