import Tensor

/// The "image encoder" of the Shapes set: a scene's feature vector is the sum of fixed
/// random vectors for each of its shapes, plus noise:
/// f = Σ_objects (E_occupied[p] + E_colour[p][c] + E_kind[p][k] + E_size[p][s]
/// + E_object[p][c, k, s]) + σ·ε.
///
/// Attribute vectors have entries N(0, scale²), whole-object vectors N(0, objectScale²);
/// all are drawn once per data set seed. The large whole-object vectors keep different
/// objects nearly orthogonal (like a bag of detected objects), which a small model can
/// memorise quickly.
/// Binding each attribute to its position keeps "red circle left, blue square right"
/// apart from "blue circle left, red square right".
public struct ShapesFeatureEncoder: Sendable {
    /// D, the feature length.
    public let featureDim: Int
    private let occupied: [[Double]]
    private let colours: [[[Double]]]
    private let kinds: [[[Double]]]
    private let sizes: [[[Double]]]
    private let objects: [[[Double]]]

    /// Draws the embedding vectors from `generator` (positions × values × D normals).
    public init(
        featureDim: Int, scale: Double, objectScale: Double,
        using generator: inout SeededGenerator
    ) {
        self.featureDim = featureDim
        func vector(_ s: Double = scale) -> [Double] {
            (0..<featureDim).map { _ in s * generator.nextNormal() }
        }
        func table(_ count: Int, _ s: Double = scale) -> [[[Double]]] {
            ShapePosition.allCases.map { _ in (0..<count).map { _ in vector(s) } }
        }
        occupied = ShapePosition.allCases.map { _ in vector() }
        colours = table(ShapeColour.allCases.count)
        kinds = table(ShapeKind.allCases.count)
        sizes = table(ShapeSize.allCases.count)
        objects = table(
            ShapeColour.allCases.count * ShapeKind.allCases.count
                * ShapeSize.allCases.count, objectScale)
    }

    /// The noise-free features of `scene`, length D.
    public func cleanFeatures(of scene: ShapesScene) -> [Double] {
        var f = [Double](repeating: 0, count: featureDim)
        for o in scene.objects {
            let p = index(of: o.position, in: ShapePosition.allCases)
            let (c, k, s) = (
                index(of: o.colour, in: ShapeColour.allCases),
                index(of: o.kind, in: ShapeKind.allCases),
                index(of: o.size, in: ShapeSize.allCases)
            )
            let combination = (c * ShapeKind.allCases.count + k) * ShapeSize.allCases.count + s
            let terms = [
                occupied[p], colours[p][c], kinds[p][k], sizes[p][s],
                objects[p][combination],
            ]
            for term in terms {
                for i in 0..<featureDim { f[i] += term[i] }
            }
        }
        return f
    }

    /// The features of `scene` with N(0, noise²) added to each entry, drawn from `generator`.
    public func features(
        of scene: ShapesScene, noise: Double,
        using generator: inout SeededGenerator
    ) -> [Double] {
        cleanFeatures(of: scene).map { $0 + noise * generator.nextNormal() }
    }

    private func index<T: Equatable>(of value: T, in all: [T]) -> Int {
        all.firstIndex(of: value) ?? 0
    }
}
