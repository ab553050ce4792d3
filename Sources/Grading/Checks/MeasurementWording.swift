import Foundation

extension Measurement {
    /// The number against its threshold in plain units: `rel. error 3.2e-10 < 1e-7`,
    /// `|difference| 7.2 > 1e-10`, `3 of 8 words differ`, `20 s > 10 s`, `loss 0.071 < 0.1`.
    public var text: String {
        let relation = passed ? "<" : error.isNaN ? "is" : ">"
        func versus(_ value: String, _ bound: String) -> String {
            error.isNaN ? "NaN" : "\(value) \(relation) \(bound)"
        }
        switch kind {
        case .relativeError:
            return "rel. error " + versus(plainNumber(error), plainNumber(threshold))
        case .absoluteDifference:
            return "|difference| " + versus(plainNumber(error), plainNumber(threshold))
        case .count:
            let noun = label.split(separator: " ").first.map(String.init) ?? "items"
            let count = error.isFinite ? String(Int(error)) : "\(error)"
            return total.map { "\(count) of \($0) \(noun) differ" } ?? "\(count) \(noun) differ"
        case .seconds:
            return versus(plainSeconds(error), plainSeconds(threshold))
        case .loss:
            return "loss " + versus(plainNumber(error), plainNumber(threshold))
        }
    }
}

/// `3.2e-10`, `1e-7`, `0.5`, `7.2`, `14.3`: a measured number in as few characters as
/// it needs (three significant digits between 0.01 and 1000, else one decimal of a
/// power of ten without padding).
public func plainNumber(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    if value == 0 { return "0" }
    if abs(value) >= 0.01 && abs(value) < 1000 {
        let text = String(format: "%.3g", value)
        if !text.contains("e") { return text }
    }
    return compactExponent(String(format: "%.1e", value))
}

/// `0.04 s`, `1.4 s`, `20 s`.
public func plainSeconds(_ value: Double) -> String {
    guard value.isFinite else { return "\(value) s" }
    if value < 1 { return String(format: "%.2f s", value) }
    if value < 10 { return String(format: "%.1f s", value) }
    return String(format: "%.0f s", value)
}
