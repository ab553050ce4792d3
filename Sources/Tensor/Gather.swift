extension Tensor {
    /// The slices along axis 0 named by `indices`, in order, repeats allowed: NumPy's
    /// `x[indices]` for an integer list (a minibatch's rows, a beam's states). Shape
    /// `(k,) + shape[1...]`.
    ///
    /// Stops with a shape error naming the first index out of range, before any copy.
    package func gatheringRows(_ indices: [Int]) -> Tensor {
        checkRowIndices(indices, below: shape.first ?? 0, operation: "gatheringRows")
        let width = shape.dropFirst().reduce(1, *)
        return Tensor(
            uncheckedShape: [indices.count] + shape.dropFirst(),
            scalars: gatherRows(scalars, indices, width: width))
    }

    /// Stops with a shape error unless every index is in `0..<rows`.
    fileprivate func checkRowIndices(_ indices: [Int], below rows: Int, operation: String) {
        for (position, index) in indices.enumerated() where index < 0 || index >= rows {
            shapeFailure(
                "\(operation): index \(index) at position \(position) is out of range "
                    + "for a table of \(rows) rows (shape \(shape.shapeDescription))")
        }
    }
}

extension Tensor where Element: TensorScalar {
    /// The rows of this `(V, D)` matrix picked by `indices`: NumPy's `W[x]`, the word
    /// embedding lookup. For `indices` of shape `(N, T)` the result is `(N, T, D)`.
    public subscript(rows indices: Tensor<Int>) -> Tensor {
        let (rows, width) = checkRowTable(operation: "W[rows:]")
        checkRowIndices(indices.scalars, below: rows, operation: "W[rows:]")
        return Tensor(
            uncheckedShape: indices.shape + [width],
            scalars: gatherRows(scalars, indices.scalars, width: width))
    }

    /// Adds each row of `values` into the row of this `(V, D)` matrix that `indices` names,
    /// accumulating repeated indices: NumPy's `np.add.at(dW, x, dout)`, the word
    /// embedding backward. `values` has shape `indices.shape + [D]`.
    public mutating func add(_ values: Tensor, atRows indices: Tensor<Int>) {
        let (rows, width) = checkRowTable(operation: "add(_:atRows:)")
        guard values.shape == indices.shape + [width] else {
            shapeFailure(
                "add(_:atRows:): values of shape \(values.shape.shapeDescription) do not "
                    + "match indices \(indices.shape.shapeDescription) + rows of width \(width)")
        }
        for (position, index) in indices.scalars.enumerated() where index < 0 || index >= rows {
            shapeFailure(
                "add(_:atRows:): index \(index) at position \(position) is "
                    + "out of range for a table of \(rows) rows")
        }
        scatterAddRows(values.scalars, indices.scalars, width: width, into: &scalars)
    }

    /// The inverse of `gatheringRows`: a tensor of `rows` slices along axis 0, zero but for
    /// slice `indices[p]`, which holds this tensor's slice p (repeated indices add up).
    /// Shape `(rows,) + shape[1...]`; this tensor has `indices.count` slices.
    ///
    /// Stops with a shape error naming the first index out of range, before any write.
    package func scatteringRows(to indices: [Int], rows: Int) -> Tensor {
        guard shape.first == indices.count else {
            shapeFailure(
                "scatteringRows: \(indices.count) indices for a tensor of shape "
                    + shape.shapeDescription)
        }
        checkRowIndices(indices, below: rows, operation: "scatteringRows")
        let width = shape.dropFirst().reduce(1, *)
        let newShape = [rows] + shape.dropFirst()
        guard let sources = distinctSources(indices, rows: rows) else {
            var result = Tensor.zeros(shape: newShape)
            scatterAddRows(scalars, indices, width: width, into: &result.scalars)
            return result
        }
        return Tensor(
            uncheckedShape: newShape,
            scalars: expandRows(scalars, sources: sources, width: width))
    }

    private func checkRowTable(operation: String) -> (rows: Int, width: Int) {
        guard rank == 2 else {
            shapeFailure("\(operation) needs a (V, D) matrix, got shape \(shape.shapeDescription)")
        }
        return (shape[0], shape[1])
    }
}

// The row loops below are specialised free functions: as generic code inside the
// extension, each element went through witness-table calls, and the embedding backward
// of a (100, 16, 256) batch took 1.45 ms of a 27 ms training step (now ≈ 0.1 ms).
// The indices are checked by the callers (`checkRowIndices`, `add(_:atRows:)`).

/// The rows `indices` of a table `width` wide, one after another.
@_specialize(where S == Float)
@_specialize(where S == Double)
@_specialize(where S == Int)
private func gatherRows<S>(_ table: [S], _ indices: [Int], width: Int) -> [S] {
    table.withUnsafeBufferPointer { table in
        [S](unsafeUninitializedCapacity: indices.count * width) { out, initialized in
            if let source = table.baseAddress, let target = out.baseAddress {
                // Both cores from `parallelRows`: the rows are scattered reads (the hidden
                // states CaptioningRNN scores; a decoded word's row of the 8 MB input table
                // at N = 100, 4H = 2048, which one core copied while the other waited).
                let parallelFrom = parallelRows(hidden: width)
                forEachHalf(of: indices.count, parallelFrom: parallelFrom) { positions in
                    for position in positions {
                        (target + position * width).initialize(
                            from: source + indices[position] * width,
                            count: width)
                    }
                }
            }
            initialized = indices.count * width
        }
    }
}

/// For each of `rows` rows, the position in `indices` that names it, or −1; nil if an
/// index repeats.
private func distinctSources(_ indices: [Int], rows: Int) -> [Int]? {
    var sources = [Int](repeating: -1, count: rows)
    for (position, index) in indices.enumerated() {
        guard sources[index] < 0 else { return nil }
        sources[index] = position
    }
    return sources
}

/// `sources.count` rows `width` wide: row r is row `sources[r]` of `values`, or zeros where
/// that is −1. One pass over the result, on both cores when large (a zero fill and then a
/// scatter-add read and wrote the scored rows twice).
@_specialize(where S == Float)
@_specialize(where S == Double)
private func expandRows<S: TensorScalar>(_ values: [S], sources: [Int], width: Int) -> [S] {
    values.withUnsafeBufferPointer { values in
        [S](unsafeUninitializedCapacity: sources.count * width) { out, initialized in
            if let target = out.baseAddress {
                let parallelFrom = max(1, parallelElementCount / max(1, width))
                forEachHalf(of: sources.count, parallelFrom: parallelFrom) { rows in
                    for row in rows {
                        let destination = target + row * width
                        if let source = values.baseAddress, sources[row] >= 0 {
                            destination.initialize(
                                from: source + sources[row] * width, count: width)
                        } else {
                            destination.initialize(repeating: 0, count: width)
                        }
                    }
                }
            }
            initialized = sources.count * width
        }
    }
}

/// table[indices[p]] += values[p] for every row p, in order (so repeated indices
/// accumulate in the same order as NumPy's `np.add.at`). A large one runs on both cores,
/// each taking half of the columns through all the rows, so every element still adds
/// its updates in the same order (the word embedding's gradient at N = 100, T = 16:
/// 1600 rows of 256, which one core added while the other waited).
@_specialize(where S == Float)
@_specialize(where S == Double)
func scatterAddRows<S: TensorScalar>(
    _ values: [S], _ indices: [Int], width: Int,
    into table: inout [S]
) {
    values.withUnsafeBufferPointer { values in
        table.withUnsafeMutableBufferPointer { table in
            guard let source = values.baseAddress, let target = table.baseAddress else { return }
            // Split from 32 columns, so each half is a few vectors wide.
            let parallelFrom = indices.count * width >= parallelElementCount ? 32 : Int.max
            forEachHalf(of: width, parallelFrom: parallelFrom) { columns in
                for (position, index) in indices.enumerated() {
                    let row = target + index * width, update = source + position * width
                    for j in columns { row[j] += update[j] }
                }
            }
        }
    }
}
