/// dWx = xᵀ · da and dWh = prevᵀ · da of a recurrent layer whose input projection and
/// recurrence share the pre-activation gradient da: rnn_backward's and lstm_backward's
/// weight gradients, prev = [h0, h_0, …, h_{T−2}] (`shiftedRight`).
///
/// Why: in Float the two products run as one, [x | prev]ᵀ · da, so da (the larger operand:
/// 13 MB for the LSTM at N = 100, T = 16, H = 512) is packed once instead of twice; the
/// joined rows are written in the pass that `shiftedRight` made. LSTM N100, probe:
/// 10.98 → 10.56 ms for the two products. Each gradient is the product it would be
/// alone, bit for bit: every element is summed over the same rows in the same order by
/// the same tile kernel (`floatTransposedProductSplittingRows`). Double, and sizes where
/// that does not hold (`transposedProductSplitsExactly`: D not a multiple of the tile's
/// rows, or a product that would take another path), keep the two products.
///
/// - Parameters: x `(N, T, D)`, h `(N, T, H)`, h0 `(N, H)`, da `(N, T, G)`.
/// - Returns: dWx `(D, G)` and dWh `(H, G)`.
package func recurrentWeightGradients<S: TensorScalar>(
    x: Tensor<S>, h: Tensor<S>, h0: Tensor<S>, da: Tensor<S>
) -> (dWx: Tensor<S>, dWh: Tensor<S>) {
    let (n, t, d, hidden) = (x.shape[0], x.shape[1], x.shape[2], h.shape[2])
    let (rows, g) = (n * t, da.shape[2])
    precondition(
        x.rank == 3 && h.shape == [n, t, hidden] && h0.shape == [n, hidden]
            && da.shape == [n, t, g],
        "recurrentWeightGradients: x \(x.shape), h \(h.shape), h0 \(h0.shape), da \(da.shape)")
    guard S.self == Float.self,
        transposedProductSplitsExactly(m: d + hidden, n: g, k: rows, split: d)
    else {
        let previous = shiftedRight(h, first: h0)
        return (x.transposedMatmul(da), previous.transposedMatmul(da))
    }
    // S is Float here (the guard above): the casts change no bits, as in `matrixProduct`.
    let joined = joinedWithPrevious(x, h, first: h0)
    let (upper, lower) = floatTransposedProductSplittingRows(
        unsafeBitCast(joined.scalars, to: [Float].self),
        unsafeBitCast(da.scalars, to: [Float].self),
        m: d + hidden, n: g, k: rows, split: d)
    return (
        Tensor(uncheckedShape: [d, g], scalars: unsafeBitCast(upper, to: [S].self)),
        Tensor(uncheckedShape: [hidden, g], scalars: unsafeBitCast(lower, to: [S].self))
    )
}

/// `(N, T, D + H)`: each step's row of x followed by the state that fed the step,
/// h0 for the first step and h_{t−1} after it.
private func joinedWithPrevious<S: TensorScalar>(
    _ x: Tensor<S>, _ h: Tensor<S>, first h0: Tensor<S>
) -> Tensor<S> {
    let (n, t, d, w) = (x.shape[0], x.shape[1], x.shape[2], h.shape[2])
    let width = d + w
    let values = withStorage(of: [x, h, h0]) { inputs in
        [S](unsafeUninitializedCapacity: n * t * width) { out, initialized in
            initialized = n * t * width
            guard let out = out.baseAddress else { return }
            let (x, h, h0) = (inputs[0], inputs[1], inputs[2])
            // On both cores when large, as `shiftedRight` (4.9 MB at N = 100 for the LSTM).
            forEachHalf(of: n, parallelFrom: max(1, parallelElementCount / (t * width))) {
                part in
                for row in part {
                    for step in 0..<t {
                        let target = out + (row * t + step) * width
                        target.initialize(from: x + (row * t + step) * d, count: d)
                        let previous = step == 0 ? h0 + row * w : h + (row * t + step - 1) * w
                        (target + d).initialize(from: previous, count: w)
                    }
                }
            }
        }
    }
    return Tensor(shape: [n, t, width], scalars: values)
}
