import Foundation
import TuneEngine

/// How one glyph is drawn: where, how big, how tilted, how thick, how noisy.
///
/// `identity` draws the glyph centred, fitted into `box` pixels; `random(using:)` draws
/// one seeded variation (the augmentation), so a class can have as many different
/// images as asked for while the same seed always gives the same images.
public struct GlyphPose: Sendable, Equatable {
    /// Pixels the glyph moves right and down from the centre.
    public var shift: SIMD2<Float> = .zero
    /// Size relative to the fitted box.
    public var scale: Float = 1
    /// Clockwise rotation, in radians.
    public var rotation: Float = 0
    /// Stroke width in pixels.
    public var strokeWidth: Float = 1.6
    /// Standard deviation of the Gaussian noise added to every pixel (then clipped to 0...1).
    public var noise: Float = 0

    public init(shift: SIMD2<Float> = .zero, scale: Float = 1, rotation: Float = 0, strokeWidth: Float = 1.6, noise: Float = 0) {
        self.shift = shift
        self.scale = scale
        self.rotation = rotation
        self.strokeWidth = strokeWidth
        self.noise = noise
    }

    public static let identity = GlyphPose()

    /// The ranges augmentation draws from, uniformly.
    public struct Ranges: Sendable, Equatable {
        public var shift: Float = 2           // ± pixels on each axis
        public var scale: ClosedRange<Float> = 0.85...1.1
        public var rotation: Float = 0.2      // ± radians (about 11°)
        public var strokeWidth: ClosedRange<Float> = 1.2...2.4
        public var noise: ClosedRange<Float> = 0...0.08
        public init() {}
        /// No variation at all: every image of a glyph is the same.
        public static let none: Ranges = {
            var ranges = Ranges()
            ranges.shift = 0; ranges.scale = 1...1; ranges.rotation = 0; ranges.strokeWidth = 1.6...1.6; ranges.noise = 0...0
            return ranges
        }()
    }

    /// One pose drawn from `ranges`.
    public static func random(_ ranges: Ranges = Ranges(), using generator: inout RandomGenerator) -> GlyphPose {
        func uniform(_ range: ClosedRange<Float>) -> Float { range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUniform() }
        return GlyphPose(
            shift: SIMD2(uniform(-ranges.shift...ranges.shift), uniform(-ranges.shift...ranges.shift)),
            scale: uniform(ranges.scale), rotation: uniform(-ranges.rotation...ranges.rotation),
            strokeWidth: uniform(ranges.strokeWidth), noise: uniform(ranges.noise))
    }
}

/// Draws Hershey glyphs into grayscale images: white anti-aliased strokes on black.
///
/// The glyph's bounding box is fitted into a `box`-pixel square (keeping its aspect) and
/// centred, as MNIST's digits were fitted into 20×20 and centred in 28×28; then the pose
/// scales, rotates and shifts it. A pixel's brightness falls from 1 to 0 over one pixel
/// at the stroke's edge (its distance to the nearest segment), which is what lets a
/// 28×28 image keep thin strokes.
public struct GlyphRasterizer: Sendable {
    public var size: Int
    public var box: Float

    public init(size: Int = 28, box: Float = 20) {
        self.size = size
        self.box = box
    }

    /// The glyph drawn in `pose`; noise is drawn from `generator`.
    public func render(_ glyph: HersheyGlyph, pose: GlyphPose = .identity, generator: inout RandomGenerator) -> GrayImage {
        var image = GrayImage(width: size, height: size)
        guard let bounds = glyph.bounds else { return image }
        let extent = bounds.maximum - bounds.minimum
        let fit = box / max(extent.x, extent.y, 1) * pose.scale
        let centre = (bounds.minimum + bounds.maximum) / 2
        let cosine = Float(Foundation.cos(Double(pose.rotation))), sine = Float(Foundation.sin(Double(pose.rotation)))
        let middle = SIMD2<Float>(repeating: Float(size) / 2) + pose.shift
        // Font units to pixel coordinates: centre, fit, rotate, move.
        func place(_ point: SIMD2<Float>) -> SIMD2<Float> {
            let p = (point - centre) * fit
            return SIMD2(cosine * p.x - sine * p.y, sine * p.x + cosine * p.y) + middle
        }
        let radius = pose.strokeWidth / 2
        for stroke in glyph.strokes {
            let points = stroke.map(place)
            if points.count == 1 { draw(points[0], points[0], radius: radius, into: &image) }
            for index in points.indices.dropFirst() { draw(points[index - 1], points[index], radius: radius, into: &image) }
        }
        if pose.noise > 0 {
            for index in image.pixels.indices {
                image.pixels[index] = min(1, max(0, image.pixels[index] + pose.noise * generator.nextNormal()))
            }
        }
        return image
    }

    /// One segment from `a` to `b`: each pixel within reach takes the larger of its
    /// brightness and the segment's coverage.
    private func draw(_ a: SIMD2<Float>, _ b: SIMD2<Float>, radius: Float, into image: inout GrayImage) {
        let reach = radius + 1
        let low = pointwiseMin(a, b) - reach, high = pointwiseMax(a, b) + reach
        let firstColumn = max(0, Int(low.x.rounded(.down))), lastColumn = min(size - 1, Int(high.x.rounded(.up)))
        let firstRow = max(0, Int(low.y.rounded(.down))), lastRow = min(size - 1, Int(high.y.rounded(.up)))
        guard firstColumn <= lastColumn, firstRow <= lastRow else { return }
        let direction = b - a
        let lengthSquared = max((direction * direction).sum(), 1e-12)
        for row in firstRow...lastRow {
            for column in firstColumn...lastColumn {
                let pixel = SIMD2<Float>(Float(column) + 0.5, Float(row) + 0.5)  // the pixel's centre
                let along = min(1, max(0, ((pixel - a) * direction).sum() / lengthSquared))
                let offset = pixel - (a + direction * along)
                let distance = (offset * offset).sum().squareRoot()
                let coverage = min(1, max(0, radius + 0.5 - distance))
                if coverage > image[row, column] { image[row, column] = coverage }
            }
        }
    }
}
