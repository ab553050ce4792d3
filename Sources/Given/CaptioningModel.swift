import Tensor

/// What a solver needs of an image-captioning model, whoever wrote it: its parameters
/// by name, a loss with gradients, and greedy sampling.
public protocol CaptioningModel<Scalar> {
    /// The floating-point type of the parameters and features.
    associatedtype Scalar: TensorScalar
    /// The learnable parameters by their names in the original (`W_embed`, `Wx`, ...).
    var params: [String: Tensor<Scalar>] { get set }
    /// The token to index map (`word_to_idx`), with `<NULL>` and usually `<START>`, `<END>`.
    var wordToIdx: [String: Int] { get }
    /// The loss of a minibatch and the gradient of every parameter, keyed like `params`.
    ///
    /// - Parameters: features `(N, D)`, captions `(N, T + 1)` word indices.
    func loss(
        features: Tensor<Scalar>, captions: Tensor<Int>
    ) throws
        -> (loss: Scalar, gradients: [String: Tensor<Scalar>])
    /// Greedy captions `(N, maxLength)` for features `(N, D)`, the words after `<START>`.
    func sample(features: Tensor<Scalar>, maxLength: Int) throws -> Tensor<Int>
}
