/// A class's grades as CSV: a row per submission, a column per check (1 passed, 0 not),
/// the number passed and the number of checks.
public struct GradeTable: Sendable {
    public let checks: [String]
    public let rows: [(submission: String, results: [CheckResult])]

    public init(checks: [String], rows: [(String, [CheckResult])]) {
        self.checks = checks
        self.rows = rows.map { (submission: $0.0, results: $0.1) }
    }

    /// The CSV text (RFC 4180 quoting for submission names).
    public var csv: String {
        var lines = [(["submission"] + checks + ["passed", "checks"]).joined(separator: ",")]
        for (submission, results) in rows {
            let byName = Dictionary(results.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let cells = checks.map { byName[$0]?.status == .pass ? "1" : "0" }
            let passed = cells.filter { $0 == "1" }.count
            lines.append(([Self.quoted(submission)] + cells + ["\(passed)", "\(checks.count)"])
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { ",\"\n\r".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
