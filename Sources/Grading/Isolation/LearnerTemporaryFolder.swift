import Foundation

/// Where the folders a learner process needs (its copy of the program, its scratch folder)
/// are made: the grader's temporary folder when another user can reach it, else `/tmp`.
///
/// As root the learner runs as another user, who must be able to enter every folder on
/// the way to its program. A private `TMPDIR` (mode 0700, as `mktemp -d` makes, or a
/// per-user temporary folder) would make every learner process fail before it answers,
/// which would fail correct code.
package enum LearnerTemporaryFolder {
    /// The folder to make learner folders in.
    package static var url: URL {
        let preferred = FileManager.default.temporaryDirectory.standardizedFileURL
        return isReachableByOthers(preferred.path) ? preferred : URL(fileURLWithPath: "/tmp")
    }

    /// Whether every folder from `/` down to `path` lets other users pass through (o+x).
    package static func isReachableByOthers(_ path: String) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var info = stat()
            guard stat(prefix, &info) == 0, info.st_mode & S_IXOTH != 0 else { return false }
        }
        return true
    }
}
