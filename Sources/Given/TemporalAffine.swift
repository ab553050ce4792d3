import Tensor

/// `temporal_affine_forward`: the same affine map at every time step, as one product.
///
/// - Parameters: x `(N, T, D)`, w `(D, M)`, b `(M,)`.
/// - Returns: out `(N, T, M)` = x · w + b, and the cache (x, w) for the backward pass.
public func temporalAffineForward<S: TensorScalar>(
    x: Tensor<S>, w: Tensor<S>, b: Tensor<S>
) -> (out: Tensor<S>, cache: AffineCache<S>) {
    let (product, cache) = temporalAffineProduct(x: x, w: w)
    return (product + b, cache)
}

/// `temporalAffineForward` without its bias: out `(N, T, M)` = x · w, for a caller that
/// adds b where it reads the scores anyway (`CaptioningRNN`, in the softmax loss).
package func temporalAffineProduct<S: TensorScalar>(
    x: Tensor<S>, w: Tensor<S>
) -> (out: Tensor<S>, cache: AffineCache<S>) {
    guard x.rank == 3 else {
        shapeFailure("temporalAffineForward: x must be (N, T, D), got \(x.shape.shapeDescription)")
    }
    return (x.matmul(w), AffineCache(x: x, w: w))
}

/// `temporal_affine_backward`: dx = dout · wᵀ, dw = Σₙₜ xᵀ · dout, db = Σₙₜ dout.
///
/// - Parameters: dout `(N, T, M)`, the cache of `temporalAffineForward`.
/// - Returns: dx `(N, T, D)`, dw `(D, M)`, db `(M,)`.
public func temporalAffineBackward<S: TensorScalar>(
    dout: Tensor<S>, cache: AffineCache<S>
) -> (dx: Tensor<S>, dw: Tensor<S>, db: Tensor<S>) {
    (dout.matmulTransposed(cache.w), cache.x.transposedMatmul(dout), dout.sum(alongAxes: 0, 1))
}
