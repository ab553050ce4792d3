extension Diagnosis {
    /// No pattern: how many elements differ and the worst one, expected against got.
    static func elementwise(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis {
        let name = layout.name
        guard let worst = pair.worstIndex else {
            return Diagnosis(.elementwise, array: name, summary: "your \(name) is empty")
        }
        let position = pair.index(worst).map(String.init).joined(separator: ", ")
        let wrong = max(1, pair.differing)
        return Diagnosis(.elementwise, array: name,
                         summary: "\(wrong) of \(pair.count) elements of your \(name) differ",
                         detail: "worst at [\(position)]: expected \(shortNumber(pair.expected[worst])), "
                            + "got \(shortNumber(pair.actual[worst]))")
    }
}
