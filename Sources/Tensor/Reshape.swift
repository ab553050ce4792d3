extension Tensor {
    /// The same elements with a new shape, like NumPy's `reshape`; one size may be `-1`
    /// and is then inferred. `x.reshaped(N * T, D)`.
    public func reshaped(_ shape: Int...) -> Tensor { reshaped(to: shape) }

    /// The same elements with a new shape; one size may be `-1` and is then inferred.
    public func reshaped(to newShape: [Int]) -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 {
            shapeFailure("reshape to \(newShape.shapeDescription): at most one size may be -1")
        }
        if let axis = unknown.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.map(\.element)
                .reduce(1, *)
            guard known > 0, count % known == 0 else {
                shapeFailure(
                    "cannot reshape \(shape.shapeDescription) (\(count) elements) "
                        + "to \(newShape.shapeDescription)")
            }
            resolved[axis] = count / known
        }
        guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(1, *) == count else {
            shapeFailure(
                "cannot reshape \(shape.shapeDescription) (\(count) elements) "
                    + "to \(newShape.shapeDescription)")
        }
        return Tensor(uncheckedShape: resolved, scalars: scalars)
    }

    /// The matrix transpose of a rank-2 tensor (`x.T` in NumPy), materialised.
    public func transposed() -> Tensor {
        guard rank == 2 else {
            shapeFailure("transposed() needs a rank-2 tensor, got shape \(shape.shapeDescription)")
        }
        let (rows, columns) = (shape[0], shape[1])
        var result = [Element]()
        result.reserveCapacity(count)
        for c in 0..<columns {
            for r in 0..<rows { result.append(scalars[r * columns + c]) }
        }
        return Tensor(uncheckedShape: [columns, rows], scalars: result)
    }
}
