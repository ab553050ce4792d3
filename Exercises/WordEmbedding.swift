// ════════════════════════════════════════════════════════════════════════════════════
//  Word embedding                    wordEmbeddingForward   (word_embedding_forward)
//                                    wordEmbeddingBackward  (word_embedding_backward)
//  (the original's cs231n/rnn_layers.py)
//
//  Task: turn words (integer indices into a vocabulary of V words) into vectors by
//  looking each one up in the embedding matrix W, one row per word; then compute the
//  gradient of W from the upstream gradient of those vectors.
//
//  Shapes (N batch, T time steps, V vocabulary size, D word-vector size):
//    x (N, T) integers in 0 ..< V, W (V, D)  →  out (N, T, D);   dout (N, T, D)  →  dW (V, D)
//
//  Math:
//    out[n, t] = W[x[n, t]]
//    dW[v] = Σ of dout[n, t] over every (n, t) with x[n, t] = v   (rows of unused words are 0)
//
//  Hints (from the original):
//    • The forward pass is one line of indexing.
//    • A word can appear many times in a batch: its gradients must ACCUMULATE, not
//      overwrite each other. NumPy's `dW[x] += dout` gets this wrong; `np.add.at` is right.
//    • There is no gradient for x: word indices are not differentiable.
//
//  Tensor API that helps (not the answer):
//    W[rows: x]                  NumPy's W[x]: the rows named by x, shape x.shape + [D]
//    dW.add(dout, atRows: x)     NumPy's np.add.at(dW, x, dout), on a `var dW`
//    Tensor<S>.zeros(shape: [v, d]), w.shape
//
//  Check your work:  swift run grader word_embedding
// ════════════════════════════════════════════════════════════════════════════════════

import Tensor

import struct Given.NotImplemented

/// What `wordEmbeddingBackward` needs from `wordEmbeddingForward`: you choose its
/// stored properties.
public struct WordEmbeddingCache {
    // Add the values your backward pass needs, e.g. `let x: Tensor<Int>`.
}

/// `word_embedding_forward`: looks up each word's vector, out[n, t] = W[x[n, t]].
///
/// - Parameters: x `(N, T)` integers in 0 ..< V, w `(V, D)`.
/// - Returns: out `(N, T, D)` and the cache for `wordEmbeddingBackward`.
public func wordEmbeddingForward<S: TensorScalar>(
    x: Tensor<Int>, w: Tensor<S>
) throws -> (out: Tensor<S>, cache: WordEmbeddingCache) {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("wordEmbeddingForward (word_embedding_forward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}

/// `word_embedding_backward`: the gradient of the embedding matrix; repeated words accumulate.
///
/// - Parameters: dout `(N, T, D)`, the upstream gradient; the cache of `wordEmbeddingForward`.
/// - Returns: dW `(V, D)`.
public func wordEmbeddingBackward<S: TensorScalar>(
    dout: Tensor<S>, cache: WordEmbeddingCache
) throws -> Tensor<S> {
    // ┌─ YOUR CODE ─────────────────────────────────────────────────────────────────────
    throw NotImplemented("wordEmbeddingBackward (word_embedding_backward)")
    // └─────────────────────────────────────────────────────────────────────────────────
}
