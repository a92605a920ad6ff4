extension Float {
    /// The value of an IEEE 754 half-precision (binary16) bit pattern, exactly.
    ///
    /// binary16 is 1 sign bit, 5 exponent bits (bias 15) and 10 fraction bits. Every half
    /// value is exactly representable as a Float, so this conversion never rounds:
    /// normal numbers re-bias their exponent, subnormals (exponent 0) are fraction × 2⁻²⁴,
    /// and exponent 31 gives ±infinity or a NaN that keeps its payload.
    public init(float16Bits bits: UInt16) {
        let sign = UInt32(bits >> 15) << 31
        let exponent = UInt32((bits >> 10) & 0x1F)
        let fraction = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: fraction × 2⁻²⁴ (a Float multiply by a power of two is exact).
            let magnitude = Float(fraction) * Float(sign: .plus, exponent: -24, significand: 1)
            self = sign == 0 ? magnitude : -magnitude
        case 0x1F:
            // Infinity (fraction 0) or NaN: all-ones Float exponent, fraction moved to the top.
            self = Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13))
        default:
            // Normal: exponent − 15 + 127, fraction widened from 10 to 23 bits.
            self = Float(bitPattern: sign | ((exponent + 112) << 23) | (fraction << 13))
        }
    }

    /// The value of a bfloat16 bit pattern: the top 16 bits of a Float, so exact.
    public init(bfloat16Bits bits: UInt16) {
        self = Float(bitPattern: UInt32(bits) << 16)
    }
}
