import Solutions
import Tensor

/// Mistakes in `word_embedding_forward/backward`.
enum WordEmbeddingMistakes {
    static let all: [Mistake] = [
        Mistake(
            "embedding-backward-assigns",
            "word_embedding_backward sets dW[x[n, t]] = dout[n, t] (NumPy's dW[x] = dout): "
                + "repeated words keep only their last gradient",
            catchBy: ["wordEmbeddingBackward"], diagnosis: .wrongRows,
            EmbeddingBackwardAssigns()),
        Mistake(
            "embedding-forward-wrong-axis",
            "word_embedding_forward looks up W[x.T]: out is (T, N, D) instead of (N, T, D)",
            catchBy: ["wordEmbeddingForward", "wordEmbeddingBackward"],
            diagnosis: .shapeMismatch,
            EmbeddingForwardWrongAxis()),
        Mistake(
            "embedding-backward-sums-over-time",
            "word_embedding_backward adds dout summed over the batch to the rows of x[0]",
            catchBy: ["wordEmbeddingBackward"], diagnosis: .wrongRows,
            EmbeddingBackwardFirstRowOnly()),
        Mistake(
            "embedding-backward-first-occurrence-only",
            "word_embedding_backward gives each word the gradient of its first position "
                + "only (a loop over np.unique(x, return_index=True))",
            catchBy: ["wordEmbeddingBackward"], diagnosis: .wrongRows,
            EmbeddingBackwardFirstOccurrence()),
        Mistake(
            "embedding-backward-starts-from-w",
            "word_embedding_backward accumulates into a copy of W (dW = W.copy()) instead "
                + "of zeros",
            catchBy: ["wordEmbeddingBackward"], diagnosis: .elementwise,
            EmbeddingBackwardStartsFromW()),
    ]
}

/// dW[word] = dout at the word's first position; later positions are skipped.
struct EmbeddingBackwardFirstOccurrence: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        (
            w[rows: x],
            { dout in
                var dW = Tensor<S>.zeros(like: w)
                var seen = Set<Int>()
                let rows = dout.reshaped(x.count, w.shape[1])
                for (position, word) in x.scalars.enumerated() where seen.insert(word).inserted {
                    dW[word] = rows[position]
                }
                return dW
            }
        )
    }
}

/// dW = W, then np.add.at(dW, x, dout).
struct EmbeddingBackwardStartsFromW: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        (
            w[rows: x],
            { dout in
                var dW = w
                dW.add(dout, atRows: x)
                return dW
            }
        )
    }
}

/// for each position: dW[x[n, t]] = dout[n, t]. The last occurrence of a word wins.
struct EmbeddingBackwardAssigns: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        let out = w[rows: x]
        return (
            out,
            { dout in
                var dW = Tensor<S>.zeros(like: w)
                let rows = dout.reshaped(x.count, w.shape[1])
                for (position, word) in x.scalars.enumerated() {
                    dW[word] = rows[position]
                }
                return dW
            }
        )
    }
}

/// out = W[x.T]: the time axis first.
struct EmbeddingForwardWrongAxis: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        let solution = try wordEmbeddingForward(x: x, w: w)
        let out = w[rows: x.transposed()]
        return (out, { try wordEmbeddingBackward(dout: $0, cache: solution.cache) })
    }
}

/// dW.add(dout.sum(over n), atRows: x[0]): the learner summed the batch first, then
/// scattered with the first caption's words only.
struct EmbeddingBackwardFirstRowOnly: DelegatesToSolutions {
    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        let out = w[rows: x]
        return (
            out,
            { dout in
                var dW = Tensor<S>.zeros(like: w)
                dW.add(dout.sum(alongAxes: 0), atRows: x[0])
                return dW
            }
        )
    }
}
