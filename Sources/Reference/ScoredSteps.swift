import Tensor

/// The time steps `CaptioningRNN.loss` maps to vocabulary scores.
///
/// A step whose target is `<NULL>` adds nothing to the loss and, its row of dScores being
/// zero, nothing to any gradient. The original scores all N·T steps and masks the loss
/// afterwards; in Float, only the counted steps are scored, as one `(1, M, ·)` sequence.
/// Captions padded to a common length leave about a third of the steps uncounted (the
/// benchmark's COCO-like captions: 28 %), and the scores' products were half of a step.
///
/// Double keeps the original's layout: the fixtures and the gradient checks run in Double,
/// and a fixture file Reference wrote before must stay byte for byte what it writes now
/// (the products' sums would round differently without the masked rows).
struct ScoredSteps {
    /// The counted steps' positions in the flattened `(N·T)` steps; `nil`: every step.
    private let counted: [Int]?
    /// Which of the scored steps count: all of them when compacted.
    let mask: Tensor<Bool>

    init<S: TensorScalar>(mask: Tensor<Bool>, scalar: S.Type) {
        guard S.self == Float.self else {
            (counted, self.mask) = (nil, mask)
            return
        }
        // A plain loop: `indices.filter` took 25 ns a step (40 µs of an rnn N100 step).
        var counted: [Int] = []
        counted.reserveCapacity(mask.count)
        for (position, isCounted) in mask.scalars.enumerated() where isCounted {
            counted.append(position)
        }
        (self.counted, self.mask) = (counted, Tensor(repeating: true, shape: [1, counted.count]))
    }

    /// The steps to score of `(N, T, ·)` values (hidden states, targets): `(1, M, ·)`.
    func gathered<E>(_ values: Tensor<E>) -> Tensor<E> {
        guard let counted else { return values }
        let rows = values.shape[0] * values.shape[1]
        let width = Array(values.shape.dropFirst(2))
        return values.reshaped(to: [rows] + width).gatheringRows(counted)
            .reshaped(to: [1, counted.count] + width)
    }

    /// The gradient of `(N, T, ·)` values from that of the scored steps: zero where the
    /// step was not scored.
    func scattered<S: TensorScalar>(_ gradient: Tensor<S>, shape: [Int]) -> Tensor<S> {
        guard let counted else { return gradient }
        let width = Array(shape.dropFirst(2))
        return gradient.reshaped(to: [counted.count] + width)
            .scatteringRows(to: counted, rows: shape[0] * shape[1]).reshaped(to: shape)
    }
}
