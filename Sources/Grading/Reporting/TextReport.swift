/// The human table: one line per check with its status, the worst error against its
/// threshold and the time, then the details of every failure and the score line.
public enum TextReport {
    public static func render(_ results: [CheckResult], implementation: String,
                              colors: Bool) -> String {
        func paint(_ status: CheckStatus) -> String {
            guard colors else { return status.rawValue }
            let code = status == .pass ? "32" : status == .fail ? "31" : "33"
            return "\u{1B}[\(code)m\(status.rawValue)\u{1B}[0m"
        }
        let nameWidth = max(5, results.map(\.name.count).max() ?? 0)
        let originalWidth = max(8, results.map(\.originalName.count).max() ?? 0)
        var lines = ["Grading \(implementation)", ""]
        lines.append(pad("check", nameWidth) + "  " + pad("original", originalWidth)
            + "  status  worst error / threshold   time")
        for result in results {
            var line = pad(result.name, nameWidth) + "  " + pad(result.originalName, originalWidth)
                + "  " + paint(result.status) + "    "
            line += pad(errorColumn(result), 24) + "  " + String(format: "%5.2fs", result.seconds)
            lines.append(line)
            if result.status == .pass, let note = result.message {
                lines.append(String(repeating: " ", count: 4) + "note: " + note)
            }
            if result.status != .pass {
                let indent = String(repeating: " ", count: 4)
                if let message = result.message { lines.append(indent + message) }
                if let location = result.location { lines.append(indent + "at " + location) }
                if let hint = result.hint, result.status == .fail {
                    lines.append(indent + "hint: " + hint)
                }
            }
        }
        let summary = Summary(results)
        lines.append("")
        if summary.todo > 0 {
            lines.append("\(summary.todo) not written yet (TODO counts as failed).")
        }
        lines.append(summary.scoreLine)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func errorColumn(_ result: CheckResult) -> String {
        guard result.status != .todo, let worst = result.worst else {
            return result.status == .todo ? "-" : "-"
        }
        let relation = worst.passed ? "<" : ">"
        return "\(format(worst.error)) \(relation) \(format(worst.threshold))"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

import Foundation
