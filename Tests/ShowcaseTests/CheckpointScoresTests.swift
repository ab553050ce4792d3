import Foundation
import Given
import Reference
import XCTest

@testable import Showcase

/// A checkpoint keeps the validation CIDEr-D and ROUGE-L beside BLEU, and reads files
/// written without them.
final class CheckpointScoresTests: XCTestCase {
    func checkpoint(ciderD: Double?, rougeL: Double?) throws -> Checkpoint {
        let vocabulary = ["<NULL>", "<START>", "<END>", "<UNK>", "cat"]
        let model = try CaptioningRNN<Float>(
            wordToIdx: Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) }),
            inputDim: 6, wordvecDim: 3, hiddenDim: 4, cellType: .rnn, seed: 3)
        let configuration = RunConfiguration(
            cellType: "rnn", hiddenDim: 4, wordvecDim: 3, inputDim: 6, data: "shapes", seed: 3,
            epochs: 1)
        return Checkpoint(
            configuration: configuration, vocabulary: vocabulary, epoch: 1, lossHistory: [2.5],
            bleu: [0.9, 0.8, 0.7, 0.6], ciderD: ciderD, rougeL: rougeL, params: model.params)
    }

    func testScoresSurviveTheRoundTrip() throws {
        let bytes = try checkpoint(ciderD: 6.125, rougeL: 0.875).encoded()
        let loaded = try Checkpoint(data: bytes, file: "scores.ckpt")
        XCTAssertEqual(loaded.ciderD, 6.125)
        XCTAssertEqual(loaded.rougeL, 0.875)
        XCTAssertEqual(loaded.bleu, [0.9, 0.8, 0.7, 0.6])
    }

    /// A header without the two keys (as every checkpoint written before them) reads as nil.
    func testCheckpointsWithoutScoresStillLoad() throws {
        let bytes = try checkpoint(ciderD: nil, rougeL: nil).encoded()
        let header = String(decoding: bytes.prefix(4096), as: UTF8.self)
        XCTAssertFalse(header.contains("ciderD") || header.contains("rougeL"))
        let loaded = try Checkpoint(data: bytes, file: "old.ckpt")
        XCTAssertNil(loaded.ciderD)
        XCTAssertNil(loaded.rougeL)
        XCTAssertEqual(loaded.bleu, [0.9, 0.8, 0.7, 0.6])
    }
}
