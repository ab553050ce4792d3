import Given
import Tensor

/// What `ShapesImageEncoder.backward` needs from `forward`.
public struct ImageEncoderCache<S: TensorScalar>: Sendable {
    /// Each stage's caches, first stage first.
    let stages: [(convolution: Conv2DCache<S>, pooling: MaxPoolCache, relu: Tensor<S>)]
    /// The flattened last stage's shape before flattening, `(N, C, H, W)`.
    let finalShape: [Int]
    /// The final affine layer's cache.
    let projection: AffineCache<S>
}

/// A small convolutional image encoder, the kit's stand-in for the original's VGG-16 fc7
/// features ("use a CNN network to capture features of an image"): it maps a batch of RGB
/// images to D-dimensional feature vectors the captioner projects to h0.
///
/// Each stage is `conv_relu_pool` (the original's layer_utils.py): a 3×3 convolution with
/// stride 1 and padding 1, then ReLU and 2×2 max pooling. Here the pooling comes first:
/// ReLU is monotone, so max(relu(a), relu(b)) = relu(max(a, b)) and the gradients agree
/// too, and ReLU then runs on a quarter of the values. After the last stage the maps are
/// flattened and an affine layer (Given's `affineForward`) gives the features.
///
/// Inputs are `(N, 3, S, S)` pixels scaled to [0, 1] (`RGBImage.tensor(of:)`); the encoder
/// subtracts 0.5 itself, so the first layer sees values centred on 0.
public struct ShapesImageEncoder<S: TensorScalar>: Sendable {
    /// The layer sizes.
    public let architecture: EncoderArchitecture
    /// The parameters by name (`W_conv1`, `b_conv1`, …, `W_fc`, `b_fc`); their shapes are
    /// those of `architecture.parameterShapes`.
    public private(set) var params: [String: Tensor<S>]

    /// An encoder with fresh weights drawn from `seed`: He initialisation (normal with
    /// variance 2 / fan-in) for the convolutions, which ReLU follows, variance 1 / fan-in
    /// for the affine layer; zero biases.
    ///
    /// - Throws: `VisionError.invalidArchitecture`.
    public init(architecture: EncoderArchitecture = .init(), seed: UInt64) throws(VisionError) {
        try architecture.validate()
        var generator = SeededGenerator(seed: seed)
        var params: [String: Tensor<S>] = [:]
        for name in architecture.parameterShapes.keys.sorted() {
            guard let shape = architecture.parameterShapes[name] else { continue }
            if shape.count == 1 {
                params[name] = .zeros(shape: shape)
            } else {
                let fanIn = shape.count == 4 ? shape[1...].reduce(1, *) : shape[0]
                let variance = (shape.count == 4 ? 2 : 1) / Double(fanIn)
                params[name] =
                    Tensor<S>.randomNormal(shape: shape, using: &generator)
                    * S(variance.squareRoot())
            }
        }
        self.architecture = architecture
        self.params = params
    }

    /// An encoder with the given parameters (from a checkpoint).
    ///
    /// - Throws: `VisionError.invalidArchitecture`, or `.parameterMismatch` naming a missing,
    ///   extra or misshapen parameter.
    public init(architecture: EncoderArchitecture, params: [String: Tensor<S>]) throws(VisionError)
    {
        try architecture.validate()
        let expected = architecture.parameterShapes
        for name in Set(expected.keys).union(params.keys).sorted()
        where params[name]?.shape != expected[name] {
            guard let shape = expected[name] else {
                throw .parameterMismatch("\(name) is not a parameter of this encoder")
            }
            guard let found = params[name] else {
                throw .parameterMismatch("the parameter \(name) is missing")
            }
            throw .parameterMismatch(
                "\(name) has shape \(found.shape.shapeDescription), the architecture needs "
                    + shape.shapeDescription)
        }
        self.architecture = architecture
        self.params = params
    }

    /// The features of a batch, and the cache for `backward`.
    ///
    /// - Parameter images: `(N, 3, S, S)` with values in [0, 1], S = `architecture.imageSize`.
    /// - Returns: features `(N, D)`.
    public func forward(_ images: Tensor<S>) -> (features: Tensor<S>, cache: ImageEncoderCache<S>) {
        let side = architecture.imageSize
        guard images.rank == 4, Array(images.shape.dropFirst()) == [3, side, side] else {
            shapeFailure(
                "ShapesImageEncoder.forward: images must be (N, 3, \(side), \(side)), got "
                    + images.shape.shapeDescription)
        }
        var h = images - S(0.5)
        var stages: [(Conv2DCache<S>, MaxPoolCache, Tensor<S>)] = []
        for stage in 1...architecture.channels.count {
            let names = EncoderArchitecture.convolutionNames(stage: stage)
            let (convolved, convolution) = conv2dForward(
                x: h, w: parameter(names.w), b: parameter(names.b), stride: 1, padding: 1)
            let (pooled, pooling) = maxPoolForward(x: convolved)
            let (activated, relu) = reluForward(x: pooled)
            stages.append((convolution, pooling, relu))
            h = activated
        }
        let names = EncoderArchitecture.projectionNames
        let (features, projection) = affineForward(
            x: h.reshaped(h.shape[0], -1), w: parameter(names.w), b: parameter(names.b))
        return (
            features,
            ImageEncoderCache(stages: stages, finalShape: h.shape, projection: projection)
        )
    }

    /// The features of a batch without keeping a cache, computed `chunk` images at a time
    /// so a whole data split fits in memory.
    public func features(of images: Tensor<S>, chunk: Int = 100) -> Tensor<S> {
        let count = images.shape.first ?? 0
        guard count > chunk else { return forward(images).features }
        let parts = stride(from: 0, to: count, by: chunk).map {
            forward(images[$0..<min($0 + chunk, count)]).features
        }
        return Tensor.concatenated(parts, alongAxis: 0)
    }

    /// The gradient of every parameter, by name, given the features' gradient.
    ///
    /// - Parameters: dFeatures `(N, D)`, the cache of `forward`.
    public func backward(
        _ dFeatures: Tensor<S>, cache: ImageEncoderCache<S>
    ) -> [String: Tensor<S>] {
        var grads: [String: Tensor<S>] = [:]
        let names = EncoderArchitecture.projectionNames
        let projection = affineBackward(dout: dFeatures, cache: cache.projection)
        (grads[names.w], grads[names.b]) = (projection.dw, projection.db)
        var dh = projection.dx.reshaped(to: cache.finalShape)
        for (index, stage) in cache.stages.enumerated().reversed() {
            let names = EncoderArchitecture.convolutionNames(stage: index + 1)
            let dPooled = reluBackward(dout: dh, cache: stage.relu)
            let dConvolved = maxPoolBackward(dout: dPooled, cache: stage.pooling)
            if index == 0 {
                // The pixels need no gradient: skip the input product and col2im.
                (grads[names.w], grads[names.b]) = conv2dWeightBackward(
                    dout: dConvolved, cache: stage.convolution)
            } else {
                (dh, grads[names.w], grads[names.b]) = conv2dBackward(
                    dout: dConvolved, cache: stage.convolution)
            }
        }
        return grads
    }

    /// Applies `update` to the parameter `name` in place (an optimiser step).
    ///
    /// Stops with a shape error if `update` changes the parameter's shape, or if `name`
    /// is not a parameter.
    public mutating func updateParameter(
        _ name: String, _ update: (inout Tensor<S>) -> Void
    ) {
        guard var value = params.removeValue(forKey: name) else {
            shapeFailure("ShapesImageEncoder has no parameter \(name)")
        }
        let shape = value.shape
        update(&value)
        guard value.shape == shape else {
            shapeFailure(
                "ShapesImageEncoder.updateParameter: \(name) changed shape from "
                    + "\(shape.shapeDescription) to \(value.shape.shapeDescription)")
        }
        params[name] = value
    }

    /// The parameter `name`; the initialisers guarantee every name of the architecture.
    private func parameter(_ name: String) -> Tensor<S> {
        guard let value = params[name] else {
            shapeFailure("ShapesImageEncoder has no parameter \(name)")
        }
        return value
    }
}
