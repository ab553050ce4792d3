import Foundation

extension Diagnosis {
    /// Every sample off by the same vector, in the array itself or (for values in (−1, 1),
    /// a tanh's output) before the tanh: a term shared by the whole batch, the bias, is
    /// missing, doubled or of the wrong sign.
    static func offset(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        guard let axis = layout.batchAxis, axis < pair.shape.count, pair.shape[axis] > 1 else {
            return nil
        }
        let name = layout.name
        let stride = pair.strides[axis]
        // The same element in sample 0.
        func first(_ flat: Int) -> Int { flat - pair.coordinate(flat, axis: axis) * stride }
        func sharedByBatch(_ difference: [Double], tolerance: Double) -> Bool {
            let size = difference.map(abs).max() ?? 0
            guard size > 0 else { return false }
            return difference.indices.allSatisfy {
                abs(difference[$0] - difference[first($0)]) <= tolerance * size
            }
        }
        let raw = zip(pair.actual, pair.expected).map { $0 - $1 }
        if sharedByBatch(raw, tolerance: 1e-6) {
            return Diagnosis(
                .constantOffset, array: name,
                summary: "every sample of your \(name) is off by the same vector")
        }
        let inside = { (v: Double) in abs(v) < 1 - 1e-9 }
        guard pair.actual.allSatisfy(inside), pair.expected.allSatisfy(inside) else { return nil }
        let before = zip(pair.actual, pair.expected).map { atanh($0) - atanh($1) }
        guard sharedByBatch(before, tolerance: 1e-4) else { return nil }
        return Diagnosis(
            .constantOffset, array: name,
            summary: "before the tanh, every sample of your \(name) is off by the "
                + "same vector")
    }
}
