// The next words of greedy decoding: the argmax of each row of the vocabulary scores plus
// their bias, without forming the sum.
//
// Why: `(h · W_vocab + b_vocab).argmax(alongAxis: 1)` made a second (N, V) array for the
// sum and then compared its elements one at a time. Here every row is summed and searched
// in 16-lane blocks, the rows split over both cores.

extension Tensor where Element: TensorScalar {
    /// The index of the largest element of each row of `self + bias`, for `self` `(N, V)`
    /// and `bias` `(V,)`: equal to `(self + bias).argmax(alongAxis: 1)`, ties and NaNs
    /// included (the first largest wins; a row with a NaN gives its first NaN).
    public func argmaxOfRows(plus bias: Tensor) -> [Int] {
        guard rank == 2, bias.shape == [shape[1]], shape[1] > 0 else {
            shapeFailure(
                "argmaxOfRows: needs (N, V) scores with V > 0 and a (V,) bias, got "
                    + "\(shape.shapeDescription) and \(bias.shape.shapeDescription)")
        }
        let (n, v) = (shape[0], shape[1])
        guard n > 0 else { return [] }
        var indices = [Int](repeating: 0, count: n)
        withStorage(of: [self, bias]) { inputs in
            let (scores, b) = (
                SharedReadPointer(base: inputs[0]), SharedReadPointer(base: inputs[1])
            )
            indices.withUnsafeMutableBufferPointer { out in
                guard let target = out.baseAddress else { return }
                let shared = SharedPointer(base: target)
                forEachHalf(of: n, parallelFrom: Swift.max(2, (1 << 16) / v)) { rows in
                    for row in rows {
                        shared.base[row] = rowArgmax(scores.base + row * v, b.base, count: v)
                    }
                }
            }
        }
        return indices
    }
}

/// The first index of the largest `a[j] + b[j]` (the first NaN, if any), like
/// `argmaxKernel` on the sums.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func rowArgmax<S: TensorScalar>(
    _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, count: Int
) -> Int {
    if S.self == Float.self {
        return floatRowArgmax(
            UnsafeRawPointer(a).assumingMemoryBound(to: Float.self),
            UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), count: count)
    }
    var best = a[0] + b[0]
    var bestIndex = 0
    for k in 1..<count {
        let value = a[k] + b[k]
        if value > best || (value.isNaN && !best.isNaN) {
            best = value
            bestIndex = k
        }
    }
    return bestIndex
}

/// `rowArgmax` for Float, in 16 lanes: each lane keeps its largest sum and the first block
/// it was seen in (a strict `>`, so a later equal value does not replace it); the answer
/// is the smallest position among the lanes that hold the row's maximum. The standard
/// library's `pointwiseMax` and a second scan for the maximum's position were slower than
/// the scalar loop (perf); blends (`replace(with:where:)`) vectorise. Each sum is the
/// same single rounding of a[j] + b[j] as the tensor expression's.
private func floatRowArgmax(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int
) -> Int {
    let blocks = count / 16
    var top = SIMD16<Float>(repeating: -.infinity)
    var topBlock = SIMD16<Int32>(repeating: 0)
    var nan = SIMDMask<SIMD16<Int32>>(repeating: false)
    for block in 0..<blocks {
        let j = block * 16
        let sum =
            UnsafeRawPointer(a + j).loadUnaligned(as: SIMD16<Float>.self)
            + UnsafeRawPointer(b + j).loadUnaligned(as: SIMD16<Float>.self)
        nan = nan .| (sum .!= sum)
        let better = sum .> top
        top.replace(with: sum, where: better)
        topBlock.replace(with: Int32(truncatingIfNeeded: block), where: better)
    }
    var (best, bestIndex) = (-Float.infinity, -1)
    if blocks > 0 {
        best = top.max()  // NaN never passed `.>`, so no lane holds one
        bestIndex = count
        for lane in 0..<16 where top[lane] == best {
            bestIndex = Swift.min(bestIndex, Int(topBlock[lane]) * 16 + lane)
        }
    }
    var hasNaN = any(nan)
    for j in (blocks * 16)..<count {
        let value = a[j] + b[j]
        if value.isNaN {
            hasNaN = true
        } else if bestIndex < 0 || value > best {
            (best, bestIndex) = (value, j)
        }
    }
    if hasNaN {
        for j in 0..<count where (a[j] + b[j]).isNaN { return j }
    }
    return Swift.max(bestIndex, 0)
}
