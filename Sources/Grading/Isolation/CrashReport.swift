import CPUCheck
import Foundation

/// What a crashed child's standard error says: the runtime's message and the learner's
/// file and line from Swift's crash backtrace, or that the child was built for another CPU.
struct CrashReport {
    /// `Fatal error: Index out of range`, or the shape error's text.
    let message: String?
    /// `Exercises/VanillaRNN.swift:42`: the first frame in learner (or Reference) code.
    let location: String?

    /// The child's own line when it exited because it was compiled for CPU features this
    /// machine lacks (`CPUCheck`): a build problem, never the learner's.
    let anotherCPU: String?

    init(standardError text: String, codeFolders: [String]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        anotherCPU = lines.first { $0.contains(CPUCheck.marker) }
        message =
            lines.first { $0.contains("Fatal error:") }.map { line in
                // "Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range"
                guard let range = line.range(of: "Fatal error:") else { return line }
                let text = line[range.lowerBound...].trimmingCharacters(in: .whitespaces)
                return text
            } ?? lines.first { $0.contains("Program crashed:") }?
            .trimmingCharacters(in: CharacterSet(charactersIn: "* "))
            // A sanitized build (scripts/sanitize): the sanitizer stops the process before
            // Swift's runtime can, "==12==ERROR: AddressSanitizer: out of memory: …".
            ?? lines.first { $0.contains("ERROR: ") && $0.contains("Sanitizer: ") }
            .flatMap { line in line.range(of: "ERROR: ").map { String(line[$0.upperBound...]) } }
        location =
            lines.lazy.compactMap { line -> String? in
                // "  3 [ra] 0x… learnerCode(_:) + 32 in grader at /path/Exercises/X.swift:2:13"
                guard let at = line.range(of: " at /", options: .backwards) else { return nil }
                let path = String(line[line.index(after: at.lowerBound)...])
                guard let folder = codeFolders.first(where: { path.contains("/\($0)/") }),
                    let start = path.range(of: "/\(folder)/")
                else { return nil }
                let relative = String(path[path.index(after: start.lowerBound)...])
                // Drop the column: keep "Folder/File.swift:line".
                let parts = relative.split(separator: ":")
                return parts.count >= 2 ? "\(parts[0]):\(parts[1])" : relative
            }.first
    }

    /// What the grader says when the child ended as `CPUCheck` ends it (its exit status and
    /// its line), or nil for any other end.
    func anotherCPUMessage(exitStatus: Int32?) -> String? {
        guard exitStatus == CPUCheck.exitStatus, let line = anotherCPU else { return nil }
        return "the grader was built for another CPU (not a problem in your code): \(line)"
    }
}
