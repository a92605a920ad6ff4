import Testing
import TuneLab

@Suite struct RenderNumberFormattingTests {
    @Test(arguments: [
        (0.000123, "1.23e-4"),
        (0.70312, "0.7031"),
        (12345.0, "12,345"),
        (2.1342, "2.134"),
        (0.5, "0.5"),
        (3.0, "3"),
        (-0.0421876, "-0.04219"),
        (1_000_000.0, "1,000,000"),
        (9.99996, "10"),
        (0.001, "0.001"),
        (0.000999, "9.99e-4"),
        (6.02e23, "6.02e23"),
        (-2.5e-7, "-2.5e-7"),
        (0.0, "0"),
    ])
    func formatsWithSignificantDigits(value: Double, expected: String) {
        #expect(NumberFormatting.format(value) == expected)
    }

    @Test func formatsSpecialValues() {
        #expect(NumberFormatting.format(.nan) == "nan")
        #expect(NumberFormatting.format(.infinity) == "inf")
        #expect(NumberFormatting.format(-.infinity) == "-inf")
        #expect(NumberFormatting.format(-0.0) == "0")
    }

    @Test func respectsRequestedDigits() {
        #expect(NumberFormatting.format(3.14159265, significantDigits: 2) == "3.1")
        #expect(NumberFormatting.format(3.14159265, significantDigits: 6) == "3.14159")
        #expect(NumberFormatting.scientific(123456, significantDigits: 3) == "1.23e5")
    }

    @Test func formatsIntegersAndDurations() {
        #expect(NumberFormatting.integer(42) == "42")
        #expect(NumberFormatting.integer(-1234567) == "-1,234,567")
        #expect(NumberFormatting.duration(seconds: 5.1) == "0:05")
        #expect(NumberFormatting.duration(seconds: 754) == "12:34")
        #expect(NumberFormatting.duration(seconds: 3723) == "1:02:03")
        #expect(NumberFormatting.duration(seconds: .infinity) == "--:--")
        #expect(NumberFormatting.duration(seconds: -1) == "--:--")
    }

    @Test func tickLabelsShareDecimals() {
        #expect(NumberFormatting.tickLabels([0, 0.25, 0.5, 0.75, 1]) == ["0.00", "0.25", "0.50", "0.75", "1.00"])
        #expect(NumberFormatting.tickLabels([0, 0.1 + 0.2, 0.6]) == ["0.0", "0.3", "0.6"])
        #expect(NumberFormatting.tickLabels([-1000, 0, 1000]) == ["-1,000", "0", "1,000"])
    }

    @Test func labelsFollowResolution() {
        #expect(NumberFormatting.labels([-0.3, -0.225, -1e-17, 0.075], resolution: 0.075)
            == ["-0.300", "-0.225", "0.000", "0.075"])
        #expect(NumberFormatting.labels([0, 10, 20], resolution: 10) == ["0", "10", "20"])
    }
}
