import Tensor

extension Tensor {
    /// Internal: the rows (slices along axis 0) named by `indices`, in order, repeats
    /// allowed: NumPy's `x[mask]` for an integer array `mask`. Shape `(k,) + shape[1...]`.
    func gatheringRows(_ indices: [Int]) -> Tensor {
        let width = shape.dropFirst().reduce(1, *)
        var values = [Element]()
        values.reserveCapacity(indices.count * width)
        for index in indices {
            guard index >= 0 && index < (shape.first ?? 0) else {
                shapeFailure("row \(index) is out of range for shape \(shape.shapeDescription)")
            }
            values.append(contentsOf: scalars[(index * width)..<((index + 1) * width)])
        }
        return Tensor(shape: [indices.count] + shape.dropFirst(), scalars: values)
    }
}
