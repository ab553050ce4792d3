import Tensor

/// `relu_forward`: out = max(x, 0), element-wise; the cache is x.
///
/// - Parameter x: any shape.
/// - Returns: out (x's shape) and the cache for `reluBackward`.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func reluForward<S: TensorScalar>(x: Tensor<S>) -> (out: Tensor<S>, cache: Tensor<S>) {
    (Tensor(shape: x.shape, scalars: x.scalars.map { Swift.max($0, 0) }), x)
}

/// `relu_backward`: dx = dout where x > 0, else 0 (the subgradient 0 at x = 0, as in the
/// original).
///
/// - Parameters: dout (x's shape), the cache of `reluForward` (x).
/// - Returns: dx.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func reluBackward<S: TensorScalar>(dout: Tensor<S>, cache x: Tensor<S>) -> Tensor<S> {
    guard dout.shape == x.shape else {
        shapeFailure(
            "reluBackward: dout has shape \(dout.shape.shapeDescription), x has "
                + x.shape.shapeDescription)
    }
    return Tensor(
        shape: x.shape, scalars: zip(dout.scalars, x.scalars).map { $1 > 0 ? $0 : 0 })
}
