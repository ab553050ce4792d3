import Tensor

extension Diagnosis {
    /// Sampled captions against Reference's: how many words differ, the first column that
    /// does, and (unless the case is hidden) the words there beside their indices.
    static func sample(
        _ sampled: Tensor<Int>, expected: Tensor<Int>, wordToIdx: [String: Int],
        hidden: Bool
    ) -> Diagnosis? {
        guard sampled.shape == expected.shape, sampled.rank == 2 else { return nil }
        let differing = zip(sampled.scalars, expected.scalars).filter { $0 != $1 }.count
        guard differing > 0,
            let column = (0..<sampled.shape[1]).first(where: { c in
                (0..<sampled.shape[0]).contains { sampled[$0, c] != expected[$0, c] }
            })
        else { return nil }
        let words = Dictionary(
            wordToIdx.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        func word(_ index: Int) -> String { words[index].map { "\(index) \($0)" } ?? "\(index)" }
        let summary =
            "\(differing) of \(sampled.count) sampled words differ from Reference's, "
            + "first in column \(column)"
        guard !hidden,
            let row = (0..<sampled.shape[0]).first(where: {
                sampled[$0, column] != expected[$0, column]
            })
        else { return Diagnosis(.wrongSampleTokens, array: "captions", summary: summary) }
        let got = (0...column).map { word(sampled[row, $0]) }.joined(separator: ", ")
        let want = (0...column).map { word(expected[row, $0]) }.joined(separator: ", ")
        return Diagnosis(
            .wrongSampleTokens, array: "captions", summary: summary,
            detail: "row \(row), columns 0...\(column): got [\(got)], expected [\(want)]")
    }
}
