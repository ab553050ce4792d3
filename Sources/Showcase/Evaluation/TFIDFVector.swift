import Foundation

/// A caption as CIDEr-D sees it (`CIDErD`): its tf-idf weights, their norms per order, and
/// its length in bigrams.
struct TFIDFVector {
    /// `entries[n - 1]`: the weight of each n-gram of order n, in first-occurrence order.
    var entries: [[(gram: ArraySlice<Int32>, weight: Double)]]
    /// The same weights by n-gram.
    var weights: [[ArraySlice<Int32>: Double]]
    /// The Euclidean norm of each order's weights.
    var norms: [Double]
    /// The number of bigrams, the scorer's length for the penalty.
    var bigrams: Int

    /// Weights each n-gram of `counts` by its count times its `idf`.
    init(_ counts: Counts, idf: (ArraySlice<Int32>) -> Double) {
        entries = counts.orders.map { order in
            order.map { ($0.gram, Double($0.count) * idf($0.gram)) }
        }
        weights = entries.map { Dictionary($0, uniquingKeysWith: { first, _ in first }) }
        norms = entries.map { order in
            var sum = 0.0
            for entry in order { sum += entry.weight * entry.weight }
            return sum.squareRoot()
        }
        bigrams = counts.orders.count > 1 ? counts.orders[1].reduce(0) { $0 + $1.count } : 0
    }

    /// Each order's cosine similarity to `reference` (clipped or not) times the Gaussian
    /// length penalty.
    func similarities(to reference: TFIDFVector, sigma: Double, clipped: Bool) -> [Double] {
        let delta = Double(bigrams - reference.bigrams)
        // e to a power, as cider_scorer.py's np.e**(...): the scores then equal the Python
        // scorer's to the last bit (exp(_:) differs from it in the last bit now and then).
        let penalty = pow(M_E, -(delta * delta) / (2 * sigma * sigma))
        return entries.indices.map { n in
            var value = 0.0
            for (gram, weight) in entries[n] {
                let other = reference.weights[n][gram] ?? 0
                value += (clipped ? min(weight, other) : weight) * other
            }
            if norms[n] != 0 && reference.norms[n] != 0 {
                value /= norms[n] * reference.norms[n]
            }
            return value * penalty
        }
    }

    /// A caption's n-gram counts for orders 1…N, each order in first-occurrence order.
    ///
    /// The n-grams are slices of the caption's word ids. The fixed order (the Python scorer's
    /// insertion order) makes every sum add its terms in one order, so a score is the same to
    /// the last bit in every run, whatever the process's hash seed.
    struct Counts {
        /// `orders[n - 1]`: the n-grams of order n with their counts.
        var orders: [[(gram: ArraySlice<Int32>, count: Int)]]

        /// Counts the n-grams of orders 1…`maxOrder` of `words`.
        init(_ words: [Int32], maxOrder: Int) {
            orders = (1...maxOrder).map { n in
                guard words.count >= n else { return [] }
                var tally: [(gram: ArraySlice<Int32>, count: Int)] = []
                var position: [ArraySlice<Int32>: Int] = [:]
                for start in 0...(words.count - n) {
                    let gram = words[start..<(start + n)]
                    if let index = position[gram] {
                        tally[index].count += 1
                    } else {
                        position[gram] = tally.count
                        tally.append((gram, 1))
                    }
                }
                return tally
            }
        }
    }
}
