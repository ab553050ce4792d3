extension Diagnosis {
    /// All zeros, a constant factor or a sign flip over the whole array: `your dW_embed is
    /// 2 times too large`, `your dscores is N = 3 times too small`. A single number (a
    /// loss) is called scaled only by a factor with a name (N, T, N·T, 2, −1): any two
    /// numbers differ by some factor.
    static func scale(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        let name = layout.name
        let expectedSize = pair.expected.map(abs).max() ?? 0
        guard expectedSize > 0 else { return nil }
        if pair.actual.allSatisfy({ $0 == 0 }) {
            return Diagnosis(.scaleFactor, array: name, summary: "your \(name) is all zeros")
        }
        let dot = zip(pair.actual, pair.expected).reduce(0) { $0 + $1.0 * $1.1 }
        let norm = pair.expected.reduce(0) { $0 + $1 * $1 }
        let factor = dot / norm
        guard factor.isFinite, factor != 0 else { return nil }
        let actualSize = pair.actual.map(abs).max() ?? 0
        let residual = zip(pair.actual, pair.expected).map { abs($0 - factor * $1) }.max() ?? 0
        guard residual <= pair.tolerance * max(actualSize, expectedSize) else { return nil }
        let magnitude = abs(factor)
        let named = factorName(magnitude, layout: layout, shape: pair.shape)
        guard pair.count > 1 || named != nil || abs(magnitude - 1) < 1e-6 else { return nil }
        if abs(magnitude - 1) < 1e-6 {
            return factor < 0
                ? Diagnosis(.signFlip, array: name, summary: "your \(name) has the wrong sign")
                : nil
        }
        let size = magnitude > 1 ? magnitude : 1 / magnitude
        let times = named ?? shortNumber(size)
        var summary = "your \(name) is \(times) times too \(magnitude > 1 ? "large" : "small")"
        if factor < 0 { summary += ", with the wrong sign" }
        return Diagnosis(
            .scaleFactor, array: name, summary: summary,
            detail: pair.count > 1
                ? "every element is \(shortNumber(factor)) times the expected one" : nil)
    }

    /// `N = 3`, `T = 5`, `N·T = 15`, `N = T = 3`, `2`: the name of a factor ≥ 1 (or of
    /// its inverse), if it has one.
    static func factorName(_ factor: Double, layout: ArrayLayout, shape: [Int]) -> String? {
        let size = factor >= 1 ? factor : 1 / factor
        var candidates: [(value: Int, symbol: String)] = []
        let n = layout.batch(shape), t = layout.time(shape)
        if let n, n > 1 { candidates.append((n, "N")) }
        if let t, t > 1 { candidates.append((t, "T")) }
        if let n, let t, n > 1, t > 1 { candidates.append((n * t, "N·T")) }
        let matching = candidates.filter { abs(size - Double($0.value)) <= 1e-6 * Double($0.value) }
        if let first = matching.first {
            return matching.map(\.symbol).joined(separator: " = ") + " = \(first.value)"
        }
        return abs(size - 2) <= 2e-6 ? "2" : nil
    }
}
