import Foundation

/// Resident memory of this process, from Linux's /proc (nil elsewhere).
enum MemoryUsage {
    /// The current resident set size, in bytes.
    static var residentBytes: Int? { field("VmRSS:") }

    /// The peak resident set size so far (the high-water mark), in bytes.
    static var peakResidentBytes: Int? { field("VmHWM:") }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return nil }
        let digits = line.split(separator: " ").compactMap { Int($0) }
        return digits.first.map { $0 * 1024 }
    }
}
