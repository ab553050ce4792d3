extension Diagnosis {
    /// Wrong rows of an array with one row per word (the word embedding's gradient),
    /// grouped by what the rows' words do in the input: repeat, occur once, never occur,
    /// or are `<NULL>`.
    static func rows(_ pair: ArrayPair, _ layout: ArrayLayout) -> Diagnosis? {
        guard layout.wordRows, pair.shape.count >= 1, pair.shape[0] > 1 else { return nil }
        let rowCount = pair.shape[0]
        let name = layout.name
        let rows = pair.slices(axis: 0)
        let wrong = (0..<rowCount).filter { !pair.matches(rows[$0]) }
        guard !wrong.isEmpty, wrong.count < rowCount else { return nil }
        let known = !layout.wordCounts.isEmpty
        let counts = { (row: Int) in layout.wordCounts[row] ?? 0 }
        let null = layout.words.first { $0.value == "<NULL>" }?.key
        let repeated = (0..<rowCount).filter { counts($0) > 1 }
        let untouched = (0..<rowCount).filter { counts($0) == 0 }
        let rowsText = listed(wrong.map { layout.word($0) })
        var summary: String
        if known, wrong == [null].compactMap({ $0 }) {
            summary = "only the <NULL> row (\(wrong[0])) of your \(name) is wrong"
        } else if known, !repeated.isEmpty, Set(wrong).isSubset(of: repeated) {
            let once = (0..<rowCount).contains { counts($0) == 1 }
            summary =
                "the rows of your \(name) for words that occur more than once are wrong; "
                + (once ? "rows of words seen once are right" : "the others are right")
        } else if known, !untouched.isEmpty, Set(wrong).isSubset(of: untouched) {
            summary = "rows of your \(name) for words that never occur are not 0"
        } else if known, Set(wrong).isDisjoint(with: untouched),
            Set(wrong) == Set((0..<rowCount).filter { counts($0) > 0 })
        {
            summary = "every row of your \(name) for a word that occurs is wrong; the others are 0"
        } else {
            summary =
                "\(wrong.count) of \(rowCount) rows of your \(name) are wrong, the others right"
        }
        var detail = "wrong rows (word index"
        detail += layout.words.isEmpty ? "" : " and word"
        detail += known ? ", × occurrences): " : "): "
        detail +=
            known
            ? listed(wrong.map { "\(layout.word($0)) ×\(counts($0))" })
            : rowsText
        return Diagnosis(.wrongRows, array: name, summary: summary, detail: detail)
    }
}
