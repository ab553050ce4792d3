import Foundation
import Training
import XCTest

@testable import Showcase

final class DataLoadingTests: XCTestCase {
    func check(_ data: CaptioningData<Float>) {
        XCTAssertEqual(data.trainCaptions.shape, [4, 5])
        XCTAssertEqual(data.trainImageIdxs.scalars, [0, 1, 2, 0])
        XCTAssertEqual(data.trainFeatures.shape, [3, 4])
        XCTAssertEqual(data.valFeatures.scalars, (0..<8).map { -Float($0) })
        XCTAssertEqual(data.idxToWord[5], "cat")
        XCTAssertEqual(data.wordToIdx["dog"], 6)
        XCTAssertEqual(
            data.decodeCaptions(data.valCaptions), ["<START> a dog <END>", "<START> dog <END>"])
    }

    func testCOCOFolderOfNPYFiles() throws {
        check(try COCOLoader.load(directory: TestResources.url("coco_tiny")))
    }

    func testCOCOFolderWithNPZArchive() throws {
        check(try COCOLoader.load(directory: TestResources.url("coco_tiny_npz")))
    }

    func testMissingFolderAndFilesAreNamed() throws {
        XCTAssertThrowsError(try COCOLoader.load(directory: URL(fileURLWithPath: "/no/coco"))) {
            XCTAssertTrue("\($0)".contains("/no/coco"), "\($0)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coco-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in [
            "train_captions", "train_image_idxs", "train_features", "val_captions",
            "val_image_idxs",
        ] {
            try FileManager.default.copyItem(
                at: TestResources.url("coco_tiny/\(name).npy"),
                to: folder.appendingPathComponent("\(name).npy"))
        }
        try FileManager.default.copyItem(
            at: TestResources.url("coco_tiny/coco2014_vocab.json"),
            to: folder.appendingPathComponent("coco2014_vocab.json"))
        XCTAssertThrowsError(try COCOLoader.load(directory: folder)) {
            XCTAssertTrue("\($0)".contains("val_features"), "\($0)")
        }
        try Data("not json".utf8).write(to: folder.appendingPathComponent("coco2014_vocab.json"))
        XCTAssertThrowsError(try COCOLoader.load(directory: folder)) {
            XCTAssertTrue("\($0)".contains("coco2014_vocab.json"), "\($0)")
        }
    }

    /// decode follows the original: drops <NULL>, keeps <START>, stops after the first <END>.
    func testDecode() {
        let vocabulary = ["<NULL>", "<START>", "<END>", "<UNK>", "a", "cat"]
        XCTAssertEqual(
            decodeCaption([1, 4, 0, 5, 2, 4, 5], idxToWord: vocabulary),
            "<START> a cat <END>")
        XCTAssertEqual(decodeCaption([4, 5], idxToWord: vocabulary), "a cat")
        XCTAssertEqual(CaptionEvaluation.clean("<START> a cat <END>"), "a cat")
    }

    func testShapesSceneSVGAndReport() throws {
        let shapes = try ShapesDataset(configuration: .init(trainSceneCount: 4, valSceneCount: 3))
        let svg = SceneSVG.svg(shapes.valScenes[0])
        XCTAssertTrue(
            svg.hasPrefix("<svg") && svg.contains(shapes.valScenes[0].objects[0].colour.hex))
        let evaluation = try CaptionEvaluation(data: shapes.data) { features in
            (0..<features.shape[0]).map { _ in [4, 2] }  // "a <END>"
        }
        XCTAssertEqual(evaluation.examples.count, 3)
        XCTAssertEqual(evaluation.examples[0].generated, "a")
        let html = RunReport(
            title: "t", configuration: RunConfiguration(), lossHistory: [3, 2, 1],
            evaluation: evaluation, decoding: "greedy", valScenes: shapes.valScenes,
            trainingSeconds: 1
        ).html()
        XCTAssertTrue(
            html.contains("<polyline") && html.contains("BLEU-4") && html.contains("<svg"))
        XCTAssertFalse(
            html.contains("<script") || html.contains("http://") && !html.contains("xmlns"))
    }
}
