extension Tensor where Element: TensorScalar {
    /// The sum of all elements, like `np.sum(x)`.
    public func sum() -> Element { sumKernel(scalars) }

    /// The mean of all elements.
    public func mean() -> Element { sum() / Element(count) }

    /// The largest element (NaN if any element is NaN).
    public func max() -> Element {
        guard let first = scalars.first else { shapeFailure("max() of an empty tensor") }
        return scalars.reduce(first) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
    }

    /// Sums along the given axes, like `np.sum(x, axis=axes)`. The axes disappear unless
    /// `keepingAxes` is true, in which case they stay with size 1 (NumPy's `keepdims`).
    /// `dout.sum(alongAxes: 0, 1)` is `db` of a temporal affine layer.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func sum(alongAxes axes: Int..., keepingAxes: Bool = false) -> Tensor {
        var result = self
        for axis in Set(axes.map { normalized(axis: $0, operation: "sum") }).sorted(by: >) {
            result = result.reduce(alongAxis: axis, keepingAxis: keepingAxes, start: 0, Sum.self)
        }
        return result
    }

    /// The maximum along one axis, like `np.max(x, axis=axis, keepdims=keepingAxis)`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func max(alongAxis axis: Int, keepingAxis: Bool = false) -> Tensor {
        let axis = normalized(axis: axis, operation: "max")
        guard shape[axis] > 0 else { shapeFailure("max along an empty axis \(axis)") }
        return reduce(alongAxis: axis, keepingAxis: keepingAxis, start: -.infinity, Maximum.self)
    }

    /// The position of the largest element along one axis, like `np.argmax(x, axis=axis)`;
    /// the first one wins a tie, as in NumPy. `scores.argmax(alongAxis: 1)` picks each
    /// caption's next word.
    public func argmax(alongAxis axis: Int) -> Tensor<Int> {
        let axis = normalized(axis: axis, operation: "argmax")
        let (outer, size, inner) = (
            shape[..<axis].reduce(1, *), shape[axis],
            shape[(axis + 1)...].reduce(1, *)
        )
        guard size > 0 else { shapeFailure("argmax along an empty axis \(axis)") }
        let indices = argmaxKernel(scalars, outer: outer, size: size, inner: inner)
        var resultShape = shape
        resultShape.remove(at: axis)
        return Tensor<Int>(shape: resultShape, scalars: indices)
    }

    func normalized(axis: Int, operation: String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            shapeFailure(
                "\(operation): axis \(axis) is out of range for a tensor of shape "
                    + "\(shape.shapeDescription)")
        }
        return resolved
    }

    // Specialised and inlined: unspecialised, every element went through value-witness
    // calls, and the reductions took ~20% of a training step (perf).
    @inline(__always)
    /// Combines the values along `axis` with `C`, starting from `start`. The combiner is a
    /// type, not a closure, so the loops inside `inHalves`'s closures inline it (as a
    /// closure value it was an indirect call per element: 1600×1004 column sums took
    /// 1.1 ms instead of 0.48).
    private func reduce<C: Combiner>(
        alongAxis axis: Int, keepingAxis: Bool, start: Element,
        _ combiner: C.Type
    ) -> Tensor {
        let (outer, size, inner) = (
            shape[..<axis].reduce(1, *), shape[axis],
            shape[(axis + 1)...].reduce(1, *)
        )
        var values = [Element](repeating: start, count: outer * inner)
        scalars.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                guard let source = source.baseAddress, let target = target.baseAddress else {
                    return
                }
                // Each result element is combined in the same order (k = 0, 1, …) whichever
                // half of the columns (or of the outer rows) it falls in, so splitting over
                // the two threads never changes a result.
                func combineAll(outer: Range<Int>, columns: Range<Int>) {
                    for o in outer {
                        let sum = target + o * inner
                        for k in 0..<size {
                            let row = source + (o * size + k) * inner
                            for i in columns { sum[i] = C.combine(sum[i], row[i]) }
                        }
                    }
                }
                let work = outer * size * inner
                let minimum = work >= parallelElementCount ? 0 : Int.max
                if inner >= 64 {
                    forEachHalf(of: inner, parallelFrom: minimum) { columns in
                        combineAll(outer: 0..<outer, columns: columns)
                    }
                } else {
                    forEachHalf(of: outer, parallelFrom: minimum) { rows in
                        combineAll(outer: rows, columns: 0..<inner)
                    }
                }
            }
        }
        var resultShape = shape
        if keepingAxis { resultShape[axis] = 1 } else { resultShape.remove(at: axis) }
        return Tensor(uncheckedShape: resultShape, scalars: values)
    }
}

/// How `reduce` folds two values.
private protocol Combiner {
    static func combine<S: TensorScalar>(_ a: S, _ b: S) -> S
}

private enum Sum: Combiner {
    @inline(__always) static func combine<S: TensorScalar>(_ a: S, _ b: S) -> S { a + b }
}

/// The larger value, NaN if either is NaN (NumPy's `max`).
private enum Maximum: Combiner {
    @inline(__always) static func combine<S: TensorScalar>(_ a: S, _ b: S) -> S {
        a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    }
}

@_specialize(where S == Float)
@_specialize(where S == Double)
func sumKernel<S: TensorScalar>(_ values: [S]) -> S {
    // Pairwise summation, as NumPy does, so large sums keep their precision.
    values.withUnsafeBufferPointer { buffer in pairwiseSum(buffer[...]) }
}

private func pairwiseSum<S: TensorScalar>(_ values: Slice<UnsafeBufferPointer<S>>) -> S {
    if values.count <= 128 {
        var total: S = 0
        for v in values { total += v }
        return total
    }
    let middle = values.startIndex + values.count / 2
    return pairwiseSum(values[..<middle]) + pairwiseSum(values[middle...])
}

/// The position of the largest element along the middle axis of an (outer, size, inner)
/// view; the first wins a tie, and NaN counts as largest, as in NumPy. Specialised:
/// sampling takes the argmax of (N, V) scores at every step, and the generic version
/// spent 10 % of a sampling run in witness-table comparisons (perf).
@_specialize(where S == Float)
@_specialize(where S == Double)
func argmaxKernel<S: TensorScalar>(_ values: [S], outer: Int, size: Int, inner: Int) -> [Int] {
    var indices = [Int](repeating: 0, count: outer * inner)
    values.withUnsafeBufferPointer { v in
        for o in 0..<outer {
            for i in 0..<inner {
                var best = v[o * size * inner + i]
                var bestIndex = 0
                for k in 1..<Swift.max(size, 1) {
                    let value = v[(o * size + k) * inner + i]
                    if value > best || (value.isNaN && !best.isNaN) {
                        best = value
                        bestIndex = k
                    }
                }
                indices[o * inner + i] = bestIndex
            }
        }
    }
    return indices
}
