/// Slicing that reads like NumPy's: `x[..., t]` is `x[:, t]`, `a[..., 0..<H]` is `a[:, :H]`,
/// `captions[..., ..<(T - 1)]` is `captions[:, :-1]`, and `x[n]` is `x[n]`.
extension Tensor {
    /// The element at a full index of a tensor of rank 2 or more, one position per axis:
    /// `x[2, 3]`. (A rank-1 tensor's elements are `v[flat: i]`; `x[i]` is a sub-tensor.)
    public subscript(i0: Int, i1: Int, rest: Int...) -> Element {
        get { scalars[offset(of: [i0, i1] + rest)] }
        set { scalars[offset(of: [i0, i1] + rest)] = newValue }
    }

    /// The only element of a tensor with one element (such as a rank-0 result).
    public var scalar: Element {
        guard count == 1 else {
            shapeFailure("scalar needs exactly one element, the shape is \(shape.shapeDescription)")
        }
        return scalars[0]
    }

    private func offset(of indices: [Int]) -> Int {
        guard indices.count == rank else {
            shapeFailure(
                "index \(indices) has \(indices.count) positions, but the tensor has "
                    + "rank \(rank) (shape \(shape.shapeDescription))")
        }
        var offset = 0
        for (axis, index) in indices.enumerated() {
            guard index >= 0 && index < shape[axis] else {
                shapeFailure(
                    "index \(index) is out of range for axis \(axis) of size "
                        + "\(shape[axis]) (shape \(shape.shapeDescription))")
            }
            offset = offset * shape[axis] + index
        }
        return offset
    }

    /// The sub-tensor at position `i` of the first axis (`x[i]`), one rank lower.
    public subscript(i: Int) -> Tensor {
        get { self[range: i..<(i + 1), axis: 0, dropAxis: true] }
        set { self[range: i..<(i + 1), axis: 0, dropAxis: true] = newValue }
    }

    /// The rows in `range` of the first axis: `x[2..<5]` is `x[2:5]`.
    public subscript<R: RangeExpression<Int>>(range: R) -> Tensor {
        get { self[range: resolve(range, axis: 0), axis: 0, dropAxis: false] }
        set { self[range: resolve(range, axis: 0), axis: 0, dropAxis: false] = newValue }
    }

    /// Position `j` of the second axis, which is dropped: `x[..., t]` is NumPy's `x[:, t]`,
    /// the time step `t` of an `(N, T, D)` batch as an `(N, D)` tensor.
    public subscript(_: UnboundedRange, j: Int) -> Tensor {
        get { self[range: j..<(j + 1), axis: 1, dropAxis: true] }
        set { self[range: j..<(j + 1), axis: 1, dropAxis: true] = newValue }
    }

    /// A range of the second axis: `a[..., H..<(2 * H)]` is NumPy's `a[:, H:2*H]`.
    public subscript<R: RangeExpression<Int>>(_: UnboundedRange, range: R) -> Tensor {
        get { self[range: resolve(range, axis: 1), axis: 1, dropAxis: false] }
        set { self[range: resolve(range, axis: 1), axis: 1, dropAxis: false] = newValue }
    }

    private func resolve<R: RangeExpression<Int>>(_ range: R, axis: Int) -> Range<Int> {
        guard axis < rank else {
            shapeFailure(
                "cannot slice axis \(axis) of a rank-\(rank) tensor "
                    + "(shape \(shape.shapeDescription))")
        }
        return range.relative(to: 0..<shape[axis])
    }

    /// The general slice: `range` along `axis`, dropping that axis if asked (an index).
    private subscript(range range: Range<Int>, axis axis: Int, dropAxis drop: Bool) -> Tensor {
        get {
            let (outer, size, inner) = checkSlice(range, axis: axis)
            var resultShape = shape
            resultShape[axis] = range.count
            if drop { resultShape.remove(at: axis) }
            return Tensor(
                uncheckedShape: resultShape,
                scalars: copyBlocks(
                    scalars, outer: outer, size: size, inner: inner,
                    range: range))
        }
        set {
            let (outer, size, inner) = checkSlice(range, axis: axis)
            var expected = shape
            expected[axis] = range.count
            if drop { expected.remove(at: axis) }
            guard newValue.shape == expected else {
                shapeFailure(
                    "cannot assign a tensor of shape \(newValue.shape.shapeDescription) "
                        + "to a slice of shape \(expected.shapeDescription) (axis \(axis), "
                        + "\(range) of \(shape.shapeDescription))")
            }
            writeBlocks(
                newValue.scalars, into: &scalars, outer: outer, size: size, inner: inner,
                range: range)
        }
    }

    private func checkSlice(_ range: Range<Int>, axis: Int) -> (outer: Int, size: Int, inner: Int) {
        guard axis < rank else {
            shapeFailure(
                "cannot index axis \(axis) of a rank-\(rank) tensor "
                    + "(shape \(shape.shapeDescription))")
        }
        guard range.lowerBound >= 0 && range.upperBound <= shape[axis] else {
            shapeFailure(
                "index \(range.count == 1 ? "\(range.lowerBound)" : "\(range)") is out "
                    + "of range for axis \(axis) of size \(shape[axis]) (shape \(shape.shapeDescription))"
            )
        }
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }
}

extension Tensor {
    /// Joins tensors along an existing axis, like `np.concatenate(parts, axis=axis)`:
    /// `Tensor.concatenated([di, df, do, dg], alongAxis: 1)` builds an LSTM gate gradient.
    public static func concatenated(_ parts: [Tensor], alongAxis axis: Int) -> Tensor {
        guard let first = parts.first else {
            shapeFailure("concatenated needs at least one tensor")
        }
        guard axis >= 0 && axis < first.rank else {
            shapeFailure(
                "concatenated: axis \(axis) is out of range for shape "
                    + "\(first.shape.shapeDescription)")
        }
        for part in parts {
            var a = part.shape, b = first.shape
            guard a.count == b.count else {
                shapeFailure(
                    "concatenated: shapes \(first.shape.shapeDescription) and "
                        + "\(part.shape.shapeDescription) have different ranks")
            }
            a[axis] = 0
            b[axis] = 0
            guard a == b else {
                shapeFailure(
                    "concatenated along axis \(axis): shapes "
                        + "\(first.shape.shapeDescription) and \(part.shape.shapeDescription) differ "
                        + "on another axis")
            }
        }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        var shape = first.shape
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        // One buffer filled block by block: appending array slices went through a generic
        // copy per block, 16 % of a gru gradient check's loss evaluations (perf).
        let total = shape.reduce(1, *)
        let result = [Element](unsafeUninitializedCapacity: total) { buffer, initialized in
            var offset = 0
            for o in 0..<outer {
                for part in parts {
                    let chunk = part.shape[axis] * inner
                    part.scalars.withUnsafeBufferPointer { source in
                        guard chunk > 0, let from = source.baseAddress,
                            let to = buffer.baseAddress
                        else { return }
                        (to + offset).initialize(from: from + o * chunk, count: chunk)
                    }
                    offset += chunk
                }
            }
            initialized = offset
        }
        return Tensor(uncheckedShape: shape, scalars: result)
    }

    /// Stacks equal-shaped tensors along a new axis, like `np.stack(parts, axis=axis)`.
    public static func stacked(_ parts: [Tensor], alongAxis axis: Int) -> Tensor {
        guard let first = parts.first else { shapeFailure("stacked needs at least one tensor") }
        guard axis >= 0 && axis <= first.rank else {
            shapeFailure(
                "stacked: axis \(axis) is out of range for shape "
                    + "\(first.shape.shapeDescription)")
        }
        var expanded = first.shape
        expanded.insert(1, at: axis)
        let reshaped = parts.map { part -> Tensor in
            guard part.shape == first.shape else {
                shapeFailure(
                    "stacked: shapes \(first.shape.shapeDescription) and "
                        + "\(part.shape.shapeDescription) differ")
            }
            return part.reshaped(to: expanded)
        }
        return concatenated(reshaped, alongAxis: axis)
    }
}

/// The `range` rows of every outer block of an (outer, size, inner) array, contiguous.
///
/// Specialised, because learner code slices a time step (`x[..., t]`) at every step: the
/// unspecialised generic copy went through a value-witness call per element (perf).
@_specialize(where E == Float)
@_specialize(where E == Double)
@_specialize(where E == Int)
func copyBlocks<E>(_ source: [E], outer: Int, size: Int, inner: Int, range: Range<Int>) -> [E] {
    let chunk = range.count * inner
    var result = [E]()
    result.reserveCapacity(outer * chunk)
    for o in 0..<outer {
        let start = (o * size + range.lowerBound) * inner
        result.append(contentsOf: source[start..<(start + chunk)])
    }
    return result
}

/// Writes `values` (outer blocks of `range.count * inner`) into the `range` rows of every
/// outer block of `target`, the inverse of `copyBlocks`.
@_specialize(where E == Float)
@_specialize(where E == Double)
@_specialize(where E == Int)
func writeBlocks<E>(
    _ values: [E], into target: inout [E], outer: Int, size: Int, inner: Int,
    range: Range<Int>
) {
    let chunk = range.count * inner
    for o in 0..<outer {
        let start = (o * size + range.lowerBound) * inner
        target.replaceSubrange(
            start..<(start + chunk), with: values[(o * chunk)..<((o + 1) * chunk)])
    }
}
