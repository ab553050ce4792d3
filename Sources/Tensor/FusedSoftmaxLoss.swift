/// `temporalSoftmaxLoss` for Float in one pass per row of scores.
///
/// Why: the tensor-expression form makes eight (N, T, V) temporaries (the shift, the
/// exponentials, the log-probabilities, a one-hot matrix, two products, the quotient,
/// the gradient) and calls libm's `expf` per score; at N=100, T=16, V=1004 it took
/// several ms of a training step. Here each row is read once to find its maximum,
/// once to exponentiate (SIMD16, `FastFloatMath.exp`) into dx and sum, and once to scale
/// — no temporaries, all three passes in SIMD16 lanes. The loss is accumulated in Double.
/// Same formula and semantics as the generic path, which Double keeps (exact libm,
/// fixtures unchanged). The loss is averaged over `batch` captions; `bias` `(V,)`, if
/// given, is added to every row of scores as it is read.
package func fusedFloatSoftmaxLoss(
    x: Tensor<Float>, plus bias: Tensor<Float>?, y: Tensor<Int>, mask: Tensor<Bool>,
    batch: Int
)
    -> (loss: Float, dx: Tensor<Float>)
{
    let (n, t, v) = (x.shape[0], x.shape[1], x.shape[2])
    precondition(bias.map { $0.shape == [v] } ?? true, "fusedFloatSoftmaxLoss: bias is not (V,)")
    let weight = 1 / Float(batch)
    // No bias: zeros, which change no score (x + 0 is x).
    let bias = bias ?? Tensor<Float>.zeros(v)
    // Not zero-filled up front: a kept row is written whole below, a masked one zeroed.
    var gradient = [Float](unsafeUninitializedCapacity: n * t * v) { _, count in count = n * t * v }
    let loss = x.withUnsafeBufferPointer { scores in
        bias.withUnsafeBufferPointer { bias in
            y.withUnsafeBufferPointer { targets in
                mask.withUnsafeBufferPointer { mask in
                    gradient.withUnsafeMutableBufferPointer { dx in
                        guard let scores = scores.baseAddress, let dx = dx.baseAddress,
                            let bias = bias.baseAddress
                        else {
                            return 0.0
                        }
                        // The rows in two fixed halves, on both cores for a large batch (1600
                        // rows of 1004: 0.79 → 0.29 ms). The loss is the sum of the two halves'
                        // sums whether or not they ran at once, so it never depends on timing.
                        let (first, second) = inHalves(of: n * t, parallelFrom: 64) { rows in
                            var loss = 0.0
                            for row in rows {
                                let source = scores + row * v
                                let out = dx + row * v
                                guard mask[row] else {
                                    out.initialize(repeating: 0, count: v)
                                    continue
                                }
                                let target = targets[row]
                                precondition(
                                    target >= 0 && target < v,
                                    "temporalSoftmaxLoss: target \(target) is not in 0..<\(v)")
                                let maximum = rowMaximum(source, plus: bias, count: v)
                                let partition = exponentiate(
                                    source, plus: bias, minus: maximum, into: out,
                                    count: v)
                                let scale = weight / partition
                                FastFloatMath.apply(out, out, count: v) { $0 * scale }
                                out[target] -= weight
                                let logProbability =
                                    Double((source[target] + bias[target]) - maximum)
                                    - Double(partition).logarithm
                                loss -= logProbability * Double(weight)
                            }
                            return loss
                        }
                        return first + second
                    }
                }
            }
        }
    }
    return (Float(loss), Tensor(shape: [n, t, v], scalars: gradient))
}

// SIMD16 lanes for the maximum and the partition sum: the scalar loops they replace were
// one dependent compare or add per score (rnn step N=100: the loss took 2.1 ms, now
// 1.0 ms). Lane-wise sums change the Float rounding slightly, never the semantics.

/// The largest of `count` values x + b. A NaN among them is skipped here but still reaches
/// the loss: exp(NaN − max) is NaN, and so are the partition sum and the loss, as in the
/// generic path.
@inline(__always)
private func rowMaximum(
    _ x: UnsafePointer<Float>, plus b: UnsafePointer<Float>, count: Int
) -> Float {
    var lanes = SIMD16<Float>(repeating: -.infinity)
    var j = 0
    while j + 16 <= count {
        let value = load16(x + j) + load16(b + j)
        // Not `pointwiseMax`, which did not vectorise (measured 20× slower).
        lanes.replace(with: value, where: value .> lanes)
        j += 16
    }
    if j < count && count >= 16 {
        // The last 16 values, overlapping ones included: a maximum does not mind.
        let value = load16(x + count - 16) + load16(b + count - 16)
        lanes.replace(with: value, where: value .> lanes)
        j = count
    }
    var maximum = lanes.max()
    while j < count {
        if x[j] + b[j] > maximum { maximum = x[j] + b[j] }
        j += 1
    }
    return maximum
}

/// out = exp((x + b) − shift) for `count` values; returns their sum.
@inline(__always)
private func exponentiate(
    _ x: UnsafePointer<Float>, plus b: UnsafePointer<Float>, minus shift: Float,
    into out: UnsafeMutablePointer<Float>, count: Int
) -> Float {
    var sums = SIMD16<Float>()
    var j = 0
    while j + 16 <= count {
        let value = FastFloatMath.exp((load16(x + j) + load16(b + j)) - shift)
        UnsafeMutableRawPointer(out + j).storeBytes(of: value, as: SIMD16<Float>.self)
        sums += value
        j += 16
    }
    var total = sums.sum()
    if j < count && count >= 16 {
        // The last 16 values again, overlapping ones included (they come out the same);
        // their sum is still taken one by one, in order, below. One value at a time through
        // `apply`'s partial vector was a fifth of the loss at V = 1004 (perf).
        let last = count - 16
        let value = FastFloatMath.exp((load16(x + last) + load16(b + last)) - shift)
        UnsafeMutableRawPointer(out + last).storeBytes(of: value, as: SIMD16<Float>.self)
        for q in j..<count { total += out[q] }
    } else if j < count {
        for q in j..<count { out[q] = x[q] + b[q] }
        FastFloatMath.apply(UnsafePointer(out + j), out + j, count: count - j) {
            FastFloatMath.exp($0 - shift)
        }
        for q in j..<count { total += out[q] }
    }
    return total
}

@inline(__always)
private func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

extension Double {
    fileprivate var logarithm: Double { Double.log(self) }
}
