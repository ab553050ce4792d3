import Imaging
import Tensor
import Training
import Vision
import XCTest

/// A tiny encoder trained on rendered Shapes images learns: its loss falls, reproducibly.
final class EncoderTrainingTests: XCTestCase {
    /// 16×16 images, two small stages: seconds of CPU, not minutes.
    static let architecture = EncoderArchitecture(imageSize: 16, channels: [4, 8], featureDim: 16)

    func trained(seed: UInt64) throws -> EncoderTrainer {
        let dataset = try ShapesDataset(
            configuration: ShapesConfiguration(seed: 3, trainSceneCount: 40, valSceneCount: 0))
        let images = dataset.renderedImages(split: .train, size: 16)
        var trainer = try EncoderTrainer(
            architecture: Self.architecture,
            settings: EncoderTrainingSettings(
                epochs: 15, batchSize: 10, learningRate: 1e-2, lrDecay: 1, seed: seed))
        let encoder = trainer.model.encoder
        try trainer.train(
            targets: AttributeTargets(dataset.trainScenes),
            images: { try encoder.input($0.map { images[$0] }) })
        return trainer
    }

    func testTheLossFallsAndIsReproducible() throws {
        let trainer = try trained(seed: 5)
        let history = trainer.lossHistory
        XCTAssertEqual(history.count, 15 * 4)
        let first = history.prefix(4).reduce(0, +) / 4
        let last = history.suffix(4).reduce(0, +) / 4
        print("tiny encoder: mean loss of the first epoch \(first), of the last \(last)")
        XCTAssertLessThan(last, 0.6 * first)
        // The same seed gives the same run, bit for bit.
        XCTAssertEqual(try trained(seed: 5).lossHistory, history)
    }

    func testSettingsAreChecked() {
        XCTAssertThrowsError(
            try EncoderTrainer(settings: EncoderTrainingSettings(epochs: 0))
        ) { XCTAssertTrue("\($0)".contains("epochs (0)"), "\($0)") }
        XCTAssertThrowsError(
            try EncoderTrainer(
                architecture: EncoderArchitecture(imageSize: 20, channels: [4, 8, 8]))
        ) { XCTAssertTrue("\($0)".contains("divisible by 2^3"), "\($0)") }
    }

    /// Images of another size are resized to the encoder's, so any PNG can be captioned.
    func testInputResizesImages() throws {
        let encoder = try ShapesImageEncoder<Float>(architecture: Self.architecture, seed: 1)
        let image = try RGBImage(
            width: 40, height: 24, filledWith: RGB(red: 255, green: 0, blue: 0))
        let input = try encoder.input([image])
        XCTAssertEqual(input.shape, [1, 3, 16, 16])
        XCTAssertEqual(input[0, 0, 5, 5], 1)
        XCTAssertEqual(input[0, 1, 5, 5], 0)
        XCTAssertEqual(try encoder.features(of: [image, image]).shape, [2, 16])
    }
}
