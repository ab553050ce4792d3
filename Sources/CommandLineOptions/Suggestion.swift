/// The known word closest to a mistyped one, if it is close enough to be the one meant.
enum Suggestion {
    /// The candidate at the smallest edit distance from `word`, if that distance is at
    /// most a third of the word's length (at least 1, at most 3).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = min(3, max(1, word.count / 3))
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word.lowercased()), Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.word
    }

    /// Edit distance with adjacent transpositions counting one (`laef` → `leaf`); words
    /// more than 3 apart in length or longer than 64 characters are no typo of an option.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard abs(a.count - b.count) <= 3, a.count <= 64, b.count <= 64 else { return Int.max }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for j in b.indices {
                var best = min(
                    previous[j + 1] + 1, current[j] + 1,
                    previous[j] + (a[i] == b[j] ? 0 : 1))
                if i > 0, j > 0, a[i] == b[j - 1], a[i - 1] == b[j] {
                    best = min(best, before[j - 1] + 1)
                }
                current[j + 1] = best
            }
            (before, previous) = (previous, current)
        }
        return previous[b.count]
    }
}
