import Foundation

/// Corpus BLEU (Papineni et al. 2002), as `nltk.translate.bleu_score.corpus_bleu` computes
/// it without smoothing.
///
/// For each order n = 1…N: the clipped n-gram precision pₙ = Σ over candidates of
/// Σ over n-grams min(count in candidate, max count in any one reference) divided by the
/// total number of candidate n-grams. BLEU-N = BP · exp(Σₙ (1/N) log pₙ), and 0 if any
/// pₙ is 0. The brevity penalty BP = 1 if c > r, else exp(1 − r/c), where c is the total
/// candidate length and r the sum over candidates of the reference length closest to the
/// candidate's (the shorter one on a tie). Each candidate may have several references
/// (in a captioning set: every true caption of its image).
public struct BLEU: Sendable, Equatable, Codable {
    /// BLEU-1 … BLEU-4 (index 0 is BLEU-1).
    public var scores: [Double]
    /// The clipped n-gram precisions p₁ … p₄.
    public var precisions: [Double]
    /// The brevity penalty.
    public var brevityPenalty: Double
    /// c and r: the total candidate length and effective reference length, in words.
    public var candidateLength: Int, referenceLength: Int

    /// Scores `candidates` (tokenised captions) against their `references`
    /// (`references[i]` are the true captions of candidate i), for orders 1…`maxOrder`.
    ///
    /// An empty corpus (or one whose candidates are all empty) scores 0.
    public init(candidates: [[String]], references: [[[String]]], maxOrder: Int = 4) {
        precondition(candidates.count == references.count, "one reference list per candidate")
        var matches = [Int](repeating: 0, count: maxOrder)
        var totals = [Int](repeating: 0, count: maxOrder)
        var c = 0
        var r = 0
        for (candidate, refs) in zip(candidates, references) {
            c += candidate.count
            if let closest = refs.map(\.count).min(by: {
                (abs($0 - candidate.count), $0) < (abs($1 - candidate.count), $1)
            }) {
                r += closest
            }
            for n in 1...maxOrder {
                let counts = Self.ngrams(candidate, n)
                var maxRef: [ArraySlice<String>: Int] = [:]
                for ref in refs {
                    for (gram, count) in Self.ngrams(ref, n) {
                        maxRef[gram] = max(maxRef[gram] ?? 0, count)
                    }
                }
                for (gram, count) in counts { matches[n - 1] += min(count, maxRef[gram] ?? 0) }
                totals[n - 1] += max(candidate.count - n + 1, 0)
            }
        }
        precisions = zip(matches, totals).map { $1 == 0 ? 0 : Double($0) / Double($1) }
        brevityPenalty = c == 0 ? 0 : (c > r ? 1 : exp(1 - Double(r) / Double(c)))
        candidateLength = c
        referenceLength = r
        let precisions = precisions
        let bp = brevityPenalty
        scores = (1...maxOrder).map { order in
            let used = precisions.prefix(order)
            guard used.allSatisfy({ $0 > 0 }) else { return 0 }
            return bp * exp(used.map { log($0) }.reduce(0, +) / Double(order))
        }
    }

    /// The n-grams of `words` with their counts.
    static func ngrams(_ words: [String], _ n: Int) -> [ArraySlice<String>: Int] {
        var counts: [ArraySlice<String>: Int] = [:]
        guard words.count >= n else { return counts }
        for start in 0...(words.count - n) { counts[words[start..<(start + n)], default: 0] += 1 }
        return counts
    }

    /// The words of a decoded caption for scoring: split on spaces, without `<START>`,
    /// `<END>` and `<NULL>`.
    public static func tokens(_ caption: String) -> [String] {
        caption.split(separator: " ").map(String.init)
            .filter { $0 != "<START>" && $0 != "<END>" && $0 != "<NULL>" }
    }
}
