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

    @Test func namedStylesKeepTheLabsWording() {
        // Settings as typed: lr=3e-4, lr=0.001, 2e5 steps.
        #expect(NumberFormatting.setting(3e-4) == "3e-4")
        #expect(NumberFormatting.setting(0.001) == "0.001")
        #expect(NumberFormatting.setting(2e5) == "2e5")
        #expect(NumberFormatting.setting(0) == "0")
        // C's %g, as schedules print rates.
        #expect(NumberFormatting.general(3e-5) == "3e-05")
        #expect(NumberFormatting.general(0.0004) == "0.0004")
        // Check values: whole numbers as integers.
        #expect(NumberFormatting.compact(1200) == "1200")
        #expect(NumberFormatting.compact(0.7023441) == "0.702344")
        #expect(NumberFormatting.compact(.nan) == "nan")
        #expect(NumberFormatting.fixed(0.5349, decimals: 2) == "0.53")
        #expect(NumberFormatting.percent(0.71, decimals: 1) == "71.0%")
        #expect(NumberFormatting.percent(0.71234, significantDigits: 3) == "71.2%")
        #expect(NumberFormatting.bytes(1.64e9) == "1.6 GB")
        #expect(NumberFormatting.bytes(8.2e8) == "820 MB")
    }
}
