import Given
import Tensor
import XCTest

@testable import Reference

/// Word indices outside 0 ..< V (V = word_to_idx.count, the rows of W_embed) are refused
/// with an error naming the index and where it is, never looked up (which trapped).
final class WordIndexRangeTests: XCTestCase {
    func testAStartTokenPastTheVocabularyIsRefusedWhenSampling() throws {
        // word_to_idx may skip indices, as the original's toy vocabulary does (V = 3 here,
        // with <START> at 7): building the model is allowed, looking <START> up is not.
        let model = try CaptioningRNN<Double>(
            wordToIdx: ["<NULL>": 0, "<START>": 7, "cat": 1],
            inputDim: 2, wordvecDim: 3, hiddenDim: 4)
        XCTAssertEqual(model.vocabSize, 3)
        XCTAssertThrowsError(try model.sample(features: .zeros(2, 2), maxLength: 3)) { error in
            XCTAssertEqual(
                error as? CaptioningError,
                .malformedCaptions(
                    "word_to_idx maps <START> to the word index 7, outside the vocabulary's 0..<3 "
                        + "(the rows of W_embed)"))
        }
    }

    func testCaptionWordsOutsideTheVocabularyAreNamedWithTheirPosition() throws {
        let model = try CaptioningRNN<Double>(
            wordToIdx: ["<NULL>": 0, "<START>": 1, "cat": 2],
            inputDim: 2, wordvecDim: 3, hiddenDim: 4)
        for (captions, message) in [
            (
                Tensor<Int>([[1, 2, 0], [1, 3, 0]]),
                "captions[1, 1] = 3 is not a word index in 0..<3"
            ),
            (
                Tensor<Int>([[1, 2, -1], [1, 2, 0]]),
                "captions[0, 2] = -1 is not a word index in 0..<3"
            ),
        ] {
            XCTAssertThrowsError(try model.loss(features: .zeros(2, 2), captions: captions)) {
                XCTAssertEqual($0 as? CaptioningError, .malformedCaptions(message))
            }
        }
    }
}
