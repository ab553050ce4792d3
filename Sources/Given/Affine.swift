import Tensor

/// What `affineBackward` needs from the forward pass.
public struct AffineCache<S: TensorScalar>: Sendable {
    /// The input, `(N, D)`.
    public let x: Tensor<S>
    /// The weights, `(D, M)`.
    public let w: Tensor<S>
}

/// `affine_forward`: out = x · w + b. Given to learners, as in the original.
///
/// - Parameters: x `(N, D)`, w `(D, M)`, b `(M,)`.
/// - Returns: out `(N, M)` and the cache for `affineBackward`.
public func affineForward<S: TensorScalar>(
    x: Tensor<S>, w: Tensor<S>, b: Tensor<S>
) -> (out: Tensor<S>, cache: AffineCache<S>) {
    (x.matmul(w) + b, AffineCache(x: x, w: w))
}

/// `affine_backward`: dx = dout · wᵀ, dw = xᵀ · dout, db = Σₙ dout.
///
/// - Parameters: dout `(N, M)`, the cache of `affineForward`.
/// - Returns: dx `(N, D)`, dw `(D, M)`, db `(M,)`.
public func affineBackward<S: TensorScalar>(
    dout: Tensor<S>, cache: AffineCache<S>
) -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
    (dout.matmulTransposed(cache.w), cache.x.transposedMatmul(dout), dout.sum(alongAxes: 0))
}
