import Foundation

/// CIDEr-D (Vedantam, Zitnick and Parikh 2015) as the COCO caption evaluation code computes
/// it (github.com/salaniz/pycocoevalcap, `cider/cider_scorer.py`, whose score COCO's tables
/// call "CIDEr"; Tests/ShowcaseTests/Resources/golden_metrics/README.md has the details).
///
/// Each caption becomes, for each order n = 1…4, a tf-idf vector over its n-grams: an
/// n-gram's weight is its count in the caption times log(N) − log(max(1, df)), where N is the
/// number of candidates (images) in the evaluated corpus and df the number of images whose
/// references contain the n-gram. The idf thus depends on the whole corpus scored together,
/// and an n-gram in no reference weighs the most, log N. At order n a candidate c and one
/// reference r have the similarity
///
///     Σ over the n-grams g of c  min(c[g], r[g]) · r[g]  /  (‖c‖ ‖r‖)
///
/// (the candidate's weights clipped by the reference's, over the unclipped norms; no division
/// when a norm is 0) times the Gaussian length penalty exp(−δ² / 2σ²), σ = 6, where δ is the
/// difference of the two captions' bigram counts (the scorer's measure of length; it equals
/// the difference of their word counts whenever neither is empty). A candidate scores 10 ×
/// the mean over n of its similarities averaged over its references, at most 10; the corpus
/// scores the mean over candidates. Clipping and the length penalty are what CIDEr-D adds to
/// the plain CIDEr (github.com/vrama91/cider, `pyciderevalcap/cider/`): without them,
/// repeating a word or lengthening a caption can raise its score.
///
/// Where the Python scorer cannot score (an empty corpus, an image without references) this
/// scores 0.
public struct CIDErD: Sendable, Equatable, Codable {
    /// The corpus score: the mean of `scores`.
    public var score: Double
    /// Every candidate's score, in the candidates' order.
    public var scores: [Double]

    /// Scores `candidates` (tokenised captions) against their `references`
    /// (`references[i]` are the true captions of candidate i), with n-grams of orders
    /// 1…`maxOrder` and the length penalty's width `sigma` (`.infinity`: no penalty).
    public init(
        candidates: [[String]], references: [[[String]]], maxOrder: Int = 4, sigma: Double = 6
    ) {
        self.init(
            candidates: candidates, references: references, maxOrder: maxOrder, sigma: sigma,
            departures: [])
    }

    /// Ways to compute it as the COCO code does not, so tests can show that the golden
    /// values tell each of them from the definition.
    struct Departures: OptionSet {
        let rawValue: Int
        /// Σ c[g] · r[g]: the candidate's weights not clipped by the reference's.
        static let unclipped = Departures(rawValue: 1)
        /// Document frequencies counted over the candidates instead of the references.
        static let documentFrequencyOverCandidates = Departures(rawValue: 2)
    }

    /// The score with the given departures from the definition (none: CIDEr-D).
    init(
        candidates: [[String]], references: [[[String]]], maxOrder: Int, sigma: Double,
        departures: Departures
    ) {
        precondition(candidates.count == references.count, "one reference list per candidate")
        precondition(maxOrder >= 1, "CIDEr-D needs n-grams of order 1 or more, not \(maxOrder)")
        precondition(sigma > 0, "the length penalty's sigma must be positive, not \(sigma)")
        var vocabulary: [String: Int32] = [:]
        func counts(_ words: [String]) -> TFIDFVector.Counts {
            let ids = words.map { word in
                if let id = vocabulary[word] { return id }
                let id = Int32(vocabulary.count)
                vocabulary[word] = id
                return id
            }
            return TFIDFVector.Counts(ids, maxOrder: maxOrder)
        }
        let candidateCounts = candidates.map(counts)
        let referenceCounts = references.map { $0.map(counts) }

        // An image counts once per n-gram however many of its references contain it.
        let documents =
            departures.contains(.documentFrequencyOverCandidates)
            ? candidateCounts.map { [$0] } : referenceCounts
        var documentFrequency: [ArraySlice<Int32>: Double] = [:]
        for captions in documents {
            var seen = Set<ArraySlice<Int32>>()
            for caption in captions {
                for order in caption.orders {
                    for (gram, _) in order where seen.insert(gram).inserted {
                        documentFrequency[gram, default: 0] += 1
                    }
                }
            }
        }
        let logImages = log(Double(candidates.count))
        func vector(_ counts: TFIDFVector.Counts) -> TFIDFVector {
            TFIDFVector(counts) { gram in
                logImages - log(max(1, documentFrequency[gram] ?? 0))
            }
        }

        let clipped = !departures.contains(.unclipped)
        scores = zip(candidateCounts, referenceCounts).map { candidate, references in
            guard !references.isEmpty else { return 0 }
            let hypothesis = vector(candidate)
            var sums = [Double](repeating: 0, count: maxOrder)
            for reference in references {
                let similarities = hypothesis.similarities(
                    to: vector(reference), sigma: sigma, clipped: clipped)
                for n in 0..<maxOrder { sums[n] += similarities[n] }
            }
            return sums.reduce(0, +) / Double(maxOrder) / Double(references.count) * 10
        }
        score = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
    }
}
