/// An expected array and the learner's, flat in row-major order with their shape: what
/// every pattern finder reads.
struct ArrayPair: Sendable {
    let shape: [Int]
    let expected: [Double]
    let actual: [Double]
    /// The largest |expected| or |actual|: differences are judged against it, so a slice
    /// of small values is not called wrong for round-off.
    let scale: Double
    /// A difference at most `tolerance · scale` counts as none.
    let tolerance: Double

    init(shape: [Int], expected: [Double], actual: [Double], tolerance: Double) {
        (self.shape, self.expected, self.actual, self.tolerance) = (
            shape, expected, actual, tolerance
        )
        scale = zip(expected, actual).map { max(abs($0), abs($1)) }.max() ?? 0
    }

    var count: Int { expected.count }

    /// Row-major strides of `shape`.
    var strides: [Int] {
        var result = Array(repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            result[axis] = result[axis + 1] * shape[axis + 1]
        }
        return result
    }

    /// The coordinate along `axis` of the flat index `flat`.
    func coordinate(_ flat: Int, axis: Int) -> Int { (flat / strides[axis]) % shape[axis] }

    /// The multi-index of a flat index.
    func index(_ flat: Int) -> [Int] { shape.indices.map { coordinate(flat, axis: $0) } }

    /// The flat indices of every slice along `axis` (slice `i`: coordinate `i`), in one
    /// pass over the array.
    func slices(axis: Int) -> [[Int]] {
        var result = Array(repeating: [Int](), count: shape[axis])
        for flat in 0..<count { result[coordinate(flat, axis: axis)].append(flat) }
        return result
    }

    /// Whether two values agree within the tolerance.
    func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= tolerance * max(scale, 1e-300) || a == b
    }

    /// Whether the learner's values at `indices` equal the expected ones at `source`
    /// (the same indices when nil).
    func matches(_ indices: [Int], source: [Int]? = nil) -> Bool {
        let from = source ?? indices
        return zip(indices, from).allSatisfy { close(actual[$0], expected[$1]) }
    }

    /// Whether everything agrees.
    var allClose: Bool { matches(Array(0..<count)) }

    /// The flat index with the largest |actual − expected|.
    var worstIndex: Int? {
        (0..<count).max { abs(actual[$0] - expected[$0]) < abs(actual[$1] - expected[$1]) }
    }

    /// How many elements differ beyond the tolerance.
    var differing: Int { (0..<count).filter { !close(actual[$0], expected[$0]) }.count }
}

/// `0.532`, `-3.2e-10`: a value short enough for one line.
func shortNumber(_ value: Double) -> String {
    if value == 0 { return "0" }
    guard value.isFinite else { return "\(value)" }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e4 {
        var text = String(format: "%.4g", value)
        if text.contains("e") { text = String(format: "%.1e", value) }
        return text
    }
    return compactExponent(String(format: "%.2e", value))
}

/// `3.20e-10` → `3.2e-10`, `1.00e-07` → `1e-7`, `2.00e+01` → `2e+1`.
func compactExponent(_ text: String) -> String {
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = String(text[..<e])
    var exponent = String(text[text.index(after: e)...])
    if mantissa.contains(".") {
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    let sign = exponent.hasPrefix("-") ? "-" : ""
    exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
    return mantissa + "e" + sign + (exponent.isEmpty ? "0" : exponent)
}
