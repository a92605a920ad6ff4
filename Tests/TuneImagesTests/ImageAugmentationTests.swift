import Testing
import TuneEngine
import TuneImages

@Suite struct ImageAugmentationTests {
    static let image = GrayImage(width: 4, height: 3, pixels: (0..<12).map { Float($0 + 1) })

    @Test func shiftMovesPixelsAndUncoversBlack() {
        let right = ImageAugmentation.shifted(Self.image, dx: 1, dy: 0)
        #expect(right.pixels == [0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11])
        let up = ImageAugmentation.shifted(Self.image, dx: 0, dy: -1)
        #expect(up.pixels == [5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0])
        #expect(ImageAugmentation.shifted(Self.image, dx: 0, dy: 0) == Self.image)
        #expect(ImageAugmentation.shifted(Self.image, dx: 4, dy: 0).pixels.allSatisfy { $0 == 0 })
    }

    @Test func drawsShiftsWithinRangeFromTheSeed() {
        var generator = RandomGenerator(seed: 0)
        #expect(ImageAugmentation(shift: 0).apply(Self.image, generator: &generator) == Self.image)
        // A single bright pixel in a 9×9 image lands within ±2 of where it was.
        var dot = GrayImage(width: 9, height: 9)
        dot[4, 4] = 1
        let augmentation = ImageAugmentation(shift: 2)
        var seen = Set<Int>()
        for _ in 0..<200 {
            let moved = augmentation.apply(dot, generator: &generator)
            let position = moved.pixels.firstIndex(of: 1)!
            #expect(abs(position / 9 - 4) <= 2 && abs(position % 9 - 4) <= 2)
            seen.insert(position)
        }
        #expect(seen.count == 25)  // every shift in −2...2 × −2...2 is drawn
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5)
        #expect(augmentation.apply(dot, generator: &a) == augmentation.apply(dot, generator: &b))
    }
}
