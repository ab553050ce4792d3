import Tensor
import Training
import Vision
import XCTest

/// The whole encoder and the attribute loss, against central differences in Double:
/// loss = Σ features ⊙ R for a random R, so every feature's gradient path is exercised.
final class EncoderGradientTests: XCTestCase {
    /// Small enough for central differences over every parameter: 8×8 images, two stages
    /// (2 and 3 filters, so F ≠ C everywhere), 5 features.
    static let architecture = EncoderArchitecture(imageSize: 8, channels: [2, 3], featureDim: 5)

    func testEncoderGradients() throws {
        var g = SeededGenerator(seed: 8)
        let encoder = try ShapesImageEncoder<Double>(architecture: Self.architecture, seed: 9)
        let images = Tensor<Double>.randomUniform(shape: [2, 3, 8, 8], using: &g)
        let (features, cache) = encoder.forward(images)
        XCTAssertEqual(features.shape, [2, 5])
        let upstream = GradientChecking.normal(features.shape, &g)
        let grads = encoder.backward(upstream, cache: cache)
        XCTAssertEqual(Set(grads.keys), Set(Self.architecture.parameterShapes.keys))
        for name in grads.keys.sorted() {
            guard let value = encoder.params[name], let analytic = grads[name] else {
                return XCTFail("no \(name)")
            }
            let numeric = try numericGradient(at: value, upstream: upstream) { perturbed in
                var params = encoder.params
                params[name] = perturbed
                return try ShapesImageEncoder(architecture: Self.architecture, params: params)
                    .forward(images).features
            }
            // ReLU and max pooling are piecewise linear: away from their kinks only
            // round-off remains, but products of three layers carry more of it than one.
            GradientChecking.assertGradient(
                "encoder d\(name)", numeric: numeric, analytic: analytic, below: 1e-7)
        }
    }

    /// The read-out and the softmax heads: checks the model's loss gradient for every
    /// parameter, on scenes with one and two shapes (so masked heads are included).
    func testAttributeModelGradients() throws {
        var g = SeededGenerator(seed: 10)
        let model = try AttributeModel<Double>(architecture: Self.architecture, seed: 11)
        let scenes = (0..<3).map { _ in ShapesDataset.randomScene(using: &g) }
        let targets = AttributeTargets(scenes)
        let images = Tensor<Double>.randomUniform(shape: [3, 3, 8, 8], using: &g)
        let grads = model.loss(images: images, targets: targets).grads
        XCTAssertEqual(Set(grads.keys), Set(model.params.keys))
        for name in ["W_attr", "b_attr", "W_conv1", "b_fc"] {
            guard let analytic = grads[name], let value = model.params[name] else {
                return XCTFail("no gradient of \(name)")
            }
            let numeric = numericGradient(at: value) { perturbed in
                var probe = model
                probe.updateParameter(name) { $0 = perturbed }
                return probe.loss(images: images, targets: targets).loss
            }
            GradientChecking.assertGradient(
                "attribute model d\(name)", numeric: numeric, analytic: analytic, below: 1e-6)
        }
    }

    func testAttributeLossByHand() {
        // One scene, one shape on the left; all scores 0: each scored group costs log(size).
        let scene = ShapesScene(objects: [
            ShapeObject(
                colour: .red, kind: .circle, size: .small, position: .left, centerX: 0.25,
                centerY: 0.5, radius: 0.07)
        ])
        let targets = AttributeTargets([scene])
        let (loss, dScores) = targets.loss(scores: Tensor<Double>.zeros(1, 60))
        let expected = log(2.0) + log(6.0) + log(5.0) + log(2.0) + 3 * log(2.0)
        XCTAssertEqual(loss, expected, accuracy: 1e-12)
        // Left is position 0: occupancy column 1 is the right answer, so its gradient is −½.
        XCTAssertEqual(dScores[0, 1], -0.5, accuracy: 1e-12)
        // The right position is empty: colour columns there are not scored.
        XCTAssertEqual(dScores[0, 15 + 2], 0)
    }
}
