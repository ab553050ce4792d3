import Given
import Grading
import Reference
import Tensor

/// Built-in cases that catch mistakes the hand-written cases let through (issue 15): each
/// is drawn by `SeededFixtures` from a fixed seed, so it has the generated cases' variety
/// and is shown like any built-in case (not hidden).
///
/// - LSTM step and sequence cases whose gradients exceed 10 (a backward that clips at ±5
///   fails).
/// - Model cases whose vocabulary has `<NULL>`, `<START>` and `<END>` away from 0, 1, 2 (a
///   mask written `captions_out != 0`, or `<START>` written as 1, fails), `<NULL>` inside a
///   caption before an unmasked target (a `dW_embed` whose `<NULL>` row is zeroed fails),
///   captions ending at different columns, and greedy samples that contain `<START>` or
///   `<NULL>` (a sampler that never emits them fails).
/// - A model case of realistic size (N = 3, T = 16, V = 30, a loss near 50), where the
///   numeric gradient check must still pass correct code and fail real mistakes.
///
/// Each set draws from its own seed, after the hand-written cases, so their bytes do not
/// change.
extension FixtureGenerator {
    /// One `lstm_step` case with a large upstream gradient (some gradient above 10).
    static func largeGradientLSTMStepCase() -> [FixtureCase] {
        var g = SeededGenerator(seed: 250)
        return SeededFixtures.lstmStepCases(&g, count: 1).map(renamedAsLargeUpstream)
    }

    /// One `lstm` case with a large upstream gradient (some gradient above 10).
    static func largeGradientLSTMCase() -> [FixtureCase] {
        var g = SeededGenerator(seed: 251)
        return SeededFixtures.lstmCases(&g, count: 1).map(renamedAsLargeUpstream)
    }

    static func renamedAsLargeUpstream(_ fixtureCase: FixtureCase) -> FixtureCase {
        var renamed = fixtureCase
        renamed.name = "large-gradients-" + fixtureCase.name
        return renamed
    }

    /// Two model cases with the special tokens away from 0, 1, 2: the greedy samples of
    /// the first contain `<START>`, those of the second `<NULL>`.
    static func specialTokenModelCases(_ cell: CellType) -> [FixtureCase] {
        var g = SeededGenerator(seed: cell == .rnn ? 252 : cell == .lstm ? 253 : 254)
        let fixture = "captioning_\(cell.rawValue)"
        return ["<START>", "<NULL>"].compactMap { token in
            SeededFixtures.redrawn(fixture, using: &g) { g in
                SeededFixtures.modelCase(cell, role: .general, sampledToken: token, using: &g)
            }.map { fixtureCase in
                var renamed = fixtureCase
                renamed.name =
                    "tokens-moved-samples-\(token == "<START>" ? "start" : "null")-"
                    + fixtureCase.name
                return renamed
            }
        }
    }

    /// The sizes of the realistic model case.
    enum RealisticSize {
        static let (n, t, vocabulary) = (3, 16, 30)
        /// Small D, W, H: the loss's size comes from N, T and V; the numeric gradient's cost
        /// (two losses per parameter element) grows with D, W and H.
        static let (inputDim, wordvecDim, hiddenDim) = (5, 4, 4)
    }

    /// A model of realistic size with the original's initialisation: N = 3 captions of
    /// T = 16 words over V = 30 words, no padding, so the loss is near 16 · log 30 ≈ 54.
    /// Central differences with h = 1e-6 of a loss that size carry round-off near 1e-9
    /// absolute, which plain rel_error turns into a failure of correct code.
    static func realisticModelCase(_ cell: CellType) -> FixtureCase? {
        typealias Size = RealisticSize
        var words = ["<NULL>": 0, "<START>": 1, "<END>": 2]
        for index in 3..<Size.vocabulary { words["w\(index)"] = index }
        var g = SeededGenerator(seed: 255)
        guard
            let model = try? CaptioningRNN<Double>(
                wordToIdx: words, inputDim: Size.inputDim, wordvecDim: Size.wordvecDim,
                hiddenDim: Size.hiddenDim, cellType: cell, seed: 256)
        else { return nil }
        let features = randn(Size.n, Size.inputDim, using: &g)
        let columns = Size.t + 1
        let captions = Tensor<Int>(
            shape: [Size.n, columns],
            scalars: (0..<(Size.n * columns)).map {
                $0 % columns == 0 ? 1 : 3 + g.nextInt(below: Size.vocabulary - 3)
            })
        return modelCase(
            "realistic-n3-t16-v30",
            "N = 3, T = 16, V = 30 with the original's initialisation: a loss near 50, where "
                + "the numeric gradients' round-off is large (h = 1e-6) and correct code must "
                + "still pass.",
            model: model, features: features, captions: captions, sampleLength: nil)
    }
}
