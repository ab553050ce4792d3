import Given
import Reference
import Tensor
import XCTest

@testable import Showcase

/// The decoder the `captioning` tool samples with refuses word indices, features and
/// states that do not fit its parameters, naming them, instead of reading past a table.
final class DecoderInputTests: XCTestCase {
    let words = ["<NULL>": 0, "<START>": 1, "<END>": 2, "x": 3]

    func decoder() throws -> RecurrentDecoder<Double> {
        let model = try CaptioningRNN<Double>(
            wordToIdx: words, inputDim: 3, wordvecDim: 2,
            hiddenDim: 4, cellType: .lstm, seed: 1)
        return try RecurrentDecoder(params: model.params, wordToIdx: words, cellType: .lstm)
    }

    func testWordsOutsideTheVocabularyAreRefusedWithTheirPosition() throws {
        let decoder = try decoder()
        let state = try decoder.initialState(features: .zeros(2, 3))
        XCTAssertThrowsError(try decoder.step(words: [1, 4], state: state)) {
            XCTAssertEqual(
                $0 as? SamplingError,
                .wordOutOfRange(word: "words[1]", index: 4, vocabularySize: 4))
            XCTAssertEqual(
                "\($0)",
                "cannot sample: words[1] is the word index 4, outside the "
                    + "vocabulary's 0..<4")
        }
        XCTAssertThrowsError(try decoder.score(features: .zeros(1, 3), words: [3, -1])) {
            XCTAssertEqual(
                $0 as? SamplingError,
                .wordOutOfRange(word: "words[1]", index: -1, vocabularySize: 4))
        }
        XCTAssertNoThrow(try decoder.score(features: .zeros(1, 3), words: [3, 2]))
    }

    func testATokenPastTheVocabularyIsRefusedWhenBuilding() throws {
        let model = try CaptioningRNN<Double>(
            wordToIdx: words, inputDim: 3, wordvecDim: 2,
            hiddenDim: 4, cellType: .rnn, seed: 1)
        // A fifth word makes V = 5, which W_embed's 4 rows do not fit.
        var skipping = words
        skipping["y"] = 4
        XCTAssertThrowsError(
            try RecurrentDecoder(
                params: model.params, wordToIdx: skipping,
                cellType: .rnn)
        ) {
            XCTAssertEqual(
                $0 as? SamplingError,
                .badParameter(
                    "the parameter shapes do not fit a rnn network with a vocabulary of 5 words: "
                        + "W_embed has shape [4, 2], expected [5, 2]"))
        }
        let tooFar = ["<NULL>": 0, "<START>": 4, "<END>": 2, "x": 3]
        XCTAssertThrowsError(
            try RecurrentDecoder(
                params: model.params, wordToIdx: tooFar,
                cellType: .rnn)
        ) {
            XCTAssertEqual(
                $0 as? SamplingError,
                .wordOutOfRange(word: "<START>", index: 4, vocabularySize: 4))
        }
    }

    func testMisshapenParametersFeaturesAndStatesAreRefused() throws {
        let model = try CaptioningRNN<Double>(
            wordToIdx: words, inputDim: 3, wordvecDim: 2,
            hiddenDim: 4, cellType: .rnn, seed: 1)
        var params = model.params
        params["Wh"] = .zeros(4, 5)
        XCTAssertThrowsError(try RecurrentDecoder(params: params, wordToIdx: words, cellType: .rnn))
        {
            XCTAssertTrue("\($0)".contains("Wh has shape [4, 5], expected [4, 4]"), "\($0)")
        }
        let decoder = try RecurrentDecoder(params: model.params, wordToIdx: words, cellType: .rnn)
        XCTAssertThrowsError(try decoder.greedy(features: .zeros(2, 5), maxLength: 3)) {
            XCTAssertEqual($0 as? SamplingError, .invalidFeatures("expected (N, 3), got (2, 5)"))
        }
        XCTAssertThrowsError(try decoder.beamSearch(features: .zeros(3), width: 2, maxLength: 3))
        let state = try decoder.initialState(features: .zeros(2, 3))
        XCTAssertThrowsError(try decoder.step(words: [1], state: state)) {
            XCTAssertTrue("\($0)".contains("1 words need states of shape (1, 4)"), "\($0)")
        }
    }
}
