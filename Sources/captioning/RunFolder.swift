import Foundation
import Showcase

/// The folder a run writes its checkpoint and report to.
enum RunFolder {
    /// The files a run writes.
    static let files = ["model.ckpt", "report.html"]

    /// Creates the output folder (default `runs/<yyyyMMdd-HHmmss>-<cell>`); refuses one
    /// that already holds a run's files unless `force`.
    static func prepare(_ path: String?, cell: String, force: Bool) throws -> URL {
        let url: URL
        if let path {
            url = URL(fileURLWithPath: path)
        } else {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            formatter.locale = Locale(identifier: "en_US_POSIX")
            url = URL(fileURLWithPath: "runs").appendingPathComponent(
                "\(formatter.string(from: Date()))-\(cell)")
        }
        let existing = files.filter {
            FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path)
        }
        if !existing.isEmpty && !force {
            throw CLIError(
                "\(url.path) already holds a run (\(existing.joined(separator: ", "))); "
                    + "choose another --output or pass --force to overwrite it")
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CLIError(
                "cannot create the output folder \(url.path): \(error.localizedDescription)")
        }
        return url
    }

    /// Writes `data` to a temporary file beside `url`, then renames it into place
    /// (`AtomicFile`).
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw CLIError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
