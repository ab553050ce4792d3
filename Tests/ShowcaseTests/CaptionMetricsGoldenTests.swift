import Foundation
import XCTest

@testable import Showcase

/// CIDEr-D and ROUGE-L against the values the COCO caption evaluation code gave the corpora
/// of `Resources/golden_metrics/corpus.json` (provenance in `golden.json` and the folder's
/// README.md).
final class CaptionMetricsGoldenTests: XCTestCase {
    struct Corpora: Decodable {
        struct Corpus: Decodable {
            struct Image: Decodable {
                var candidate: String
                var references: [String]
            }
            var name: String
            var images: [Image]
        }
        var corpora: [Corpus]
    }

    struct Golden: Decodable {
        struct Scores: Decodable {
            var corpus: Double
            var images: [Double]
        }
        struct Corpus: Decodable {
            var name: String
            var ciderD: Scores
            var rougeL: Scores

            enum CodingKeys: String, CodingKey {
                case name
                case ciderD = "CIDEr-D"
                case rougeL = "ROUGE-L"
            }
        }
        var corpora: [Corpus]
    }

    /// One corpus in tokens, with its golden scores.
    struct Case {
        var name: String
        var candidates: [[String]]
        var references: [[[String]]]
        var golden: Golden.Corpus
    }

    func cases() throws -> [Case] {
        let decoder = JSONDecoder()
        let corpora = try decoder.decode(
            Corpora.self, from: TestResources.data("golden_metrics/corpus.json"))
        let golden = try decoder.decode(
            Golden.self, from: TestResources.data("golden_metrics/golden.json"))
        XCTAssertEqual(corpora.corpora.map(\.name), golden.corpora.map(\.name))
        let words = { (text: String) in text.split(separator: " ").map(String.init) }
        return zip(corpora.corpora, golden.corpora).map { corpus, golden in
            Case(
                name: corpus.name, candidates: corpus.images.map { words($0.candidate) },
                references: corpus.images.map { $0.references.map(words) }, golden: golden)
        }
    }

    /// The largest difference between scores and golden values, corpus score included.
    func largestError(_ scores: [Double], _ corpus: Double, _ golden: Golden.Scores) -> Double {
        XCTAssertEqual(scores.count, golden.images.count)
        return zip(scores + [corpus], golden.images + [golden.corpus])
            .map { abs($0 - $1) }.max() ?? .infinity
    }

    /// Every image's score and the corpus score equal the golden ones to 1e-6.
    func assertEqual(
        _ scores: [Double], _ corpus: Double, _ golden: Golden.Scores, _ name: String,
        line: UInt = #line
    ) {
        for (image, (ours, theirs)) in zip(scores, golden.images).enumerated() {
            XCTAssertEqual(ours, theirs, accuracy: 1e-6, "\(name), image \(image)", line: line)
        }
        XCTAssertEqual(corpus, golden.corpus, accuracy: 1e-6, name, line: line)
        XCTAssertEqual(scores.count, golden.images.count, name, line: line)
    }

    func testCIDErDEqualsTheCOCOCode() throws {
        let cases = try cases()
        XCTAssertEqual(cases.map(\.golden.ciderD.images.count), [12, 1, 3])
        for corpus in cases {
            let cider = CIDErD(candidates: corpus.candidates, references: corpus.references)
            assertEqual(cider.scores, cider.score, corpus.golden.ciderD, corpus.name)
        }
    }

    func testROUGELEqualsTheCOCOCode() throws {
        for corpus in try cases() {
            let rouge = ROUGEL(candidates: corpus.candidates, references: corpus.references)
            assertEqual(rouge.scores, rouge.score, corpus.golden.rougeL, corpus.name)
        }
    }

    /// Each classic slip in CIDEr-D misses the golden values by far more than the tolerance.
    func testTheGoldenValuesCatchCIDErMistakes() throws {
        let main = try XCTUnwrap(cases().first { $0.name == "main" })
        let mistakes: [(String, CIDErD)] = [
            (
                "counts not clipped",
                CIDErD(
                    candidates: main.candidates, references: main.references, maxOrder: 4,
                    sigma: 6, departures: .unclipped)
            ),
            (
                "no length penalty",
                CIDErD(
                    candidates: main.candidates, references: main.references, sigma: .infinity)
            ),
            (
                "document frequency over the candidates",
                CIDErD(
                    candidates: main.candidates, references: main.references, maxOrder: 4,
                    sigma: 6, departures: .documentFrequencyOverCandidates)
            ),
            (
                "n-grams up to 3",
                CIDErD(candidates: main.candidates, references: main.references, maxOrder: 3)
            ),
        ]
        for (mistake, cider) in mistakes {
            XCTAssertGreaterThan(
                largestError(cider.scores, cider.score, main.golden.ciderD), 1e-3, mistake)
        }
    }

    /// ROUGE-L with β = 1, or with the best F-measure of any one reference instead of the
    /// best precision and best recall taken separately, misses the golden values.
    func testTheGoldenValuesCatchROUGEMistakes() throws {
        let main = try XCTUnwrap(cases().first { $0.name == "main" })
        let balanced = ROUGEL(candidates: main.candidates, references: main.references, beta: 1)
        XCTAssertGreaterThan(
            largestError(balanced.scores, balanced.score, main.golden.rougeL), 1e-3, "β = 1")
        let bestSingle = zip(main.candidates, main.references).map { candidate, references in
            references.map { ROUGEL(candidates: [candidate], references: [[$0]]).score }.max()
                ?? 0
        }
        XCTAssertGreaterThan(
            largestError(
                bestSingle, bestSingle.reduce(0, +) / Double(bestSingle.count),
                main.golden.rougeL),
            1e-3, "best single reference")
    }
}
