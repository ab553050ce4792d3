import Tensor

/// `temporal_softmax_loss`: softmax cross-entropy at every time step, where `mask` says
/// which steps count (padding `<NULL>` steps do not). The loss is summed over time and
/// averaged over the minibatch:
/// loss = −(1/N) Σₙₜ mask[n, t] · log softmax(x[n, t])[y[n, t]].
///
/// - Parameters: x `(N, T, V)` scores, y `(N, T)` targets in 0 ..< V, mask `(N, T)`.
/// - Returns: the loss and dx `(N, T, V)` = mask · (softmax(x) − onehot(y)) / N.
///
/// Scores are shifted by their row maximum before exponentiating, so large scores do not
/// overflow.
public func temporalSoftmaxLoss<S: TensorScalar>(
    x: Tensor<S>, y: Tensor<Int>, mask: Tensor<Bool>
) -> (loss: S, dx: Tensor<S>) {
    temporalSoftmaxLoss(x: x, y: y, mask: mask, averagingOver: x.shape.first ?? 0)
}

/// `temporalSoftmaxLoss` of the scores x + bias, averaged over `batch` captions:
/// `CaptioningRNN` scores only the steps the loss counts, gathered as one `(1, M, V)`
/// sequence of a minibatch of N captions, and leaves the scores' bias `(V,)` to this pass,
/// which reads every score anyway (a pass of its own over the scores was 1.5 % of an rnn
/// step at N = 100).
package func temporalSoftmaxLoss<S: TensorScalar>(
    x: Tensor<S>, plus bias: Tensor<S>? = nil, y: Tensor<Int>, mask: Tensor<Bool>,
    averagingOver batch: Int
) -> (loss: S, dx: Tensor<S>) {
    guard x.rank == 3, y.shape == Array(x.shape.prefix(2)), mask.shape == y.shape,
        bias.map({ $0.shape == [x.shape[2]] }) ?? true
    else {
        shapeFailure(
            "temporalSoftmaxLoss: x must be (N, T, V), y and mask (N, T) and the bias (V,); "
                + "got x \(x.shape.shapeDescription), y \(y.shape.shapeDescription), mask "
                + "\(mask.shape.shapeDescription)"
                + (bias.map { ", bias \($0.shape.shapeDescription)" } ?? ""))
    }
    if let floats = x as? Tensor<Float> {
        let fused = fusedFloatSoftmaxLoss(
            x: floats, plus: bias as? Tensor<Float>, y: y, mask: mask, batch: batch)
        if let loss = fused.loss as? S, let dx = fused.dx as? Tensor<S> { return (loss, dx) }
    }
    let x = bias.map { x + $0 } ?? x
    let v = x.shape[2]
    let shifted = x - x.max(alongAxis: 2, keepingAxis: true)
    let exponentials = shifted.exp()
    let partition = exponentials.sum(alongAxes: 2, keepingAxes: true)
    let logProbabilities = shifted - partition.log()
    let weights = Tensor<S>(mask) / S(batch)
    let targets = Tensor<S>.oneHot(y, depth: v)
    let loss = -(logProbabilities * targets * weights.reshaped(to: y.shape + [1])).sum()
    let dx = (exponentials / partition - targets) * weights.reshaped(to: y.shape + [1])
    return (loss, dx)
}
