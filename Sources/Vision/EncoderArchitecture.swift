/// The layer sizes of a ``ShapesImageEncoder``: square RGB images of `imageSize` pixels go
/// through one stage per entry of `channels` (a 3×3 convolution with padding 1, 2×2 max
/// pooling, ReLU), and the last stage's maps, flattened, through an affine layer to
/// `featureDim` features (D, the captioner's input size).
public struct EncoderArchitecture: Sendable, Codable, Hashable {
    /// The side of the (square) input images in pixels.
    public var imageSize: Int
    /// The filters of each convolution stage, first stage first.
    public var channels: [Int]
    /// D, the length of each image's feature vector.
    public var featureDim: Int

    /// The default: 64×64 images, stages of 16, 32 and 64 filters (64 → 32 → 16 → 8
    /// pixels), 64·8·8 = 4096 values projected to 512 features (the size of the PCA'd VGG
    /// features the original assignment hands out).
    public init(imageSize: Int = 64, channels: [Int] = [16, 32, 64], featureDim: Int = 512) {
        (self.imageSize, self.channels, self.featureDim) = (imageSize, channels, featureDim)
    }

    /// The input channels: red, green, blue.
    public static let inputChannels = 3

    /// The side of the last stage's maps: each stage halves it.
    public var finalSide: Int { imageSize >> channels.count }

    /// The length of the flattened last stage, the affine layer's input.
    public var flattenedSize: Int { (channels.last ?? Self.inputChannels) * finalSide * finalSide }

    /// The name of stage `stage`'s (from 1) filters and biases.
    public static func convolutionNames(stage: Int) -> (w: String, b: String) {
        ("W_conv\(stage)", "b_conv\(stage)")
    }

    /// The names of the final affine layer's weights and biases.
    public static let projectionNames = (w: "W_fc", b: "b_fc")

    /// Every parameter's shape, by name.
    public var parameterShapes: [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        var previous = Self.inputChannels
        for (index, filters) in channels.enumerated() {
            let names = Self.convolutionNames(stage: index + 1)
            shapes[names.w] = [filters, previous, 3, 3]
            shapes[names.b] = [filters]
            previous = filters
        }
        shapes[Self.projectionNames.w] = [flattenedSize, featureDim]
        shapes[Self.projectionNames.b] = [featureDim]
        return shapes
    }

    /// Checks that the sizes make an encoder: at least one stage, positive sizes, and an
    /// image side that every stage can halve exactly.
    ///
    /// - Throws: `VisionError.invalidArchitecture` naming the first problem.
    public func validate() throws(VisionError) {
        guard !channels.isEmpty, channels.count <= 8 else {
            throw .invalidArchitecture("it needs 1 to 8 stages, got \(channels.count)")
        }
        guard channels.allSatisfy({ $0 > 0 && $0 <= 4096 }), featureDim > 0, featureDim <= 65536
        else {
            throw .invalidArchitecture(
                "channels \(channels) and feature size \(featureDim) must be positive (at most "
                    + "4096 filters, 65536 features)")
        }
        guard imageSize > 0, imageSize <= 1024, imageSize % (1 << channels.count) == 0 else {
            throw .invalidArchitecture(
                "the image side \(imageSize) must be positive, at most 1024 and divisible by "
                    + "2^\(channels.count) (each of the \(channels.count) stages halves it)")
        }
    }
}
