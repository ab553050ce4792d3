import Given
import Grading
import Reference
import Tensor

/// The generated `CaptioningRNN` cases: each is used by the loss, gradient and sampling
/// checks at once.
///
/// What they vary that the built-in cases do not: `<NULL>`, `<START>` and `<END>` at
/// other indices than 0, 1, 2 (code that hard-codes them fails), `<NULL>` in the middle
/// of a caption (a mask must come from each target, not from where a caption seems to
/// end), captions ending at different columns, and greedy samples that contain `<START>`
/// or `<NULL>` (a sampler that skips or stops at them fails).
///
/// The gradient check takes central differences with h = 1e-6, whose round-off grows
/// with the loss (about 1e-16 · loss / h) and shows on a parameter whose gradients are all
/// small (a saturated cell). So T ≤ 4 and V ≤ 9 keep the loss near 10 (measured over 30
/// seeds: median 10.5, largest 15), parameters have scale 0.5 (W_vocab 1.0, so the
/// recurrent gradients are not tiny), and a case is drawn again until Reference's own
/// check is within a tenth of the bound (`redrawn`; Solutions then reach at most a
/// quarter of it).
extension SeededFixtures {
    static let ordinaryWords = [
        "a", "red", "blue", "green", "circle", "square", "triangle",
        "big", "small",
    ]
    /// The scale of every parameter but W_vocab: larger ones saturate the cells.
    static let parameterScale = 0.5
    /// W_vocab's scale: larger than the others, so the recurrent parameters' gradients are
    /// not tiny next to the numeric noise (measured over 30 seeds before redrawing: the
    /// worst gradient check fell from 1.3 to 0.6 of its bound).
    static let vocabularyScale = 1.0

    static func modelCases(
        _ cell: CellType, _ g: inout SeededGenerator, count: Int
    )
        -> [FixtureCase]
    {
        (0..<count).compactMap { index in
            redrawn("captioning_\(cell.rawValue)", using: &g) { g in
                modelCase(
                    cell, role: Role(index: index),
                    // Alternate which token the greedy samples must contain.
                    sampledToken: index.isMultiple(of: 2) ? "<START>" : "<NULL>", using: &g)
            }
        }
    }

    /// One draw of a model case; nil if it could not be built.
    static func modelCase(
        _ cell: CellType, role: Role, sampledToken: String,
        using g: inout SeededGenerator
    ) -> FixtureCase? {
        let single = role == .single
        let (n, t) = single ? (1, 1) : (draw(2...4, &g), draw(3...4, &g))
        let d = draw(3...6, &g)
        let (w, h) = (draw(3...6, &g), drawDifferent(from: d, 3...6, &g))
        let wordToIdx = vocabulary(wordCount: draw(3...6, &g), using: &g)
        let captions = self.captions(n: n, t: t, wordToIdx: wordToIdx, single: single, using: &g)
        let maxLength = single ? 2 : draw(3...7, &g)
        // Fixtures are generated from valid sizes and a vocabulary with <NULL>: this cannot
        // throw; a case that could not be built is drawn again.
        guard let token = wordToIdx[sampledToken],
            var model = try? CaptioningRNN<Double>(
                wordToIdx: wordToIdx, inputDim: d, wordvecDim: w, hiddenDim: h, cellType: cell,
                seed: g.next())
        else { return nil }
        // In the original's parameter order: dictionary order changes between runs.
        for name in CaptioningRNN<Double>.parameterNames(for: cell) {
            guard let value = model.params[name] else { continue }
            model.params[name] =
                Tensor.randomNormal(shape: value.shape, using: &g)
                * (name == "W_vocab" ? vocabularyScale : parameterScale)
        }
        let features = randn(n, d, using: &g)
        guard
            let biased = biasing(
                model, toward: token, features: features,
                maxLength: maxLength)
        else { return nil }
        let special = ["<NULL>", "<START>", "<END>"].compactMap { word in
            wordToIdx[word].map { "\(word)=\($0)" }
        }.joined(separator: " ")
        return FixtureGenerator.modelCase(
            "n\(n)-t\(t)-d\(d)-w\(w)-h\(h)-v\(wordToIdx.count)",
            "\(cell.rawValue) model, "
                + (single ? "a batch of one with one time step" : "N = \(n), T = \(t)")
                + ", \(special)" + (single ? "" : ", <NULL> inside the first caption")
                + "; greedy samples of \(maxLength) words contain \(sampledToken).",
            model: biased, features: features, captions: captions,
            sampleLength: maxLength)
    }

    /// A vocabulary of the three tokens and `wordCount` words in which no token has its
    /// usual index (`<NULL>` ≠ 0, `<START>` ≠ 1, `<END>` ≠ 2).
    static func vocabulary(wordCount: Int, using g: inout SeededGenerator) -> [String: Int] {
        let words = ["<NULL>", "<START>", "<END>"] + ordinaryWords.prefix(wordCount)
        var indices = Array(words.indices)
        repeat {
            // Fisher–Yates with the seeded generator, so the order is the same everywhere.
            for i in stride(from: indices.count - 1, to: 0, by: -1) {
                indices.swapAt(i, g.nextInt(below: i + 1))
            }
        } while indices[0] == 0 || indices[1] == 1 || indices[2] == 2
        return Dictionary(uniqueKeysWithValues: zip(words, indices))
    }

    /// Captions `(N, T + 1)`: `<START>`, words, `<END>`, `<NULL>` padding, each row ending at
    /// another column where it can, one row cut off without `<END>`; row 0 has `<NULL>` as
    /// its second word and repeats its first word after it.
    static func captions(
        n: Int, t: Int, wordToIdx: [String: Int], single: Bool,
        using g: inout SeededGenerator
    ) -> Tensor<Int> {
        let (null, start, end) = (
            wordToIdx["<NULL>"] ?? 0, wordToIdx["<START>"] ?? 0,
            wordToIdx["<END>"] ?? 0
        )
        let words = wordToIdx.filter { !$0.key.hasPrefix("<") }.values.sorted()
        func word() -> Int { words[g.nextInt(below: words.count)] }
        var result = Tensor<Int>(repeating: null, shape: [n, t + 1])
        for row in 0..<n { result[row, 0] = start }
        if single {
            result[0, 1] = g.nextInt(below: 2) == 0 ? end : word()
            return result
        }
        // Caption lengths in words: T means cut off at the last column without <END>.
        var lengths = Array(0...t)
        for i in stride(from: lengths.count - 1, to: 0, by: -1) {
            lengths.swapAt(i, g.nextInt(below: i + 1))
        }
        for row in 0..<n {
            // Row 0 is long enough for a <NULL> with a word after it and then <END>.
            let length = row == 0 ? t - 1 : lengths[row % lengths.count]
            for column in 1..<(length + 1) { result[row, column] = word() }
            if length < t { result[row, length + 1] = end }
        }
        result[0, 2] = null
        if t - 1 >= 3 { result[0, 3] = result[0, 1] }
        return result
    }

    /// The model with `b_vocab[token]` raised just enough that the greedy samples contain
    /// `token` (the smallest step of 0.25 that does it), or nil if none up to +50 does.
    static func biasing(
        _ model: CaptioningRNN<Double>, toward token: Int,
        features: Tensor<Double>, maxLength: Int
    ) -> CaptioningRNN<Double>? {
        var biased = model
        for _ in 0...200 {
            guard let sampled = try? biased.sample(features: features, maxLength: maxLength) else {
                return nil
            }
            if sampled.scalars.contains(token) { return biased }
            biased.params["b_vocab"]?[flat: token] += 0.25
        }
        return nil
    }
}
