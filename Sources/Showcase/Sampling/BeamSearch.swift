import Foundation
import Tensor

/// A caption found by beam search: its words (after `<START>`, ending with `<END>` if it
/// finished) and its score, the sum of the words' log-probabilities.
public struct BeamHypothesis: Sendable, Equatable {
    /// The word indices; the last is `<END>` when `finished`.
    public var words: [Int]
    /// Σ log p(word | image, previous words), ≤ 0.
    public var logProbability: Double
    /// Whether the caption ended with `<END>` (otherwise it reached the length limit).
    public var finished: Bool

    /// The score beam search ranks by: the log-probability, or divided by the number of
    /// words (`<END>` included) when length-normalised.
    public func rankScore(lengthNormalised: Bool) -> Double {
        lengthNormalised && !words.isEmpty ? logProbability / Double(words.count) : logProbability
    }
}

extension RecurrentDecoder {
    /// Beam search: keeps the `width` best partial captions at each step, extending each
    /// by every word; a caption that emits `<END>` is finished and competes unchanged in
    /// later steps. Stops when all kept captions are finished or after `maxLength` words.
    ///
    /// Scores are sums of log-probabilities, so without normalisation short captions are
    /// favoured; with `lengthNormalised` the mean log-probability per word is ranked.
    /// Width 1 is greedy decoding. A wider beam usually, but not provably always, finds a
    /// better-scoring caption; with width ≥ V^(maxLength−1) it is exhaustive.
    ///
    /// - Parameters: features `(N, D)`; returns the best caption of each image.
    /// - Throws: `SamplingError.invalidSetting` for width < 1 or maxLength < 1.
    public func beamSearch(
        features: Tensor<S>, width: Int, maxLength: Int,
        lengthNormalised: Bool = false
    ) throws -> [BeamHypothesis] {
        guard width >= 1 else {
            throw SamplingError.invalidSetting("beam width must be >= 1, got \(width)")
        }
        guard maxLength >= 1 else {
            throw SamplingError.invalidSetting("maxLength must be >= 1, got \(maxLength)")
        }
        // Every image's open beams go through each step together, one row each: at N = 100
        // and width 5, one image at a time made 3000 products of 5 rows. A row's results
        // do not depend on the other rows (the products' kernels compute every element
        // alike, whatever the number of rows), so the captions are those of a search per
        // image; in Float, only products below 8192 multiply-adds (a plain loop) round
        // differently from the kernels.
        var state = try initialState(features: features)  // the open beams' rows, in order
        var beams = [[BeamHypothesis]](
            repeating: [BeamHypothesis(words: [], logProbability: 0, finished: false)],
            count: features.shape[0])
        for _ in 0..<maxLength {
            let open = beams.map { imageBeams in
                imageBeams.indices.filter { !imageBeams[$0].finished }
            }
            if open.allSatisfy(\.isEmpty) { break }
            var inputs: [Int] = []
            for (imageBeams, imageOpen) in zip(beams, open) {
                inputs += imageOpen.map { imageBeams[$0].words.last ?? startIndex }
            }
            let out = try step(words: inputs, state: state)
            var keptRows: [Int] = []
            var firstRow = 0
            for image in beams.indices where !open[image].isEmpty {
                let ranked = bestExtensions(
                    of: beams[image], open: open[image],
                    logProbs: out.logProbs[firstRow..<(firstRow + open[image].count)],
                    width: width, lengthNormalised: lengthNormalised)
                beams[image] = ranked.map(\.hypothesis)
                keptRows += ranked.filter { !$0.hypothesis.finished }.compactMap(\.row).map {
                    firstRow + $0
                }
                firstRow += open[image].count
            }
            state = out.state.rows(keptRows)
        }
        return beams.map { imageBeams in
            imageBeams.enumerated().max { a, b in
                let (sa, sb) = (
                    a.element.rankScore(lengthNormalised: lengthNormalised),
                    b.element.rankScore(lengthNormalised: lengthNormalised)
                )
                return sa != sb ? sa < sb : a.offset > b.offset
            }?.element ?? imageBeams[0]
        }
    }

    /// One image's next beams: the `width` best of its finished beams and every one-word
    /// extension of its open ones (`open`, the indices of `beams` whose log-probabilities
    /// are the rows of `logProbs`, in order), each with the row its state comes from
    /// (nil for a finished beam), best first.
    private func bestExtensions(
        of beams: [BeamHypothesis], open: [Int], logProbs: ArraySlice<[Double]>, width: Int,
        lengthNormalised: Bool
    ) -> [(hypothesis: BeamHypothesis, row: Int?)] {
        // Candidates, in the order ties are broken by: the finished beams as they are,
        // then every one-word extension of the open ones, row by row, word by word.
        // Only the `width` best are built: making all width × V of them (each with a
        // copy of its words) and sorting them took most of the time.
        let finished = beams.filter(\.finished)
        let v = vocabSize
        let rows = Array(logProbs)
        func extensionParts(_ candidate: Int) -> (beam: BeamHypothesis, row: Int, word: Int) {
            let (row, word) = (candidate - finished.count).quotientAndRemainder(dividingBy: v)
            return (beams[open[row]], row, word)
        }
        // The best so far, best first; a later candidate never displaces an equal one.
        var best: [(score: Double, candidate: Int)] = []
        func consider(_ score: Double, _ candidate: Int) {
            if best.count == width, let last = best.last, !(score > last.score) { return }
            let position = best.firstIndex { score > $0.score } ?? best.count
            best.insert((score, candidate), at: position)
            if best.count > width { best.removeLast() }
        }
        for (candidate, beam) in finished.enumerated() {
            consider(beam.rankScore(lengthNormalised: lengthNormalised), candidate)
        }
        for (row, beamIndex) in open.enumerated() {
            let (base, length) = (
                beams[beamIndex].logProbability, Double(beams[beamIndex].words.count + 1)
            )
            let first = finished.count + row * v
            rows[row].withUnsafeBufferPointer { logP in
                for word in 0..<v {
                    // BeamHypothesis.rankScore of the extension (it has at least one word).
                    let logProbability = base + logP[word]
                    consider(
                        lengthNormalised ? logProbability / length : logProbability,
                        first + word)
                }
            }
        }
        return best.map { entry in
            if entry.candidate < finished.count { return (finished[entry.candidate], nil) }
            let (beam, row, word) = extensionParts(entry.candidate)
            return (
                BeamHypothesis(
                    words: beam.words + [word],
                    logProbability: beam.logProbability + rows[row][word],
                    finished: word == endIndex), row
            )
        }
    }

    /// Greedy decoding with this decoder (the original's `sample`): `maxLength` words per
    /// image, each the most probable next word; words after `<END>` are kept.
    ///
    /// - Throws: `SamplingError.invalidFeatures` unless features are `(N, D)`.
    public func greedy(features: Tensor<S>, maxLength: Int) throws -> [[Int]] {
        let n = features.shape[0]
        var state = try initialState(features: features)
        var words = [Int](repeating: startIndex, count: n)
        var captions = [[Int]](repeating: [], count: n)
        for _ in 0..<maxLength {
            let out = try step(words: words, state: state)
            words = out.logProbs.map { row in
                row.indices.max { row[$0] != row[$1] ? row[$0] < row[$1] : $0 > $1 } ?? 0
            }
            for i in 0..<n { captions[i].append(words[i]) }
            state = out.state
        }
        return captions
    }

    /// Temperature sampling: each next word is drawn from softmax(scores / temperature)
    /// with the seeded `generator` (temperature → 0 approaches greedy, 1 is the model's
    /// own distribution). `maxLength` words per image; words after `<END>` are kept.
    ///
    /// - Throws: `SamplingError.invalidSetting` for a non-positive temperature.
    public func sample(
        features: Tensor<S>, maxLength: Int, temperature: Double,
        using generator: inout SeededGenerator
    ) throws -> [[Int]] {
        guard temperature > 0, temperature.isFinite else {
            throw SamplingError.invalidSetting("temperature must be > 0, got \(temperature)")
        }
        let n = features.shape[0]
        var state = try initialState(features: features)
        var words = [Int](repeating: startIndex, count: n)
        var captions = [[Int]](repeating: [], count: n)
        for _ in 0..<maxLength {
            let out = try step(words: words, state: state)
            for i in 0..<n {
                let scaled = out.logProbs[i].map { $0 / temperature }
                let top = scaled.max() ?? 0
                let weights = scaled.map { Foundation.exp($0 - top) }
                var u = generator.nextUnit() * weights.reduce(0, +)
                var chosen = weights.count - 1
                for (word, weight) in weights.enumerated() {
                    u -= weight
                    if u < 0 {
                        chosen = word
                        break
                    }
                }
                words[i] = chosen
                captions[i].append(chosen)
            }
            state = out.state
        }
        return captions
    }
}
