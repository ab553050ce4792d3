import Tensor

/// What `maxPoolBackward` needs from `maxPoolForward`.
public struct MaxPoolCache: Sendable {
    /// The input's shape, `(N, C, H, W)`.
    public let inputShape: [Int]
    /// For each output element (row-major), the flat index of the input element that
    /// was its window's maximum: the only one its gradient flows back to.
    public let sources: [Int]
}

/// `max_pool_forward_naive` (the original's layers.py): each output is the largest input in
/// its `height` × `width` window; windows step by `stride` (the original's `pool_param`),
/// with no padding. The first maximum in row-major order wins a tie.
///
/// - Parameters: x `(N, C, H, W)`; the window (default 2×2, stride 2: halves H and W).
/// - Returns: out `(N, C, H', W')` with H' = 1 + (H − height) / stride (rounded down),
///   W' alike, and the cache.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func maxPoolForward<S: TensorScalar>(
    x: Tensor<S>, height: Int = 2, width: Int = 2, stride: Int = 2
) -> (out: Tensor<S>, cache: MaxPoolCache) {
    guard x.rank == 4 else {
        shapeFailure("maxPoolForward: x must be (N, C, H, W), got \(x.shape.shapeDescription)")
    }
    let (out, sources) = x.windowMaxima(
        window: ConvolutionWindow(height: height, width: width, stride: stride))
    return (out, MaxPoolCache(inputShape: x.shape, sources: sources))
}

/// `max_pool_backward_naive`: each output's gradient goes to the input that was its
/// window's maximum (summed where windows overlap); every other input gets 0.
///
/// - Parameters: dout `(N, C, H', W')`, the cache of `maxPoolForward`.
/// - Returns: dx `(N, C, H, W)`.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func maxPoolBackward<S: TensorScalar>(dout: Tensor<S>, cache: MaxPoolCache) -> Tensor<S> {
    guard dout.count == cache.sources.count, dout.rank == 4,
        dout.shape.prefix(2) == cache.inputShape.prefix(2)
    else {
        shapeFailure(
            "maxPoolBackward: dout has shape \(dout.shape.shapeDescription), but the pooled "
                + "input \(cache.inputShape.shapeDescription) gave \(cache.sources.count) outputs")
    }
    return dout.scattered(to: cache.sources, shape: cache.inputShape)
}
