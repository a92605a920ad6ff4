import Foundation
import TuneEngine

/// Two interleaved spiral arms in the plane: a point's class is the arm it lies on.
///
/// Each arm turns once around the centre (radius growing from 0.1 to 1); points are jittered
/// with Gaussian noise. A straight line cannot separate the arms: a network needs depth or width.
public struct SpiralTask: Sendable {
    public let points: [[Float]]  // [count][2]
    public let labels: [Int]  // [count], 0 or 1
    public static let classCount = 2

    public var count: Int { labels.count }

    /// `perArm` points on each arm, drawn with `generator`; `noise` is the jitter's std.
    public init(perArm: Int, noise: Float = 0.04, generator: inout RandomGenerator) {
        var points: [[Float]] = []
        var labels: [Int] = []
        for index in 0..<perArm {
            for arm in 0..<SpiralTask.classCount {
                // Position along the arm, with a little randomness so train and test differ.
                let along = (Float(index) + generator.nextUniform()) / Float(perArm)
                let radius = 0.1 + 0.9 * along
                let angle = along * 2 * Float.pi + Float(arm) * Float.pi
                points.append([radius * cos(angle) + noise * generator.nextNormal(),
                               radius * sin(angle) + noise * generator.nextNormal()])
                labels.append(arm)
            }
        }
        self.points = points
        self.labels = labels
    }

    /// The points as one batch: [count, 2]
    public func batch() throws -> Tensor {
        try Tensor(shape: [count, 2], values: points.flatMap { $0 })
    }
}
