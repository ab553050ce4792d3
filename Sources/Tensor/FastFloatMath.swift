/// Vectorised tanh, sigmoid and exp for Float arrays.
///
/// Why: glibc's `tanhf` costs 15.7 ns per element and `expf` 3.3 ns here, about 13 ms of
/// a vanilla-RNN forward pass at N=100, H=512, T=16; these SIMD16 versions cost
/// 0.2–0.3 ns (docs/PERFORMANCE.md). Only Float uses them: Double keeps libm, so
/// gradient checks and fixtures are exact.
///
/// Measured accuracy against Double-precision libm (a scratch probe, not a committed
/// test) over a grid of 2·10⁷ points, step 1e-5, in [−100, 100], plus ±2ᵉ for every e
/// from −149 (the smallest subnormal) to 126:
/// - tanh: max rel error 3.8e-7 (max abs 3.8e-7, near x = −6); exact (x itself) for tiny x;
/// - sigmoid: max rel error 1.5e-7 (max abs 8.9e-8) for x ≥ −87 (below, the result < 1e-38);
/// - exp: max rel error 8.2e-8 for x in [−87.3, 88.3]; outside, the input is clamped
///   (the result is ~1e-38, not 0, below −87.3 — harmless for softmax, whose partition is ≥ 1).
/// Cost, measured on 4096-element tensors including the result allocation: tanh 0.84 ns,
/// sigmoid 0.87 ns, exp 0.31 ns per element.
///
/// Hot-loop tricks, each measured: clamps use `.replacing(with:where:)` (compiles to a
/// blend) because the standard library's `.clamped` and `.rounded` did not vectorise
/// (≈ 20 ns per element); rounding uses the 1.5·2²³ magic-number trick and 2ⁿ is built
/// by shifting bits, because SIMD int↔float conversions did not vectorise either.
public enum FastFloatMath {
    // @_transparent (and so @usableFromInline below): callers in other modules, such as
    // the fused LSTM cell in Reference, must inline these into their own loops. As calls,
    // each passed its 64-byte vectors through memory: a fused LSTM forward step took
    // 185 µs instead of 66 µs (N = 100, H = 512). `@inlinable @inline(__always)` was not
    // enough: the calls stayed (objdump).
    /// 1.5·2²³: adding it rounds to an integer.
    @usableFromInline static let magic: Float = 12_582_912
    @usableFromInline static let log2e: Float = 1.442_695_04
    @usableFromInline static let ln2High: Float = 0.693_359_375
    @usableFromInline static let ln2Low: Float = -2.121_944_4e-4
    /// 0, 1, …, 15: which lanes of a vector are past a given offset.
    @usableFromInline static let laneIndices = SIMD16<Int32>(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    /// e^x for 16 lanes: Cephes' `expf` polynomial after reducing x = n·ln2 + r, |r| ≤ ln2/2.
    @_transparent
    public static func exp(_ input: SIMD16<Float>) -> SIMD16<Float> {
        var x = input
        x.replace(with: 88.3, where: x .> 88.3)
        x.replace(with: -87.3, where: x .< -87.3)
        let t = x * log2e + magic
        let n = t - magic
        var r = x.addingProduct(n, SIMD16(repeating: -ln2High))
        r = r.addingProduct(n, SIMD16(repeating: -ln2Low))
        return scaled(polynomial(r), by: t)
    }

    @_transparent
    @usableFromInline static func polynomial(_ r: SIMD16<Float>) -> SIMD16<Float> {
        var p = SIMD16<Float>(repeating: 1.987_569_15e-4)
        p = (p * r) + 1.398_199_950_7e-3
        p = (p * r) + 8.333_451_907_3e-3
        p = (p * r) + 4.166_579_589_4e-2
        p = (p * r) + 1.666_666_545_9e-1
        p = (p * r) + 5.000_000_120_1e-1
        return (p * (r * r)) + r + 1
    }

    /// Multiplies by 2ⁿ, where n sits in the low mantissa bits of `t` = n + 1.5·2²³.
    @_transparent
    @usableFromInline
    static func scaled(_ value: SIMD16<Float>, by t: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(t, to: SIMD16<UInt32>.self)
        // bits = 0x4B40_0000 + n; the exponent field of 2ⁿ is (n + 127) << 23.
        let power = (bits &- 0x4B3F_FF81) &<< 23
        return value * unsafeBitCast(power, to: SIMD16<Float>.self)
    }

    /// The logistic sigmoid 1 / (1 + e^(−x)) for 16 lanes.
    @_transparent
    public static func sigmoid(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 / (1 + exp(-x))
    }

    /// tanh(x) for 16 lanes: Eigen's 13/6-degree rational approximation on [−7.9053, 7.9053] (beyond,
    /// tanh rounds to ±1 in Float), and x itself for |x| < 4e-4 (where tanh x = x in Float).
    @_transparent
    public static func tanh(_ input: SIMD16<Float>) -> SIMD16<Float> {
        var x = input
        x.replace(with: 7.905_311_107_635_498, where: x .> 7.905_311_107_635_498)
        x.replace(with: -7.905_311_107_635_498, where: x .< -7.905_311_107_635_498)
        let x2 = x * x
        var p = SIMD16<Float>(repeating: -2.760_768_477_423_55e-16)
        p = p * x2 + 2.000_187_904_824_77e-13
        p = p * x2 + -8.604_671_522_137_35e-11
        p = p * x2 + 5.122_297_090_371_14e-08
        p = p * x2 + 1.485_722_357_179_79e-05
        p = p * x2 + 6.372_619_288_754_36e-04
        p = p * x2 + 4.893_524_558_917_86e-03
        p = p * x
        var q = SIMD16<Float>(repeating: 1.198_258_394_667_02e-06)
        q = q * x2 + 1.185_347_056_866_54e-04
        q = q * x2 + 2.268_434_632_439_00e-03
        q = q * x2 + 4.893_525_185_543_85e-03
        var result = p / q
        result.replace(with: input, where: (input .< 4e-4) .& (input .> -4e-4))
        return result
    }

    /// Applies `f` to `count` values from `source` into `target` (which may be `source`).
    /// `f` must work lane by lane (each lane of its result depends on that lane alone).
    @_transparent
    public static func apply(
        _ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>, count: Int,
        _ f: (SIMD16<Float>) -> SIMD16<Float>
    ) {
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(target + i).storeBytes(of: f(v), as: SIMD16<Float>.self)
            i += 16
        }
        if i < count && count >= 16 {
            // The last 16 values, overlapping ones already done: only the lanes not yet
            // written take f's result. Going through a vector on the stack lane by lane
            // was a fifth of the softmax loss at V = 1004 (a 12-value tail per row, perf).
            let last = count - 16
            let v = UnsafeRawPointer(source + last).loadUnaligned(as: SIMD16<Float>.self)
            let done = UnsafeRawPointer(target + last).loadUnaligned(as: SIMD16<Float>.self)
            let fresh = laneIndices .>= Int32(truncatingIfNeeded: i - last)
            UnsafeMutableRawPointer(target + last).storeBytes(
                of: done.replacing(with: f(v), where: fresh), as: SIMD16<Float>.self)
        } else if i < count {
            var v = SIMD16<Float>(repeating: 0)
            for j in 0..<(count - i) { v[j] = source[i + j] }
            let out = f(v)
            for j in 0..<(count - i) { target[i + j] = out[j] }
        }
    }
}
