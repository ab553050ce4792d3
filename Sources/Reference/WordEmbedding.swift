import Given
import Tensor

/// What `wordEmbeddingBackward` needs: the word indices and the vocabulary size.
public struct WordEmbeddingCache: Sendable {
    /// The word indices, `(N, T)`.
    public let x: Tensor<Int>
    /// The shape of the embedding matrix, `[V, D]`.
    public let tableShape: [Int]
}

/// `word_embedding_forward`: looks up each word's vector, out[n, t] = W[x[n, t]].
///
/// - Parameters: x `(N, T)` integers in 0 ..< V, W `(V, D)`.
/// - Returns: out `(N, T, D)` and the cache.
public func wordEmbeddingForward<S: TensorScalar>(
    x: Tensor<Int>, w: Tensor<S>
) -> (out: Tensor<S>, cache: WordEmbeddingCache) {
    (w[rows: x], WordEmbeddingCache(x: x, tableShape: w.shape))
}

/// `word_embedding_backward`: dW[v] = Σ over every (n, t) with x[n, t] = v of dout[n, t],
/// one scatter-add (`np.add.at`), so repeated words accumulate.
///
/// - Parameters: dout `(N, T, D)`, the cache of `wordEmbeddingForward`.
/// - Returns: dW `(V, D)`.
public func wordEmbeddingBackward<S: TensorScalar>(dout: Tensor<S>, cache: WordEmbeddingCache) -> Tensor<S> {
    var dW = Tensor<S>.zeros(shape: cache.tableShape)
    dW.add(dout, atRows: cache.x)
    return dW
}
