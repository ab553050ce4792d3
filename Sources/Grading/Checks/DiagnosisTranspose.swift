extension Diagnosis {
    /// A square matrix that is the transpose of the expected one (a non-square one has
    /// the wrong shape, which `checkShape` reports).
    static func transpose(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        guard pair.shape.count == 2, pair.shape[0] == pair.shape[1], pair.shape[0] > 1 else {
            return nil
        }
        let n = pair.shape[0]
        let transposed = (0..<pair.count).map { ($0 % n) * n + $0 / n }
        guard pair.matches(Array(0..<pair.count), source: transposed) else { return nil }
        return Diagnosis(
            .transposed, array: layout.name,
            summary: "your \(layout.name) is the transpose of the expected one")
    }
}
