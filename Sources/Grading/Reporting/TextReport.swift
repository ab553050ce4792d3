/// The human report, 80 columns wide: one line per check (names, status, the worst
/// measurement in plain units, time), details below only for what did not pass (what
/// was found wrong, the message, the hint, wrapped), then what to fix first and the
/// score line.
public enum TextReport {
    /// The terminal width every line fits in.
    public static let width = 80

    /// The report of `results` for the implementation named `implementation`, with ANSI
    /// colours for the statuses when `colors` is set.
    public static func render(
        _ results: [CheckResult], implementation: String,
        colors: Bool
    ) -> String {
        let results = FixOrder.annotated(results)
        func paint(_ status: CheckStatus) -> String {
            let padded = pad(status.rawValue, statusWidth)
            guard colors else { return padded }
            let code = status == .pass ? "32" : status == .fail ? "31" : "33"
            return "\u{1B}[\(code)m\(status.rawValue)\u{1B}[0m"
                + String(repeating: " ", count: statusWidth - status.rawValue.count)
        }
        let nameWidth = max(5, results.map(\.name.count).max() ?? 0)
        let originalWidth = max(8, results.map(\.originalName.count).max() ?? 0)
        let measurements = results.map(measurementColumn)
        let measurementWidth = min(28, max(17, measurements.map(\.count).max() ?? 0))
        let fixed = statusWidth + 2 + nameWidth + 2 + measurementWidth + 2 + timeWidth
        // The original's names fit beside ours when the selected checks' names are short;
        // otherwise each failure names its original below.
        let showOriginal = fixed + originalWidth + 2 <= width
        var lines = wrapped("Grading \(implementation)", first: "", rest: "    ") + [""]
        lines.append(
            trimmed(
                pad("check", nameWidth)
                    + (showOriginal ? "  " + pad("original", originalWidth) : "")
                    + "  " + pad("status", statusWidth)
                    + "  " + pad("worst measurement", measurementWidth) + "  "
                    + leftPad("time", timeWidth)))
        let indent = String(repeating: " ", count: 4)
        for (result, measurement) in zip(results, measurements) {
            lines.append(
                trimmed(
                    pad(result.name, nameWidth)
                        + (showOriginal ? "  " + pad(result.originalName, originalWidth) : "")
                        + "  " + paint(result.status)
                        + "  " + pad(measurement, measurementWidth) + "  "
                        + leftPad(plainSeconds(result.seconds), timeWidth)))
            if result.status == .pass, let note = result.message {
                lines += wrapped("note: " + note, first: indent, rest: indent + "      ")
            }
            guard result.status != .pass else { continue }
            var message = result.message ?? ""
            if !showOriginal { message = "\(result.originalName): " + message }
            // A crash's diagnosis is its message: said once.
            if let diagnosis = result.diagnosis, result.status == .fail,
                diagnosis.summary != result.message
            {
                lines += wrapped(
                    "found: " + diagnosis.summary, first: indent,
                    rest: indent + "       ")
                if let detail = diagnosis.detail {
                    lines += wrapped(detail, first: indent + "       ", rest: indent + "       ")
                }
            }
            if !message.isEmpty { lines += wrapped(message, first: indent, rest: indent + "  ") }
            if let location = result.location {
                lines += wrapped("at " + location, first: indent, rest: indent + "   ")
            }
            if let hint = result.hint, result.status == .fail {
                lines += wrapped("hint: " + hint, first: indent, rest: indent + "      ")
            }
        }
        let summary = Summary(results)
        let order = FixOrder.ordered(results)
        if !order.isEmpty {
            lines += ["", "What to fix first:"]
            for (position, entry) in order.enumerated() {
                let after =
                    entry.after.isEmpty
                    ? ""
                    : " (after \(Diagnosis.listed(entry.after, limit: 3)))"
                let number = "\(position + 1)."
                lines += wrapped(
                    "\(entry.result.name) (\(entry.result.originalName))" + after,
                    first: "  " + pad(number, 4), rest: "      ")
            }
        }
        lines.append("")
        if summary.todo > 0 {
            lines.append("\(summary.todo) not written yet (TODO counts as failed).")
        }
        lines.append(summary.scoreLine)
        return lines.joined(separator: "\n") + "\n"
    }

    private static let statusWidth = 7
    private static let timeWidth = 7

    /// The worst measurement in plain units, or `-` when there is none (TODO, NOT RUN, a
    /// crash before anything was measured).
    static func measurementColumn(_ result: CheckResult) -> String {
        guard result.status != .todo, result.status != .notRun, let worst = result.worst else {
            return "-"
        }
        return worst.text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    private static func trimmed(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}
