import XCTest

@testable import Showcase

final class BLEUTests: XCTestCase {
    func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    func testIdenticalCaptionsScoreOne() {
        let caption = words("a small red circle on the left")
        let bleu = BLEU(candidates: [caption, caption], references: [[caption], [caption]])
        for score in bleu.scores { XCTAssertEqual(score, 1, accuracy: 1e-12) }
        XCTAssertEqual(bleu.brevityPenalty, 1)
    }

    /// Papineni et al.'s example of clipping: modified unigram precision 2/7.
    func testClippedUnigramPrecision() {
        let bleu = BLEU(
            candidates: [words("the the the the the the the")],
            references: [
                [
                    words("the cat is on the mat"),
                    words("there is a cat on the mat"),
                ]
            ])
        XCTAssertEqual(bleu.precisions[0], 2.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(bleu.brevityPenalty, 1)  // closest reference length 7
        XCTAssertEqual(bleu.scores[0], 2.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(bleu.scores[3], 0)  // no matching 2-grams
    }

    /// A short candidate: precisions 1 but BP = exp(1 − 6/2).
    func testBrevityPenalty() {
        let bleu = BLEU(
            candidates: [words("the cat")], references: [[words("the cat is on the mat")]])
        XCTAssertEqual(bleu.scores[0], exp(-2.0), accuracy: 1e-12)
        XCTAssertEqual(bleu.scores[1], exp(-2.0), accuracy: 1e-12)
        XCTAssertEqual(bleu.scores[2], 0)  // no 3-grams in a 2-word candidate
    }

    /// Closest reference length, ties to the shorter one.
    func testEffectiveReferenceLength() {
        let bleu = BLEU(
            candidates: [words("a b c d")],
            references: [[words("a b c"), words("a b c d e")]])
        XCTAssertEqual(bleu.referenceLength, 3)
        XCTAssertEqual(bleu.brevityPenalty, 1)
    }

    /// Checked against an independent few lines of Python (corpus BLEU as in NLTK, no
    /// smoothing):
    ///
    ///     def ngrams(ws, n): return Counter(tuple(ws[i:i+n]) for i in range(len(ws)-n+1))
    ///     m, t, c, r = [0]*4, [0]*4, 0, 0
    ///     for cand, refs in zip(cands, refss):
    ///         c += len(cand); r += min((abs(len(x)-len(cand)), len(x)) for x in refs)[1]
    ///         for n in 1..4: mx = max count of each n-gram over refs
    ///             m[n-1] += sum(min(k, mx[g]) for g, k in ngrams(cand, n).items())
    ///             t[n-1] += max(len(cand)-n+1, 0)
    ///     bp = 1 if c > r else exp(1 - r/c); BLEU-k = bp * exp(mean(log(m/t)[:k]))
    ///
    /// printed [0.8539396656235351, 0.8539396656235351, 0.8539396656235351, 0.8370215904692873].
    func testAgainstIndependentPython() {
        let candidates = [
            words("a small red circle on the left"),
            words("a large blue square at the top and a small green star"),
        ]
        let references = [
            [words("a small red circle on the right"), words("a small red square on the left")],
            [
                words("a large blue square at the top and a small green star on the left"),
                words("a small green star on the left and a large blue square at the top"),
            ],
        ]
        let bleu = BLEU(candidates: candidates, references: references)
        let expected = [
            0.8539396656235351, 0.8539396656235351, 0.8539396656235351,
            0.8370215904692873,
        ]
        for (score, value) in zip(bleu.scores, expected) {
            XCTAssertEqual(score, value, accuracy: 1e-12)
        }
    }

    func testTokensDropSpecialWords() {
        XCTAssertEqual(BLEU.tokens("<START> a cat <END>"), ["a", "cat"])
    }

    func testEmptyCorpusScoresZero() {
        XCTAssertEqual(BLEU(candidates: [], references: []).scores, [0, 0, 0, 0])
        XCTAssertEqual(BLEU(candidates: [[]], references: [[words("a b")]]).scores, [0, 0, 0, 0])
    }
}
