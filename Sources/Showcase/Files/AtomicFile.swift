import Foundation

/// Writing a file so that a reader sees either its old content or the whole new one,
/// never a half-written file (a checkpoint or report replaced while a run is stopped).
package enum AtomicFile {
    /// Writes `data` to `.<name>.tmp-<pid>` beside `url`, then renames it over `url`
    /// (rename(2) replaces an existing file atomically within a file system). On failure
    /// the temporary file is removed and `url` is left as it was.
    ///
    /// - Throws: the error of the write, or a `CocoaError` with rename's reason.
    package static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [
                        NSLocalizedDescriptionKey: String(cString: strerror(errno))
                    ])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
