import Tensor

extension Diagnosis {
    /// The pattern that tells how `actual` differs from `expected`, or nil when they agree
    /// within `tolerance` (relative to the arrays' largest element). Tried in order: all
    /// zeros, a constant factor or sign, a transpose, clipping, gate blocks, time steps,
    /// word rows, the same offset for every sample, a missing gate factor; otherwise the
    /// worst element.
    public static func find(
        expected: [Double], actual: [Double], shape: [Int],
        layout: ArrayLayout, tolerance: Double = 1e-6
    ) -> Diagnosis? {
        guard expected.count == actual.count, shape.reduce(1, *) == expected.count else {
            return Diagnosis(
                .shapeMismatch, array: layout.name,
                summary: "your \(layout.name) has \(actual.count) elements, expected "
                    + "\(expected.count)")
        }
        guard actual.allSatisfy(\.isFinite) else {
            let nan = actual.contains { $0.isNaN }
            return Diagnosis(
                .elementwise, array: layout.name,
                summary: "your \(layout.name) contains \(nan ? "NaN" : "infinity")")
        }
        let pair = ArrayPair(shape: shape, expected: expected, actual: actual, tolerance: tolerance)
        guard !pair.allClose else { return nil }
        let finders: [(ArrayPair, ArrayLayout) -> Diagnosis?] = [
            scale, transpose, clipped, gates, time, rows, offset, gateFactor,
        ]
        for finder in finders {
            if let found = finder(pair, layout) { return found }
        }
        return elementwise(pair, layout)
    }

    /// `find` on tensors.
    public static func find(
        expected: Tensor<Double>, actual: Tensor<Double>,
        layout: ArrayLayout, tolerance: Double = 1e-6
    ) -> Diagnosis? {
        guard expected.shape == actual.shape else {
            return Diagnosis(
                .shapeMismatch, array: layout.name,
                summary: "your \(layout.name) has shape \(actual.shape.shapeDescription), "
                    + "expected \(expected.shape.shapeDescription)")
        }
        return find(
            expected: expected.scalars, actual: actual.scalars, shape: expected.shape,
            layout: layout, tolerance: tolerance)
    }
}
