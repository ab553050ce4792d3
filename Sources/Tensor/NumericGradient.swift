// Central-difference gradients, as the original's `gradient_check.py` computes them.
//
// Unlike the original, which perturbs the captured array in place, the perturbed input
// is passed to `f` explicitly: Swift arrays are values.

/// `eval_numerical_gradient_array`: the gradient of Σ f(x) ⊙ upstream with respect to x,
/// element by element: (Σ (f(x + h) − f(x − h)) ⊙ upstream) / 2h.
///
/// - Parameters:
///   - x: the point at which to differentiate.
///   - upstream: the gradient flowing into f's output (same shape as `f(x)`).
///   - h: the step (1e-5 in the original).
///   - f: the function, usually a layer's forward pass in one argument.
public func numericGradient<S: TensorScalar>(
    at x: Tensor<S>, upstream: Tensor<S>, step h: S = 1e-5,
    of f: (Tensor<S>) throws -> Tensor<S>
) rethrows -> Tensor<S> {
    var gradient = Tensor<S>.zeros(like: x)
    var probe = x
    for index in 0..<x.count {
        let original = probe[flat: index]
        probe[flat: index] = original + h
        let plus = try f(probe)
        probe[flat: index] = original - h
        let minus = try f(probe)
        probe[flat: index] = original
        guard plus.shape == upstream.shape, minus.shape == upstream.shape else {
            shapeFailure(
                "numericGradient: f returned shape \(plus.shape.shapeDescription), the "
                    + "upstream gradient has shape \(upstream.shape.shapeDescription)")
        }
        gradient[flat: index] = ((plus - minus) * upstream).sum() / (2 * h)
    }
    return gradient
}

/// `eval_numerical_gradient`: the gradient of a scalar function f at x by central
/// differences, (f(x + h) − f(x − h)) / 2h for every element.
public func numericGradient<S: TensorScalar>(
    at x: Tensor<S>, step h: S = 1e-5, of f: (Tensor<S>) throws -> S
) rethrows -> Tensor<S> {
    var gradient = Tensor<S>.zeros(like: x)
    var probe = x
    for index in 0..<x.count {
        let original = probe[flat: index]
        probe[flat: index] = original + h
        let plus = try f(probe)
        probe[flat: index] = original - h
        let minus = try f(probe)
        probe[flat: index] = original
        gradient[flat: index] = (plus - minus) / (2 * h)
    }
    return gradient
}
