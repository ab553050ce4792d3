import Foundation
import Imaging
import Showcase
import Training
import XCTest

/// A run on pixels shows the images the model captioned, as PNG data URIs.
final class RunReportImageTests: XCTestCase {
    func testPixelRunsShowTheirImages() throws {
        let dataset = try ShapesDataset(
            configuration: ShapesConfiguration(seed: 1, trainSceneCount: 0, valSceneCount: 2))
        let images = dataset.renderedImages(split: .val, size: 16)
        let evaluation = try CaptionEvaluation(data: dataset.data, limit: 2) { features in
            (0..<features.shape[0]).map { _ in [2] }
        }
        func page(_ images: [RGBImage]?) -> String {
            RunReport(
                title: "t", configuration: RunConfiguration(), lossHistory: [1],
                evaluation: evaluation, decoding: "greedy", valScenes: dataset.valScenes,
                trainingSeconds: 1, valImages: images
            ).html()
        }
        let withImages = page(images)
        let uri = "data:image/png;base64," + Data(images[0].pngData()).base64EncodedString()
        XCTAssertTrue(withImages.contains(uri))
        XCTAssertFalse(
            withImages.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\""))
        // Without images the scenes are drawn from their attributes, as before.
        XCTAssertFalse(page(nil).contains("data:image/png"))
        XCTAssertTrue(
            page(nil).contains("<polygon") || page(nil).contains("<circle")
                || page(nil).contains("<rect x"))
    }
}
