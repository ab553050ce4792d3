import Tensor

extension Diagnosis {
    /// No pattern: how many elements differ and the worst one, expected against got.
    static func elementwise(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis {
        let name = layout.name
        guard let worst = pair.worstIndex else {
            return Diagnosis(.elementwise, array: name, summary: "your \(name) is empty")
        }
        let position = pair.index(worst).map(String.init).joined(separator: ", ")
        let wrong = max(1, pair.differing)
        return Diagnosis(
            .elementwise, array: name,
            summary: "\(wrong) of \(pair.count) elements of your \(name) differ",
            detail: "worst at [\(position)]: expected \(shortNumber(pair.expected[worst])), "
                + "got \(shortNumber(pair.actual[worst]))")
    }

    /// The worst element by relative error, for arrays that agree within the patterns'
    /// tolerance but not within the check's `threshold` (an error in small elements).
    static func worstRelative(
        expected: Tensor<Double>, actual: Tensor<Double>,
        layout: ArrayLayout, threshold: Double
    ) -> Diagnosis {
        let errors = zip(actual.scalars, expected.scalars).map {
            abs($0 - $1) / max(1e-8, abs($0) + abs($1))
        }
        let name = layout.name
        guard let worst = errors.indices.max(by: { errors[$0] < errors[$1] }) else {
            return Diagnosis(.elementwise, array: name, summary: "your \(name) is empty")
        }
        let pair = ArrayPair(
            shape: expected.shape, expected: expected.scalars,
            actual: actual.scalars, tolerance: 0)
        let position = pair.index(worst).map(String.init).joined(separator: ", ")
        let wrong = errors.filter { $0 >= threshold }.count
        return Diagnosis(
            .elementwise, array: name,
            summary: "\(wrong) of \(errors.count) elements of your \(name) differ "
                + "(small ones: the large agree)",
            detail: "worst at [\(position)]: expected "
                + "\(shortNumber(expected.scalars[worst])), got "
                + "\(shortNumber(actual.scalars[worst]))")
    }
}
