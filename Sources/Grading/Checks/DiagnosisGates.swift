extension Diagnosis {
    /// Patterns in the gate blocks of an LSTM (i, f, o, g) or GRU (r, z, n) weight or bias:
    /// some blocks wrong and the others right, or the blocks in another order.
    static func gates(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        guard let axis = layout.gateAxis, axis < pair.shape.count, layout.gateNames.count > 1,
            pair.shape[axis] % layout.gateNames.count == 0
        else { return nil }
        let names = layout.gateNames
        let width = pair.shape[axis] / names.count
        let name = layout.name
        let stride = pair.strides[axis]
        let columnSlices = pair.slices(axis: axis)
        let blocks = names.indices.map { k in
            columnSlices[(k * width)..<((k + 1) * width)].flatMap { $0 }.sorted()
        }
        // The learner's block `k` against the expected block `j`.
        func block(_ k: Int, holds j: Int) -> Bool {
            pair.matches(blocks[k], source: blocks[k].map { $0 + (j - k) * width * stride })
        }
        let right = names.indices.filter { block($0, holds: $0) }
        if right.count == names.count { return nil }
        // Another order: every block holds some expected block, each once.
        var order: [Int] = []
        for k in names.indices {
            guard let j = names.indices.first(where: { !order.contains($0) && block(k, holds: $0) })
            else { break }
            order.append(j)
        }
        if order.count == names.count {
            let wrongOrder = order.map { names[$0] }.joined(separator: ", ")
            return Diagnosis(
                .wrongGateBlock, array: name,
                summary: "your \(name) has its gate blocks in the order \(wrongOrder) "
                    + "instead of \(names.joined(separator: ", "))")
        }
        guard !right.isEmpty else { return nil }
        let wrong = names.indices.filter { !right.contains($0) }
        let wrongNames = wrong.map { names[$0] }.joined(separator: ", ")
        let rightNames = right.map { names[$0] }.joined(separator: ", ")
        func ofH(_ m: Int) -> String { m == 0 ? "0" : m == 1 ? "H" : "\(m)H" }
        let columns = wrong.map { "\(ofH($0))..<\(ofH($0 + 1))" }
        var detail =
            "H = \(width); wrong block\(wrong.count == 1 ? "" : "s") at "
            + columns.joined(separator: ", ") + " along axis \(axis)"
        // A wrong block that is the right one times a constant says more.
        if wrong.count == 1 {
            let k = wrong[0]
            let sub = ArrayPair(
                shape: [blocks[k].count], expected: blocks[k].map { pair.expected[$0] },
                actual: blocks[k].map { pair.actual[$0] }, tolerance: pair.tolerance)
            if let scaled = scale(sub, ArrayLayout(name: "\(names[k]) block")) {
                detail += "; " + scaled.summary.replacingOccurrences(of: "your ", with: "the ")
            }
        }
        return Diagnosis(
            .wrongGateBlock, array: name,
            summary: "the \(wrongNames) block\(wrong.count == 1 ? "" : "s") of your "
                + "\(name) \(wrong.count == 1 ? "is" : "are") wrong; \(rightNames) "
                + "\(right.count == 1 ? "is" : "are") right",
            detail: detail)
    }
}
