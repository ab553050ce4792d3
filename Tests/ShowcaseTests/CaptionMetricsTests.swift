import Foundation
import Training
import XCTest

@testable import Showcase

/// CIDEr-D and ROUGE-L beyond the golden values: their parts, edge cases, and where the kit
/// shows them.
final class CaptionMetricsTests: XCTestCase {
    func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    func testLongestCommonSubsequence() {
        let lcs = { (a: String, b: String) in
            ROUGEL.longestCommonSubsequence(self.words(a), self.words(b))
        }
        XCTAssertEqual(lcs("a b c d e", "a c e x"), 3)
        XCTAssertEqual(lcs("a c e x", "a b c d e"), 3)
        XCTAssertEqual(lcs("a a a", "a b a"), 2)
        XCTAssertEqual(lcs("square blue a", "a blue square"), 1)
        XCTAssertEqual(lcs("", "a b"), 0)
        XCTAssertEqual(lcs("a b", ""), 0)
    }

    /// Hand-computed: LCS 3 of a 4-word candidate and a 6-word reference gives P = 3/4,
    /// R = 1/2 and F = (1 + 1.44) · 3/8 / (1/2 + 1.44 · 3/4).
    func testROUGELByHand() {
        let rouge = ROUGEL(
            candidates: [words("a red circle left")],
            references: [[words("a big red circle on top")]])
        XCTAssertEqual(rouge.scores[0], 2.44 * 0.375 / (0.5 + 1.44 * 0.75), accuracy: 1e-12)
    }

    func testEmptyCorporaAndImagesWithoutReferencesScoreZero() {
        XCTAssertEqual(CIDErD(candidates: [], references: []).score, 0)
        XCTAssertEqual(ROUGEL(candidates: [], references: []).score, 0)
        let candidates = [words("a red circle"), words("a blue square")]
        let references = [[words("a red circle")], []]
        XCTAssertEqual(CIDErD(candidates: candidates, references: references).scores[1], 0)
        XCTAssertEqual(ROUGEL(candidates: candidates, references: references).scores, [1, 0])
    }

    /// Every image's score depends on the corpus only through the document frequencies, so
    /// shuffling the images shuffles the scores, to the last bit.
    func testScoresFollowTheirImagesWhenTheCorpusIsReordered() {
        let candidates = ["a red circle", "a blue square left of a circle", "circle", "a a a"]
            .map(words)
        let references = [
            ["a red circle", "a small red circle"], ["a blue square left of a red circle"],
            ["a green circle", "one circle"], ["a triangle", "a green triangle"],
        ].map { $0.map(words) }
        let order = [2, 0, 3, 1]
        let cider = CIDErD(candidates: candidates, references: references)
        let shuffled = CIDErD(
            candidates: order.map { candidates[$0] }, references: order.map { references[$0] })
        XCTAssertEqual(shuffled.scores, order.map { cider.scores[$0] })
        XCTAssertGreaterThan(cider.scores[0], cider.scores[3])
    }

    /// The validation evaluation scores its captions with all three metrics, and the report
    /// shows them.
    func testEvaluationAndReportCarryCIDErDAndROUGEL() throws {
        let shapes = try ShapesDataset(configuration: .init(trainSceneCount: 4, valSceneCount: 3))
        let evaluation = try CaptionEvaluation(data: shapes.data) { features in
            (0..<features.shape[0]).map { _ in [4, 2] }  // "a <END>"
        }
        let candidates = evaluation.examples.map { BLEU.tokens($0.generated) }
        let truths = evaluation.examples.map { $0.truths.map(BLEU.tokens) }
        XCTAssertEqual(evaluation.ciderD, CIDErD(candidates: candidates, references: truths))
        XCTAssertEqual(evaluation.rougeL, ROUGEL(candidates: candidates, references: truths))
        XCTAssertGreaterThan(evaluation.rougeL.score, 0)
        let html = RunReport(
            title: "t", configuration: RunConfiguration(), lossHistory: [3, 2, 1],
            evaluation: evaluation, decoding: "greedy", valScenes: nil, trainingSeconds: 1
        ).html()
        XCTAssertTrue(html.contains("<th>CIDEr-D</th><th>ROUGE-L</th>"))
        XCTAssertTrue(
            html.contains(
                "<td>\(String(format: "%.3f", evaluation.ciderD.score))</td>"
                    + "<td>\(String(format: "%.3f", evaluation.rougeL.score))</td></tr>"))
    }
}
