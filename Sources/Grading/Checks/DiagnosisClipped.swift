extension Diagnosis {
    /// The elements whose expected |value| exceeds some bound c are ±c (with the expected
    /// sign), every other element is right: the array was clipped to [−c, c] ("against
    /// exploding gradients"), which a check with only small values would not notice.
    /// At least two elements must be clipped: one shrunk element alone says too little.
    static func clipped(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        let wrong = (0..<pair.count).filter { !pair.close(pair.actual[$0], pair.expected[$0]) }
        guard wrong.count >= 2 else { return nil }
        let bound = abs(pair.actual[wrong[0]])
        guard bound > 0 else { return nil }
        for index in wrong {
            let (actual, expected) = (pair.actual[index], pair.expected[index])
            guard pair.close(abs(actual), bound), actual.sign == expected.sign,
                abs(expected) > bound
            else { return nil }
        }
        let wrongSet = Set(wrong)
        let slack = pair.tolerance * pair.scale
        let withinBound = (0..<pair.count).allSatisfy {
            wrongSet.contains($0) || abs(pair.expected[$0]) <= bound + slack
        }
        guard withinBound else { return nil }
        let largest = wrong.map { abs(pair.expected[$0]) }.max() ?? bound
        let c = shortNumber(bound)
        return Diagnosis(
            .clipped, array: layout.name,
            summary: "your \(layout.name) is clipped to [−\(c), \(c)]: the "
                + "\(wrong.count) elements beyond it are ±\(c), the others right",
            detail: "the largest expected |element| is \(shortNumber(largest))")
    }
}
