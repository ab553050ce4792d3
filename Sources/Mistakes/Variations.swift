import Solutions
import Tensor

import protocol Given.Assignment
import typealias Given.RNNStepGradients

/// A correct implementation written differently from the solution, which the grader must
/// pass: a guard against checks that are stricter than the assignment.
public struct Variation: Sendable {
    /// A kebab-case name: `sample-stops-at-end`.
    public let id: String
    /// How it differs from the solution, in one line.
    public let description: String
    /// The implementation; every check passes it.
    public let implementation: any Assignment
}

extension MistakeCatalogue {
    /// Correct variations the grader must not fail.
    public static let variations: [Variation] =
        firstVariations + UnusualLayerVariations.all
        + UnusualModelVariations.all

    static let firstVariations: [Variation] = [
        Variation(
            id: "sample-stops-at-end",
            description: "sample stops at <END> and leaves <NULL> after it, which the "
                + "original allows (\"you do not need to\" run on)",
            implementation: ModelMistake(.sampleStopsAtEnd)),
        Variation(
            id: "rnn-step-derivative-recomputed",
            description: "rnn_step_backward recomputes tanh(a) from the cached "
                + "pre-activation instead of keeping next_h",
            implementation: RecomputedTanhDerivative()),
        Variation(
            id: "embedding-backward-loop",
            description: "word_embedding_backward accumulates row by row in a Swift loop "
                + "instead of add(_:atRows:)",
            implementation: EmbeddingBackwardLoop()),
    ]
}

/// Keeps the pre-activation and recomputes tanh' = 1 − tanh(a)²: correct.
struct RecomputedTanhDerivative: DelegatesToSolutions {
    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        let a = x.matmul(wx) + prevH.matmul(wh) + b
        return (
            a.tanh(),
            { dNextH in
                let da = dNextH * (1 - a.tanh().squared())
                return affineStepGradients(da, x: x, prevH: prevH, wx: wx, wh: wh)
            }
        )
    }
}

/// dW[x[n, t]] += dout[n, t], one position at a time: correct.
struct EmbeddingBackwardLoop: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        (
            w[rows: x],
            { dout in
                var dW = Tensor<S>.zeros(like: w)
                let rows = dout.reshaped(x.count, w.shape[1])
                for (position, word) in x.scalars.enumerated() {
                    dW[word] = dW[word] + rows[position]
                }
                return dW
            }
        )
    }
}
