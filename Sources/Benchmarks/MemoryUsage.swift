import Foundation

/// Resident memory of this process, from Linux's /proc (nil elsewhere).
enum MemoryUsage {
    /// The current resident set size, in bytes.
    static var residentBytes: Int? { field("VmRSS:") }

    /// The peak resident set size so far (the high-water mark), in bytes.
    static var peakResidentBytes: Int? { field("VmHWM:") }

    /// Starts the peak over from the current resident set (Linux's `clear_refs` 5), so
    /// that the peak measures what runs after this, not what ran before (the model's
    /// initialisation draws its parameters in Double and converts them). Does nothing
    /// where that file cannot be written.
    static func resetPeak() {
        guard let file = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        defer { try? file.close() }
        try? file.write(contentsOf: Data("5".utf8))
    }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return nil }
        let digits = line.split(separator: " ").compactMap { Int($0) }
        return digits.first.map { $0 * 1024 }
    }
}
