import Foundation
import Grading

/// `grader fixtures regenerate` and `grader fixtures verify`.
package enum FixtureMaintenance {
    /// The generated digests of the built-in fixtures, compiled into the grader.
    package static var builtInDigestsFile: URL {
        FixtureStore.builtInDirectory.deletingLastPathComponent()
            .appendingPathComponent("BuiltInFixtureDigests.swift")
    }

    /// The generated copy of the built-in fixtures, compiled into the grader.
    package static var builtInFilesFile: URL {
        FixtureStore.builtInDirectory.deletingLastPathComponent()
            .appendingPathComponent(FixtureEmbedding.fileName)
    }

    /// Writes every built-in fixture into `directory`, then, if `digestsFile` is given, the
    /// SHA-256 of every `*.json` file there into it, and if `embeddedFile` is given, their
    /// text as Swift (`FixtureEmbedding`), each unless it already holds them, so an
    /// unchanged rerun triggers no rebuild; returns the files written. Files other than the
    /// generated ones are left alone.
    package static func regenerate(
        into directory: URL, digestsFile: URL? = nil,
        embeddedFile: URL? = nil
    ) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for (name, file) in FixtureGenerator.all().sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            let data = Data(FixtureWriter.text(of: file).utf8)
            // Atomic, so an interrupted run never leaves half a file.
            try data.write(to: url, options: .atomic)
            written.append(url.path)
        }
        if let digestsFile, try FixtureIntegrity.writeDigests(of: directory, to: digestsFile) {
            written.append(digestsFile.path)
        }
        if let embeddedFile, try FixtureEmbedding.write(from: directory, to: embeddedFile) {
            written.append(embeddedFile.path)
        }
        return written
    }

    /// Why `grader fixtures generate` wrote nothing.
    package enum GenerationError: Error, CustomStringConvertible, Equatable {
        /// These files exist in the target folder and `--force` was not given.
        case wouldOverwrite([String])

        public var description: String {
            switch self {
            case .wouldOverwrite(let paths):
                return
                    "\(paths.joined(separator: ", ")) already exist\(paths.count == 1 ? "s" : ""); "
                    + "pass --force to overwrite, or choose another folder or seed"
            }
        }
    }

    /// Writes `count` hidden cases per fixture set, drawn from `seed`, into `directory`
    /// (`<set>_seed<S>.json`); returns the files written. Unless `force`, writes nothing
    /// when any of them exists: a hidden test set is not replaced by accident.
    package static func generate(
        seed: UInt64, count: Int, into directory: URL,
        force: Bool
    ) throws -> [String] {
        let files = SeededFixtures.files(seed: seed, count: count).sorted { $0.key < $1.key }
        let existing = files.map { directory.appendingPathComponent($0.key).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        guard force || existing.isEmpty else { throw GenerationError.wouldOverwrite(existing) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try files.map { name, file in
            let url = directory.appendingPathComponent(name)
            try Data(FixtureWriter.text(of: file).utf8).write(to: url, options: .atomic)
            return url.path
        }
    }

    /// Compares the files in `directory` with what Reference generates now; returns one
    /// line per drifted, missing or unreadable file (empty when everything matches).
    package static func verify(directory: URL) -> [String] {
        var problems: [String] = []
        for (name, file) in FixtureGenerator.all().sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else {
                problems.append("\(url.path): missing")
                continue
            }
            if data != Data(FixtureWriter.text(of: file).utf8) {
                let stored = try? FixtureStore.read(url)
                problems.append(
                    "\(url.path): differs from what Reference generates now"
                        + (stored == nil ? " (and cannot be read)" : ""))
            }
        }
        return problems
    }

    /// Compares the files in the built-in `directory` with the digests compiled into this
    /// grader; returns one line per modified, missing or unknown file.
    package static func verifyDigests(directory: URL = FixtureStore.builtInDirectory) -> [String] {
        let files = (try? FixtureStore.jsonFiles(in: directory, role: "fixture folder")) ?? []
        var violations = files.compactMap { name, url -> FixtureIntegrity.Violation? in
            // An unreadable file is the drift check's to report.
            guard let data = try? Data(contentsOf: url) else { return nil }
            return FixtureIntegrity.violation(in: data, of: url)
        }
        violations += FixtureIntegrity.missingFiles(in: directory, present: Set(files.map(\.name)))
            .map(\.violation)
        return violations.map { "\($0.error.file): \($0.error.problem)" }
    }
}
