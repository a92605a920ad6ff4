import Testing
import TuneCheckpoint

/// The F16 and BF16 widenings the safetensors reader uses.
@Suite struct SafetensorsHalfPrecisionTests {
    @Test func float16LandmarksWidenExactly() {
        let twoToMinus24 = Float(sign: .plus, exponent: -24, significand: 1)
        #expect(Float(float16Bits: 0x0000) == 0 && Float(float16Bits: 0x0000).sign == .plus)
        #expect(Float(float16Bits: 0x8000) == 0 && Float(float16Bits: 0x8000).sign == .minus)
        #expect(Float(float16Bits: 0x3C00) == 1)
        #expect(Float(float16Bits: 0xC000) == -2)
        #expect(Float(float16Bits: 0x3555) == 0.333_251_953_125)
        #expect(Float(float16Bits: 0x7BFF) == 65504)  // largest finite
        #expect(Float(float16Bits: 0xFBFF) == -65504)
        #expect(Float(float16Bits: 0x0400) == Float(sign: .plus, exponent: -14, significand: 1))  // smallest normal
        #expect(Float(float16Bits: 0x0001) == twoToMinus24)  // smallest subnormal
        #expect(Float(float16Bits: 0x8001) == -twoToMinus24)
        #expect(Float(float16Bits: 0x03FF) == 1023 * twoToMinus24)  // largest subnormal
        #expect(Float(float16Bits: 0x0200) == 512 * twoToMinus24)
        #expect(Float(float16Bits: 0x7C00) == .infinity)
        #expect(Float(float16Bits: 0xFC00) == -.infinity)
        #expect(Float(float16Bits: 0x7E00).isNaN)
        #expect(Float(float16Bits: 0x7C01).isNaN)  // a signaling NaN stays a NaN
        #expect(Float(float16Bits: 0xFE00).isNaN && Float(float16Bits: 0xFE00).sign == .minus)
    }

    @Test func everyFloat16PatternRoundTripsThroughTheWidening() {
        // Widening is exact, so narrowing back (round to nearest even) must give the same
        // value; checked here without Float16 support by re-encoding by hand.
        var mismatches: [UInt16] = []
        for bits in UInt16.min...UInt16.max {
            let value = Float(float16Bits: bits)
            if value.isNaN {
                if (bits & 0x7C00) != 0x7C00 || (bits & 0x03FF) == 0 { mismatches.append(bits) }
                continue
            }
            if encodeFloat16(value) != bits { mismatches.append(bits) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func everyFloat16PatternAgreesWithSwiftsFloat16() {
        var mismatches = 0
        for bits in UInt16.min...UInt16.max {
            let ours = Float(float16Bits: bits)
            let swifts = Float(Float16(bitPattern: bits))
            if ours.isNaN ? !(swifts.isNaN && ours.sign == swifts.sign) : ours.bitPattern != swifts.bitPattern {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }
    #endif

    @Test func bfloat16IsTheTopHalfOfAFloat() {
        #expect(Float(bfloat16Bits: 0x3F80) == 1)
        #expect(Float(bfloat16Bits: 0xC020) == -2.5)
        #expect(Float(bfloat16Bits: 0x7F80) == .infinity)
        #expect(Float(bfloat16Bits: 0xFF80) == -.infinity)
        #expect(Float(bfloat16Bits: 0x7FC0).isNaN)
        #expect(Float(bfloat16Bits: 0x0001) == Float(sign: .plus, exponent: -133, significand: 1))  // smallest subnormal
        var mismatches = 0
        for bits in UInt16.min...UInt16.max where Float(bfloat16Bits: bits).bitPattern != UInt32(bits) << 16 {
            mismatches += 1
        }
        #expect(mismatches == 0)
    }

    /// Float → binary16 bits for values that are exactly representable (the test's oracle).
    private func encodeFloat16(_ value: Float) -> UInt16 {
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        let magnitude = value.magnitude
        if magnitude == .infinity { return sign | 0x7C00 }
        if magnitude == 0 { return sign }
        let twoToMinus14 = Float(sign: .plus, exponent: -14, significand: 1)
        if magnitude < twoToMinus14 {
            // Subnormal: magnitude / 2^-24 is the integer fraction.
            return sign | UInt16(magnitude / Float(sign: .plus, exponent: -24, significand: 1))
        }
        let exponent = UInt16(Int(magnitude.exponent) + 15)
        let fraction = UInt16((magnitude.significand - 1) * 1024)
        return sign | (exponent << 10) | fraction
    }
}
