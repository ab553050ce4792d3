import Foundation

/// Compares built-in fixture files with the SHA-256 digests compiled into this grader
/// (`BuiltInFixtureDigests.swift`), and writes that file when the fixtures are regenerated.
///
/// Without it, a learner who overwrote `rnn.json` with their own layer's outputs would pass
/// the rnn checks. Instructors' folders (`--fixtures DIR`) are theirs and are not checked.
package enum FixtureIntegrity {
    /// A built-in file that is not the one this grader was built with.
    package struct Violation: Sendable {
        /// The fixture set whose checks must fail because of it.
        package let fixture: String
        package let error: FixtureError
    }

    /// Why `data`, the bytes of the built-in file `path`, cannot be used; nil when they are
    /// the bytes this grader was built with. The caller decodes these same bytes afterwards,
    /// so nothing can swap the file between the check and the use.
    package static func violation(in data: Data, of path: URL) -> Violation? {
        let name = path.lastPathComponent
        guard let expected = BuiltInFixtureDigests.sha256[name] else {
            // The file adds its cases to the set it names, so that set is the one at stake.
            let fixture = (try? JSONDecoder().decode(FixtureName.self, from: data))?.fixture
            return Violation(
                fixture: fixture ?? stem(of: name),
                error: FixtureError(
                    file: path.path,
                    problem: "is not one of the built-in "
                        + "fixtures this grader was built with (it has no SHA-256 on record): remove "
                        + "it; fixtures of your own belong in a folder passed with `--fixtures DIR` "
                        + "(or, as an instructor who changed Reference, run `swift run grader "
                        + "fixtures regenerate` and rebuild)"))
        }
        guard SHA256.hexDigest(of: data) != expected else { return nil }
        return Violation(
            fixture: stem(of: name),
            error: FixtureError(
                file: path.path,
                problem: "was modified since this grader was "
                    + "built (its SHA-256 differs): restore it with `git checkout -- \(path.path)` "
                    + "(or, as an instructor who changed Reference, `swift run grader fixtures "
                    + "regenerate` and rebuild)"))
    }

    /// The built-in files this grader was built with that `directory` lacks, by file name;
    /// `present` are the names found there.
    package static func missingFiles(
        in directory: URL, present: Set<String>
    )
        -> [(name: String, violation: Violation)]
    {
        BuiltInFixtureDigests.sha256.keys.sorted().filter { !present.contains($0) }.map { name in
            let path = directory.appendingPathComponent(name).path
            return (
                name,
                Violation(
                    fixture: stem(of: name),
                    error: FixtureError(
                        file: path,
                        problem: "is missing (this grader was built "
                            + "with it): restore it with `git checkout -- \(path)` (or, as an instructor "
                            + "who changed Reference, `swift run grader fixtures regenerate` and rebuild)"
                    ))
            )
        }
    }

    /// The text of `BuiltInFixtureDigests.swift` for the `*.json` files in `directory`.
    package static func digestsSource(for directory: URL) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        let entries = try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return "        \"\(name)\": \"\(SHA256.hexDigest(of: data))\","
        }
        return """
            // swift-format-ignore-file
            // (generated: scripts/format leaves it as written)
            // Written by `swift run grader fixtures regenerate`; do not edit.
            // Compiled into the grader so that it notices a built-in fixture file changed since
            // the build (see FixtureIntegrity.swift).

            /// The SHA-256 of each file in Fixtures/Data, by file name, when it was generated.
            package enum BuiltInFixtureDigests {
                package static let sha256: [String: String] = [
            \(entries.isEmpty ? "        :" : entries.joined(separator: "\n"))
                ]
            }

            """
    }

    /// Rewrites `file` with the digests of `directory`, atomically; returns false, writing
    /// nothing, when it already holds them (an untouched file needs no rebuild).
    package static func writeDigests(of directory: URL, to file: URL) throws -> Bool {
        let source = Data(try digestsSource(for: directory).utf8)
        if let existing = try? Data(contentsOf: file), existing == source { return false }
        try source.write(to: file, options: .atomic)
        return true
    }

    /// Built-in files are named after their fixture set (`rnn.json` holds `rnn`).
    private static func stem(of name: String) -> String {
        name.hasSuffix(".json") ? String(name.dropLast(".json".count)) : name
    }

    private struct FixtureName: Decodable {
        let fixture: String
    }
}
