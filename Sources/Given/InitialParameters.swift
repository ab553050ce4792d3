import Tensor

/// The original's initial parameters of a `CaptioningRNN`, drawn in its order from a
/// seeded generator: W_embed ~ N(0,1)/100, W_proj ~ N(0,1)/√D, Wx ~ N(0,1)/√W,
/// Wh ~ N(0,1)/√H, W_vocab ~ N(0,1)/√H, biases zero. Given to learners, as the
/// original's `__init__` is. A gru also gets `bh` (3H,), zero (no draw, so the other
/// parameters are the same draws as for any cell with the same shapes).
public func initialCaptioningParameters<S: TensorScalar>(
    vocabSize v: Int, inputDim: Int, wordvecDim: Int, hiddenDim: Int, cellType: CellType,
    seed: UInt64
) -> [String: Tensor<S>] {
    var generator = SeededGenerator(seed: seed)
    func normal(_ shape: [Int], scale: Double) -> Tensor<S> {
        Tensor<S>(converting: Tensor<Double>.randomNormal(shape: shape, using: &generator) / scale)
    }
    let k = cellType.gateCount
    var params: [String: Tensor<S>] = [:]
    params["W_embed"] = normal([v, wordvecDim], scale: 100)
    params["W_proj"] = normal([inputDim, hiddenDim], scale: Double(inputDim).squareRoot())
    params["b_proj"] = .zeros(hiddenDim)
    params["Wx"] = normal([wordvecDim, k * hiddenDim], scale: Double(wordvecDim).squareRoot())
    params["Wh"] = normal([hiddenDim, k * hiddenDim], scale: Double(hiddenDim).squareRoot())
    params["b"] = .zeros(k * hiddenDim)
    params["W_vocab"] = normal([hiddenDim, v], scale: Double(hiddenDim).squareRoot())
    params["b_vocab"] = .zeros(v)
    if cellType == .gru { params["bh"] = .zeros(k * hiddenDim) }
    return params
}
