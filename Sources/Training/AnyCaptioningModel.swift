import Given
import Tensor

/// A type-erased captioning model: wraps any `any CaptioningModel<S>` so a solver,
/// which is generic over its model type, can train a model chosen at run time.
///
/// Setting `params` opens the existential and writes through to the wrapped model.
public struct AnyCaptioningModel<S: TensorScalar>: CaptioningModel {
    /// The wrapped model.
    public var base: any CaptioningModel<S>

    /// Wraps `base`.
    public init(_ base: any CaptioningModel<S>) { self.base = base }

    /// The wrapped model's parameters.
    public var params: [String: Tensor<S>] {
        get { base.params }
        set { base.params = newValue }
    }

    /// The wrapped model's `word_to_idx`.
    public var wordToIdx: [String: Int] { base.wordToIdx }

    /// The wrapped model's loss and gradients for features `(N, D)`, captions `(N, T + 1)`.
    public func loss(
        features: Tensor<S>, captions: Tensor<Int>
    ) throws
        -> (loss: S, gradients: [String: Tensor<S>])
    {
        try base.loss(features: features, captions: captions)
    }

    /// The wrapped model's greedy captions `(N, maxLength)` for features `(N, D)`.
    public func sample(features: Tensor<S>, maxLength: Int) throws -> Tensor<Int> {
        try base.sample(features: features, maxLength: maxLength)
    }
}
