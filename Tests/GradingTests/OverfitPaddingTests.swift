import Given
import Reference
import Tensor
import Training
import XCTest

@testable import Grading

/// The overfit runs drop the caption columns at the end that are `<NULL>` in every caption
/// (Shapes pads to COCO's 17 tokens, its overfit captions have at most 12): a third of the
/// recurrences' work, which no loss or gradient of a correct model depends on.
final class OverfitPaddingTests: XCTestCase {
    func testOnlyColumnsThatAreNullInEveryCaptionAreDropped() {
        // <NULL> is 7 here (any vocabulary): columns 4 and 5 are padding in both captions,
        // column 3 is padding in the first only.
        let captions = Tensor<Int>(
            shape: [2, 6], scalars: [1, 5, 2, 7, 7, 7, 1, 5, 6, 2, 7, 7])
        let trimmed = OverfitChecks.withoutSharedPadding(captions, null: 7)
        XCTAssertEqual(trimmed.shape, [2, 4])
        XCTAssertEqual(trimmed.scalars, [1, 5, 2, 7, 1, 5, 6, 2])
        // A caption that reaches the last column keeps every column.
        let full = Tensor<Int>(shape: [2, 3], scalars: [1, 2, 0, 1, 5, 2])
        XCTAssertEqual(OverfitChecks.withoutSharedPadding(full, null: 0).scalars, full.scalars)
        // Padding only: <START> and one more column stay, so there is a time step.
        let padding = Tensor<Int>(repeating: 0, shape: [3, 5])
        XCTAssertEqual(OverfitChecks.withoutSharedPadding(padding, null: 0).shape, [3, 2])
    }

    func testTheDroppedColumnsChangeNeitherTheLossNorAGradient() throws {
        let shapes = try ShapesDataset(configuration: .init(seed: 231))
        var generator = SeededGenerator(seed: 231)
        let small = try shapes.data.subsetTrain(maxTrain: 50, using: &generator)
        let captions = small.trainCaptions
        let trimmed = OverfitChecks.withoutSharedPadding(
            captions, null: small.wordToIdx["<NULL>"] ?? 0)
        XCTAssertLessThan(trimmed.shape[1], captions.shape[1], "no shared padding to drop")
        let features = Tensor<Double>(converting: small.trainFeatures[rows: small.trainImageIdxs])
        for cell in CellType.allCases {
            for seed: UInt64 in [231, 7] {
                let model = try CaptioningRNN<Double>(
                    wordToIdx: small.wordToIdx, inputDim: features.shape[1], wordvecDim: 8,
                    hiddenDim: 16, cellType: cell, seed: seed)
                let padded = try model.loss(features: features, captions: captions)
                let short = try model.loss(features: features, captions: trimmed)
                XCTAssertEqual(short.loss, padded.loss, accuracy: 1e-12 * abs(padded.loss))
                for (name, gradient) in padded.gradients {
                    let other = try XCTUnwrap(short.gradients[name], name)
                    let scale = max(gradient.scalars.map(abs).max() ?? 0, 1e-300)
                    let worst = zip(gradient.scalars, other.scalars).map { abs($0 - $1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(
                        worst / scale, 1e-12, "\(cell) seed \(seed): \(name) differs by \(worst)")
                }
            }
        }
    }
}
