import Tensor

/// The "image encoder" of the Shapes set: a scene's feature vector is the sum of one
/// fixed random vector per (position, attribute value) of each of its shapes, plus noise:
/// f = Σ_objects (E_occupied[p] + E_colour[p][c] + E_kind[p][k] + E_size[p][s]) + σ·ε.
///
/// Every entry of every E is N(0, 1/4); the vectors are drawn once per data set seed.
/// Binding each attribute to its position keeps "red circle left, blue square right"
/// apart from "blue circle left, red square right".
public struct ShapesFeatureEncoder: Sendable {
    /// D, the feature length.
    public let featureDim: Int
    private let occupied: [[Double]]
    private let colours: [[[Double]]]
    private let kinds: [[[Double]]]
    private let sizes: [[[Double]]]

    /// Draws the embedding vectors from `generator` (positions × values × D normals).
    public init(featureDim: Int, using generator: inout SeededGenerator) {
        self.featureDim = featureDim
        func vector() -> [Double] { (0..<featureDim).map { _ in 0.5 * generator.nextNormal() } }
        func table(_ count: Int) -> [[[Double]]] {
            ShapePosition.allCases.map { _ in (0..<count).map { _ in vector() } }
        }
        occupied = ShapePosition.allCases.map { _ in vector() }
        colours = table(ShapeColour.allCases.count)
        kinds = table(ShapeKind.allCases.count)
        sizes = table(ShapeSize.allCases.count)
    }

    /// The noise-free features of `scene`, length D.
    public func cleanFeatures(of scene: ShapesScene) -> [Double] {
        var f = [Double](repeating: 0, count: featureDim)
        for o in scene.objects {
            let p = index(of: o.position, in: ShapePosition.allCases)
            let terms = [occupied[p], colours[p][index(of: o.colour, in: ShapeColour.allCases)],
                         kinds[p][index(of: o.kind, in: ShapeKind.allCases)],
                         sizes[p][index(of: o.size, in: ShapeSize.allCases)]]
            for term in terms {
                for i in 0..<featureDim { f[i] += term[i] }
            }
        }
        return f
    }

    /// The features of `scene` with N(0, noise²) added to each entry, drawn from `generator`.
    public func features(of scene: ShapesScene, noise: Double,
                         using generator: inout SeededGenerator) -> [Double] {
        cleanFeatures(of: scene).map { $0 + noise * generator.nextNormal() }
    }

    private func index<T: Equatable>(of value: T, in all: [T]) -> Int {
        all.firstIndex(of: value) ?? 0
    }
}
