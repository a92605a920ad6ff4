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
        var output = GrayImage(width: image.width, height: image.height)
        for row in 0..<image.height {
            let source = row - dy
            guard source >= 0, source < image.height else { continue }
            for column in 0..<image.width {
                let from = column - dx
                guard from >= 0, from < image.width else { continue }
                output[row, column] = image[source, from]
            }
        }
        return output
    }
}
