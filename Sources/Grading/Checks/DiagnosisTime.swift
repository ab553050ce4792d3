extension Diagnosis {
    /// Patterns along the time axis: the steps mirrored (the loop runs the wrong way),
    /// shifted by one, only the last right (nothing flows between steps), or some wrong.
    static func time(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        guard let axis = layout.timeAxis, axis < pair.shape.count, pair.shape[axis] > 1 else {
            return nil
        }
        let steps = pair.shape[axis]
        let name = layout.name
        let stride = pair.strides[axis]
        let slices = pair.slices(axis: axis)
        // The flat index of the same element at step `to` instead of step `from`.
        func moved(_ indices: [Int], from: Int, to: Int) -> [Int] {
            indices.map { $0 + (to - from) * stride }
        }
        let right = (0..<steps).filter { pair.matches(slices[$0]) }
        if right.count == steps { return nil }
        let mirrored = (0..<steps).allSatisfy {
            pair.matches(slices[$0], source: moved(slices[$0], from: $0, to: steps - 1 - $0))
        }
        if mirrored {
            return Diagnosis(
                .reversedTime, array: name,
                summary: "your \(name) runs backwards in time: step t holds what "
                    + "step T − 1 − t should")
        }
        for (shift, words) in [(-1, "one step late"), (1, "one step early")] {
            let range = shift < 0 ? 1..<steps : 0..<(steps - 1)
            let shifted = range.allSatisfy {
                pair.matches(slices[$0], source: moved(slices[$0], from: $0, to: $0 + shift))
            }
            if shifted {
                let example =
                    shift < 0
                    ? "step t holds what step t − 1 should"
                    : "step t holds what step t + 1 should"
                return Diagnosis(
                    .shiftedOneStep, array: name,
                    summary: "your \(name) is \(words): \(example)")
            }
        }
        guard !right.isEmpty else { return nil }
        let wrong = (0..<steps).filter { !right.contains($0) }
        if right == [steps - 1] {
            return Diagnosis(
                .onlyLastStepRight, array: name,
                summary: "only the last time step of your \(name) is right: the "
                    + "gradient flowing between time steps is missing",
                detail: "steps 0 to \(steps - 2) of \(steps) are wrong")
        }
        return Diagnosis(
            .wrongTimeSteps, array: name,
            summary: "time \(wrong.count == 1 ? "step" : "steps") "
                + "\(listed(wrong)) of your \(name) \(wrong.count == 1 ? "is" : "are") "
                + "wrong; \(right.count == 1 ? "step" : "steps") \(listed(right)) "
                + "\(right.count == 1 ? "is" : "are") right (T = \(steps))")
    }

    /// `0, 3, 4`, or `0, 1, 2, … (12 in all)` for a long list.
    static func listed(_ values: [Int], limit: Int = 6) -> String {
        listed(values.map(String.init), limit: limit)
    }

    static func listed(_ values: [String], limit: Int = 6) -> String {
        guard values.count > limit else { return values.joined(separator: ", ") }
        return values.prefix(limit).joined(separator: ", ") + ", … (\(values.count) in all)"
    }
}
