import Tensor

/// What `conv2dBackward` needs from `conv2dForward`.
public struct Conv2DCache<S: TensorScalar>: Sendable {
    /// The input's shape, `(N, C, H, W)`.
    public let inputShape: [Int]
    /// The filters, `(F, C, HH, WW)`.
    public let w: Tensor<S>
    /// The input's windows, `(C·HH·WW + 1, N·H'·W')` (im2col, and a row of ones for the
    /// biases): the weight gradient's other factor.
    public let columns: Tensor<S>
    /// The window: filter size, stride, padding.
    let window: ConvolutionWindow
}

/// `conv_forward_im2col` (the original's fast_layers.py; `conv_forward_naive` in
/// layers.py computes the same): F filters slide over a zero-padded batch,
/// out[n, f, y, x] = b[f] + Σ_{c,i,j} w[f, c, i, j] · x_pad[n, c, y·stride + i, x·stride + j].
///
/// Every window is one column of `im2col(x)`, so the whole batch is one matrix product:
/// out = W · cols + b with W the filters as rows `(F, C·HH·WW)`. The biases ride along
/// as W's last column, against a row of ones under the columns: [W | b] · [cols; 1].
///
/// - Parameters: x `(N, C, H, W)`, w `(F, C, HH, WW)`, b `(F,)`, the stride and the zero
///   padding on each side (`conv_param`).
/// - Returns: out `(N, F, H', W')` with H' = 1 + (H + 2·pad − HH) / stride (rounded down),
///   W' alike, and the cache.
public func conv2dForward<S: TensorScalar>(
    x: Tensor<S>, w: Tensor<S>, b: Tensor<S>, stride: Int = 1, padding: Int = 0
) -> (out: Tensor<S>, cache: Conv2DCache<S>) {
    let (window, filters) = convolutionShapes(x, w, b, stride: stride, padding: padding)
    let columns = x.imageColumns(window: window, biasRow: true)
    let (outputHeight, outputWidth) = window.outputSize(
        height: x.shape[2], width: x.shape[3], operation: "conv2dForward")
    let weightsAndBiases = Tensor.concatenated(
        [w.reshaped(filters, -1), b.reshaped(filters, 1)], alongAxis: 1)
    let products = weightsAndBiases.matmul(columns)
    let out = products.reshaped(filters, x.shape[0], outputHeight, outputWidth)
        .swappingLeadingAxes()
    return (
        out, Conv2DCache(inputShape: x.shape, w: w, columns: columns, window: window)
    )
}

/// `conv_backward_im2col`: with d = dout as rows `(F, N·H'·W')`: [dW | db] = d · [cols; 1]ᵀ
/// (db = Σ d over the columns), dx = col2im(Wᵀ · d) (each window's gradient added back
/// onto the pixels it read; the padding's share is dropped).
///
/// - Parameters: dout `(N, F, H', W')`, the cache of `conv2dForward`.
/// - Returns: dx `(N, C, H, W)`, dw `(F, C, HH, WW)`, db `(F,)`.
public func conv2dBackward<S: TensorScalar>(
    dout: Tensor<S>, cache: Conv2DCache<S>
) -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
    let d = outputRows(dout, cache)
    let dx = cache.w.reshaped(cache.w.shape[0], -1).transposedMatmul(d.rows)
        .columnsToImages(shape: cache.inputShape, window: cache.window)
    return (dx, d.dw, d.db)
}

/// The filters' gradients alone: `conv2dBackward` without dx, for a first layer, whose
/// input (the pixels) needs no gradient. Saves a product and the col2im pass.
///
/// - Returns: dw `(F, C, HH, WW)`, db `(F,)`.
public func conv2dWeightBackward<S: TensorScalar>(
    dout: Tensor<S>, cache: Conv2DCache<S>
) -> (dw: Tensor<S>, db: Tensor<S>) {
    let d = outputRows(dout, cache)
    return (d.dw, d.db)
}

/// dout as rows `(F, N·H'·W')`, and from it [dW | db] = d · [cols; 1]ᵀ.
private func outputRows<S: TensorScalar>(
    _ dout: Tensor<S>, _ cache: Conv2DCache<S>
) -> (rows: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
    let filters = cache.w.shape[0]
    let (n, height, width) = (cache.inputShape[0], cache.inputShape[2], cache.inputShape[3])
    let (outputHeight, outputWidth) = cache.window.outputSize(
        height: height, width: width, operation: "conv2dBackward")
    guard dout.shape == [n, filters, outputHeight, outputWidth] else {
        shapeFailure(
            "conv2dBackward: dout has shape \(dout.shape.shapeDescription), the output was "
                + [n, filters, outputHeight, outputWidth].shapeDescription)
    }
    let rows = dout.swappingLeadingAxes().reshaped(filters, -1)
    let both = rows.matmulTransposed(cache.columns)  // (F, C·HH·WW + 1)
    let taps = both.shape[1] - 1
    return (rows, both[..., 0..<taps].reshaped(to: cache.w.shape), both[..., taps])
}

/// Checks x `(N, C, H, W)`, w `(F, C, HH, WW)` and b `(F,)` against each other and
/// returns the window and F.
private func convolutionShapes<S: TensorScalar>(
    _ x: Tensor<S>, _ w: Tensor<S>, _ b: Tensor<S>, stride: Int, padding: Int
) -> (ConvolutionWindow, Int) {
    guard x.rank == 4, w.rank == 4, x.shape[1] == w.shape[1], b.shape == [w.shape[0]] else {
        shapeFailure(
            "conv2dForward: x must be (N, C, H, W), w (F, C, HH, WW) with the same C and "
                + "b (F,); got x \(x.shape.shapeDescription), w \(w.shape.shapeDescription), "
                + "b \(b.shape.shapeDescription)")
    }
    let window = ConvolutionWindow(
        height: w.shape[2], width: w.shape[3], stride: stride, padding: padding)
    return (window, w.shape[0])
}
