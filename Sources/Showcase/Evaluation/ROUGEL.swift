/// ROUGE-L (Lin 2004) as the COCO caption evaluation code computes it
/// (github.com/salaniz/pycocoevalcap, `rouge/rouge.py`; see
/// Tests/ShowcaseTests/Resources/golden_metrics/README.md).
///
/// For a candidate c and each of its references r, with l the length of their longest common
/// subsequence of words: precision l / |c| and recall l / |r|. P is the largest precision and
/// R the largest recall over the references — taken separately, so they may come from
/// different references — and the candidate scores the F-measure
/// (1 + β²) P R / (R + β² P) with β = 1.2, or 0 when P or R is 0. The corpus scores the mean
/// over candidates.
///
/// An empty candidate scores 0, as does an image without references; an empty reference has
/// precision and recall 0.
public struct ROUGEL: Sendable, Equatable, Codable {
    /// The corpus score: the mean of `scores`.
    public var score: Double
    /// Every candidate's score, in the candidates' order.
    public var scores: [Double]

    /// Scores `candidates` (tokenised captions) against their `references`
    /// (`references[i]` are the true captions of candidate i), weighting recall `beta` times
    /// as much as precision.
    public init(candidates: [[String]], references: [[[String]]], beta: Double = 1.2) {
        precondition(candidates.count == references.count, "one reference list per candidate")
        precondition(beta > 0, "ROUGE-L's beta must be positive, not \(beta)")
        let betaSquared = beta * beta
        scores = zip(candidates, references).map { candidate, references in
            var precision = 0.0
            var recall = 0.0
            for reference in references where !candidate.isEmpty && !reference.isEmpty {
                let common = Double(Self.longestCommonSubsequence(reference, candidate))
                precision = max(precision, common / Double(candidate.count))
                recall = max(recall, common / Double(reference.count))
            }
            guard precision != 0 && recall != 0 else { return 0 }
            // The operations in rouge.py's order, so the scores agree to the last bit.
            return (1 + betaSquared) * precision * recall / (recall + betaSquared * precision)
        }
        score = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
    }

    /// The length of the longest common subsequence of `a` and `b`, by the usual dynamic
    /// programme, one row at a time.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for word in a {
            for (j, other) in b.enumerated() {
                current[j + 1] = word == other ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
