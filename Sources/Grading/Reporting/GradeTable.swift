/// A class's grades as CSV: a row per submission, a column per check (its points when it
/// passed, 0 otherwise, as the Gradescope report scores it) and the total.
public struct GradeTable: Sendable {
    public let checks: [String]
    public let rows: [(submission: String, results: [CheckResult])]
    public let settings: CourseSettings

    public init(checks: [String], rows: [(String, [CheckResult])], settings: CourseSettings) {
        self.checks = checks
        self.rows = rows.map { (submission: $0.0, results: $0.1) }
        self.settings = settings
    }

    /// The CSV text (RFC 4180 quoting for submission names).
    public var csv: String {
        let maximum = checks.map { settings.points(for: $0) }.reduce(0, +)
        var lines = [(["submission"] + checks + ["total", "max"]).joined(separator: ",")]
        for (submission, results) in rows {
            let byName = Dictionary(results.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let points = checks.map { byName[$0]?.status == .pass ? settings.points(for: $0) : 0 }
            lines.append(
                ([Self.quoted(submission)] + points.map(Self.number)
                    + [Self.number(points.reduce(0, +)), Self.number(maximum)])
                    .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2`, `2.5`: whole points without a decimal point.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { ",\"\n\r".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
