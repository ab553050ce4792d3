import Given
import Tensor

extension ModelChecks {
    /// How to read a model parameter's gradient when diagnosing it: the gate blocks of the
    /// cell's weights, and for `W_embed` the words of the vocabulary and how often each
    /// occurs among the captions fed in (`captions[:, :-1]`). N and T are the captions'.
    static func modelLayout(
        _ name: String, rank: Int, cell: CellType, _ c: FixtureCase,
        _ file: String
    ) throws -> ArrayLayout {
        let gates =
            cell == .lstm
            ? ArrayLayout.lstmGates
            : cell == .gru ? ArrayLayout.gruGates : []
        var layout = ArrayLayout.forKey(name, rank: rank, gates: gates)
        let captions = try c.integers("captions", in: file)
        guard captions.rank == 2 else { return layout }
        (layout.batchSize, layout.steps) = (captions.shape[0], captions.shape[1] - 1)
        if layout.wordRows {
            if let vocabulary = c.settings?["wordToIdx"] {
                let wordToIdx = try parseVocabulary(vocabulary, file: file)
                layout.words = Dictionary(
                    wordToIdx.map { ($0.value, $0.key) },
                    uniquingKeysWith: { a, _ in a })
            }
            for n in 0..<captions.shape[0] {
                for t in 0..<(captions.shape[1] - 1) {
                    layout.wordCounts[captions[n, t], default: 0] += 1
                }
            }
        }
        return layout
    }

    /// What is wrong with a loss: a named factor (`your loss is T = 16 times too small`),
    /// a sign, or both values (unless the case is hidden).
    static func lossDiagnosis(
        _ loss: Double, expected: Double, _ c: FixtureCase, _ file: String,
        hidden: Bool
    ) throws -> Diagnosis {
        let layout = try modelLayout("loss", rank: 0, cell: .rnn, c, file)
        if let found = Diagnosis.find(
            expected: [expected], actual: [loss], shape: [1],
            layout: layout),
            found.kind == .scaleFactor || found.kind == .signFlip
        {
            return found
        }
        // As many significant digits as it takes for the two to read differently.
        let digits =
            (3...17).lazy.map { precision in
                (
                    String(format: "%.\(precision)g", loss),
                    String(format: "%.\(precision)g", expected)
                )
            }.first { $0.0 != $0.1 } ?? ("\(loss)", "\(expected)")
        return Diagnosis(
            .elementwise, array: "loss",
            summary: hidden
                ? "your loss differs from Reference's"
                : "your loss is \(digits.0), expected \(digits.1)")
    }
}
