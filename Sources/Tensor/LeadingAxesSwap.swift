extension Tensor where Element: TensorScalar {
    /// The first two axes exchanged, materialised: `(A, B, …)` becomes `(B, A, …)`, like
    /// NumPy's `x.transpose(1, 0, 2, …)` followed by a copy. A convolution's product is
    /// `(F, N, H', W')` and its output `(N, F, H', W')`, and back for the gradient.
    ///
    /// Stops with a shape error for a tensor of rank below 2.
    package func swappingLeadingAxes() -> Tensor {
        guard rank >= 2 else {
            shapeFailure(
                "swappingLeadingAxes needs at least 2 axes, got shape \(shape.shapeDescription)")
        }
        let (a, b) = (shape[0], shape[1])
        let block = shape.dropFirst(2).reduce(1, *)
        return Tensor(
            uncheckedShape: [b, a] + shape.dropFirst(2),
            scalars: swapBlocks(scalars, a, b, block))
    }
}

/// Block (i, j) of `a` × `b` blocks goes to (j, i); each block is `block` values long.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func swapBlocks<S: TensorScalar>(_ x: [S], _ a: Int, _ b: Int, _ block: Int) -> [S] {
    x.withUnsafeBufferPointer { source in
        [S](unsafeUninitializedCapacity: x.count) { target, initialized in
            if let input = source.baseAddress, let output = target.baseAddress {
                for i in 0..<a {
                    for j in 0..<b {
                        (output + (j * a + i) * block).initialize(
                            from: input + (i * b + j) * block, count: block)
                    }
                }
            }
            initialized = x.count
        }
    }
}
