import Given
import Tensor

/// An encoder with a linear read-out of a scene's attributes on top: the model the encoder
/// is trained as. scores = features · W_attr + b_attr, `(N, 60)`, scored by
/// ``AttributeTargets/loss(scores:)``. The read-out is linear on purpose: the captioner
/// also sees the features only through a linear map (W_proj), so features from which the
/// attributes can be read linearly are what it needs.
public struct AttributeModel<S: TensorScalar>: Sendable {
    /// The image encoder.
    public var encoder: ShapesImageEncoder<S>
    /// The read-out, `(D, 60)`.
    public private(set) var readOutWeights: Tensor<S>
    /// The read-out's biases, `(60,)`.
    public private(set) var readOutBiases: Tensor<S>

    /// The parameter names of the read-out.
    public static var readOutNames: (w: String, b: String) { ("W_attr", "b_attr") }

    /// A model with a fresh encoder and read-out, all drawn from `seed`.
    ///
    /// - Throws: `VisionError.invalidArchitecture`.
    public init(architecture: EncoderArchitecture = .init(), seed: UInt64) throws(VisionError) {
        encoder = try ShapesImageEncoder(architecture: architecture, seed: seed)
        var generator = SeededGenerator(seed: seed &+ 0x5EED)
        let d = architecture.featureDim
        readOutWeights =
            Tensor<S>.randomNormal(shape: [d, AttributeTargets.scoreCount], using: &generator)
            * S((1 / Double(d)).squareRoot())
        readOutBiases = .zeros(AttributeTargets.scoreCount)
    }

    /// Every parameter by name: the encoder's and the read-out's.
    public var params: [String: Tensor<S>] {
        encoder.params.merging(
            [Self.readOutNames.w: readOutWeights, Self.readOutNames.b: readOutBiases]
        ) { first, _ in first }
    }

    /// The attribute scores `(N, 60)` of a batch of images `(N, 3, S, S)`.
    public func scores(_ images: Tensor<S>) -> Tensor<S> {
        affineForward(x: encoder.forward(images).features, w: readOutWeights, b: readOutBiases)
            .out
    }

    /// The loss on a batch and the gradient of every parameter (the encoder's and the
    /// read-out's), by name.
    public func loss(
        images: Tensor<S>, targets: AttributeTargets
    ) -> (loss: S, grads: [String: Tensor<S>]) {
        let (features, encoderCache) = encoder.forward(images)
        let (scores, readOut) = affineForward(x: features, w: readOutWeights, b: readOutBiases)
        let (loss, dScores) = targets.loss(scores: scores)
        let d = affineBackward(dout: dScores, cache: readOut)
        var grads = encoder.backward(d.dx, cache: encoderCache)
        (grads[Self.readOutNames.w], grads[Self.readOutNames.b]) = (d.dw, d.db)
        return (loss, grads)
    }

    /// Applies `update` to the parameter `name` (of the encoder or the read-out) in place.
    public mutating func updateParameter(_ name: String, _ update: (inout Tensor<S>) -> Void) {
        switch name {
        case Self.readOutNames.w: updateKeepingShape(&readOutWeights, name, update)
        case Self.readOutNames.b: updateKeepingShape(&readOutBiases, name, update)
        default: encoder.updateParameter(name, update)
        }
    }

    private func updateKeepingShape(
        _ value: inout Tensor<S>, _ name: String, _ update: (inout Tensor<S>) -> Void
    ) {
        let shape = value.shape
        update(&value)
        guard value.shape == shape else {
            shapeFailure("AttributeModel.updateParameter: \(name) changed shape")
        }
    }
}
