extension Tensor where Element: TensorScalar {
    /// The rows of this `(V, D)` matrix picked by `indices`: NumPy's `W[x]`, the word
    /// embedding lookup. For `indices` of shape `(N, T)` the result is `(N, T, D)`.
    public subscript(rows indices: Tensor<Int>) -> Tensor {
        let (rows, width) = checkRowTable(operation: "W[rows:]")
        var values = [Element]()
        values.reserveCapacity(indices.count * width)
        for (position, index) in indices.scalars.enumerated() {
            guard index >= 0 && index < rows else {
                shapeFailure("W[rows:]: index \(index) at position \(position) is out of range "
                    + "for a table of \(rows) rows (shape \(shape.shapeDescription))")
            }
            values.append(contentsOf: scalars[(index * width)..<((index + 1) * width)])
        }
        return Tensor(uncheckedShape: indices.shape + [width], scalars: values)
    }

    /// Adds each row of `values` into the row of this `(V, D)` matrix that `indices` names,
    /// accumulating repeated indices: NumPy's `np.add.at(dW, x, dout)`, the word
    /// embedding backward. `values` has shape `indices.shape + [D]`.
    public mutating func add(_ values: Tensor, atRows indices: Tensor<Int>) {
        let (rows, width) = checkRowTable(operation: "add(_:atRows:)")
        guard values.shape == indices.shape + [width] else {
            shapeFailure("add(_:atRows:): values of shape \(values.shape.shapeDescription) do not "
                + "match indices \(indices.shape.shapeDescription) + rows of width \(width)")
        }
        values.withUnsafeBufferPointer { source in
            withUnsafeMutableBufferPointer { table in
                for (position, index) in indices.scalars.enumerated() {
                    guard index >= 0 && index < rows else {
                        shapeFailure("add(_:atRows:): index \(index) at position \(position) is "
                            + "out of range for a table of \(rows) rows")
                    }
                    for j in 0..<width { table[index * width + j] += source[position * width + j] }
                }
            }
        }
    }

    private func checkRowTable(operation: String) -> (rows: Int, width: Int) {
        guard rank == 2 else {
            shapeFailure("\(operation) needs a (V, D) matrix, got shape \(shape.shapeDescription)")
        }
        return (shape[0], shape[1])
    }
}
