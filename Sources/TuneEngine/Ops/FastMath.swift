/// eˣ and erf(x) written so the compiler can vectorize loops over them (the C
/// library's versions are opaque calls, one value at a time). The exponential sits
/// under softmax, cross-entropy, GELU, sigmoid and tanh, so it decides their speed.

/// eˣ with a relative error of about 2e-7 (Cephes' expf method).
///
/// Write x = n·ln2 + r with n an integer and |r| ≤ ln2/2. Then eˣ = 2ⁿ·eʳ: 2ⁿ is
/// built directly in the float's exponent bits, and eʳ is a short polynomial that
/// is accurate because r is small.
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let clamped = Swift.min(Swift.max(x, -87.3), 88.7)  // keeps 2ⁿ a normal float
    // n = round(x / ln2). Adding 1.5·2²³ makes the float unit round to an integer,
    // and leaves n in the low bits of the sum (no call, no trap: it vectorizes).
    let shifted = clamped * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p: Float = 1.987_569_15e-4
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    let er = p * r * r + r + 1
    let twoToN = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) << 23)
    let value = er * twoToN
    // Below the clamp the true value underflows to 0 (this makes e^−∞ exactly 0,
    // which masked attention relies on); NaN stays NaN so divergence is visible.
    return x != x ? x : (x < -87.3 ? 0 : value)
}

/// erf(x) by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7).
@inline(__always)
func fastErf(_ x: Float) -> Float {
    fastErf(x, exponentialOfMinusSquare: fastExp(-x * x))
}

/// erf(x) as above, given e^(−x²) already computed (GELU computes that exponential
/// for its slope anyway, so it passes it in rather than paying for it twice).
@inline(__always)
func fastErf(_ x: Float, exponentialOfMinusSquare: Float) -> Float {
    let a = Swift.abs(x)
    let t = 1 / (1 + 0.327_591_1 * a)
    let polynomial = t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))))
    let magnitude = 1 - polynomial * exponentialOfMinusSquare
    return x < 0 ? -magnitude : magnitude
}
