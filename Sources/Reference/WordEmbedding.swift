import Given
import Tensor

/// What `wordEmbeddingBackward` needs: the word indices and the vocabulary size.
package struct WordEmbeddingCache: Sendable {
    /// The word indices, `(N, T)`.
    package let x: Tensor<Int>
    /// The shape of the embedding matrix, `[V, D]`.
    package let tableShape: [Int]
}

/// `word_embedding_forward`: looks up each word's vector, out[n, t] = W[x[n, t]].
///
/// - Parameters: x `(N, T)` integers in 0 ..< V, W `(V, D)`.
/// - Returns: out `(N, T, D)` and the cache.
package func wordEmbeddingForward<S: TensorScalar>(
    x: Tensor<Int>, w: Tensor<S>
) -> (out: Tensor<S>, cache: WordEmbeddingCache) {
    (w[rows: x], WordEmbeddingCache(x: x, tableShape: w.shape))
}

/// `word_embedding_backward`: dW[v] = Σ over every (n, t) with x[n, t] = v of dout[n, t],
/// one scatter-add (`np.add.at`), so repeated words accumulate.
///
/// - Parameters: dout `(N, T, D)`, the cache of `wordEmbeddingForward`.
/// - Returns: dW `(V, D)`.
package func wordEmbeddingBackward<S: TensorScalar>(
    dout: Tensor<S>, cache: WordEmbeddingCache
) -> Tensor<S> {
    var dW = Tensor<S>.zeros(shape: cache.tableShape)
    dW.add(dout, atRows: cache.x)
    return dW
}
