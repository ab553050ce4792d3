import Foundation
import Grading

/// The submissions of a class in one folder: a folder each, or a zip each (unpacked with
/// the system's `unzip`, where there is one).
package enum SubmissionFolder {
    /// One submission, named after its folder or zip.
    package struct Entry: Sendable {
        public let name: String
        public let folder: URL
    }

    /// The submissions in `folder`, sorted by name; zips are unpacked into `scratch`.
    /// What cannot be used is listed with the reason, never dropped silently.
    package static func entries(
        in folder: URL, scratch: URL
    ) throws
        -> (entries: [Entry], refused: [String])
    {
        let manager = FileManager.default
        let names = try manager.contentsOfDirectory(atPath: folder.path).filter {
            !$0.hasPrefix(".")
        }
        .sorted()
        var entries: [Entry] = []
        var refused: [String] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                // Listed a moment ago: removed since, or a link to nothing.
                refused.append("\(name): no longer there, or a link to nothing")
                continue
            }
            if isFolder.boolValue {
                entries.append(Entry(name: name, folder: url))
            } else if name.lowercased().hasSuffix(".zip") {
                let target = scratch.appendingPathComponent(String(name.dropLast(4)))
                if let problem = unzip(url, into: target) {
                    refused.append("\(name): \(problem)")
                } else {
                    entries.append(Entry(name: String(name.dropLast(4)), folder: target))
                }
            } else {
                refused.append("\(name): not a folder or a .zip")
            }
        }
        return (entries, refused)
    }

    /// Unpacks a zip with `unzip`; returns why it could not, or nil.
    static func unzip(_ archive: URL, into folder: URL) -> String? {
        let unzip = ["/usr/bin/unzip", "/bin/unzip"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let unzip else { return "no unzip program on this machine: unpack it into a folder" }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let status = try Command.run(
                [unzip, "-qq", "-o", archive.path, "-d", folder.path],
                log: folder.appendingPathComponent(".unzip-log"),
                registry: LivePids())
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(".unzip-log"))
            return status == 0 ? nil : "unzip failed with status \(status) (a damaged archive?)"
        } catch {
            return "\(error)"
        }
    }
}
