extension Diagnosis {
    /// An activation (or its gradient) of an LSTM or GRU whose every element is larger
    /// than expected by a varying factor above 1 (or smaller by one below 1), with the
    /// same sign: a factor in (0, 1), a sigmoid gate such as ⊙ f, is missing from it (or
    /// multiplies it once too often). A constant factor is `scale`'s; additive errors
    /// fall on both sides, so at least ten elements must differ, all on one side (random
    /// errors do so with a chance of about 2 · 2⁻¹⁰), and the factors must spread as a
    /// gate's values do.
    static func gateFactor(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        guard layout.cellGates.count > 1, layout.gateAxis == nil else { return nil }
        // Elements too small to give a ratio unblurred by round-off are left out.
        let floor = 1e-3 * pair.scale
        let ratios = (0..<pair.count).filter { abs(pair.expected[$0]) > floor }
            .map { pair.actual[$0] / pair.expected[$0] }
        let slack = max(1e-4, 10 * pair.tolerance)
        let differing = ratios.filter { abs($0 - 1) > slack }
        guard differing.count >= 10 else { return nil }
        let larger = ratios.allSatisfy { $0 >= 1 - slack }
        let smaller = ratios.allSatisfy { $0 > 0 && $0 <= 1 + slack }
        // A gate's factor is far from 1 somewhere (below 0.8); ratios all within a few
        // per cent of 1 say only that the values are a little off (gates in the wrong
        // order give that).
        guard larger != smaller, let low = differing.min(), let high = differing.max(),
            larger ? high > 1.25 : low < 0.8
        else { return nil }
        // A gate's values spread over (0, 1); a constant factor with noise on top (2 · dx
        // plus small errors) has its ratios bunched: the median absolute deviation of the
        // factors must be at least a fifth of their median.
        let factors = ratios.map { larger ? 1 / $0 : $0 }
        let middle = median(factors)
        guard middle > 0, median(factors.map { abs($0 - middle) }) >= 0.2 * middle else {
            return nil
        }
        // The tanh block (g, n) comes last in both cells; the others are sigmoids.
        let sigmoids = layout.cellGates.dropLast().joined(separator: ", ")
        let name = layout.name
        // How many times too large (or too small) the elements are, least to most.
        let times = larger ? (low, high) : (1 / high, 1 / low)
        let range = "\(shortNumber(times.0)) to \(shortNumber(times.1))"
        let summary =
            larger
            ? "your \(name) misses a gate factor: each element is \(range) times too large"
            : "your \(name) has an extra gate factor: each element is \(range) times too small"
        return Diagnosis(
            .wrongGateBlock, array: name, summary: summary,
            detail: "a factor in (0, 1) such as a sigmoid gate (\(sigmoids)) "
                + (larger ? "is missing" : "is one too many") + "; the signs agree")
    }

    /// The median of non-empty values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
