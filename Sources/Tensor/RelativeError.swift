/// The notebooks' `rel_error`: max over elements of |a − b| / max(1e-8, |a| + |b|),
/// computed in Double. Traps with both shapes if they differ.
public func relativeError<A: TensorScalar, B: TensorScalar>(
    _ a: Tensor<A>, _ b: Tensor<B>
) -> Double {
    guard a.shape == b.shape else {
        shapeFailure(
            "relativeError: shapes \(a.shape.shapeDescription) and "
                + "\(b.shape.shapeDescription) differ")
    }
    var worst = 0.0
    for (x, y) in zip(a.scalars, b.scalars) {
        let (dx, dy) = (Double(x), Double(y))
        let error = Swift.abs(dx - dy) / Swift.max(1e-8, Swift.abs(dx) + Swift.abs(dy))
        if error.isNaN { return .nan }
        worst = Swift.max(worst, error)
    }
    return worst
}
