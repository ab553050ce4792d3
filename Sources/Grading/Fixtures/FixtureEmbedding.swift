import Foundation

/// Writes `BuiltInFixtureFiles.swift`: the built-in fixture files as Swift string literals,
/// so that they are compiled into the grader.
///
/// Why compiled in rather than found through the source path or read as a SwiftPM
/// resource: a grader built once (an autograder image, a release binary) is copied and run
/// on other hosts, away from its sources. A path taken from `#filePath` names the build
/// machine's source tree, so a copied grader failed every check. `Bundle.module` would
/// need its resource folder copied beside the binary, and on Linux its generated accessor
/// falls back to the absolute build path, so a test on the build machine would pass while
/// a real copy failed. Compiled in, the fixtures travel with the one binary, and the only
/// way to change them is to rebuild. `Data/*.json` stays the human-readable source:
/// `grader fixtures regenerate` writes it, this file and `BuiltInFixtureDigests.swift`
/// together, and `grader fixtures verify` checks that the compiled-in copy equals it.
package enum FixtureEmbedding {
    /// The name of the generated file, beside `BuiltInFixtureDigests.swift`.
    package static let fileName = "BuiltInFixtureFiles.swift"

    /// Why a fixture file cannot be written as a Swift string literal.
    package struct Unembeddable: Error, CustomStringConvertible {
        package let file: String
        package let problem: String
        package var description: String { "\(file): \(problem)" }
    }

    /// The text of `BuiltInFixtureFiles.swift` for the `*.json` files in `directory`.
    ///
    /// Each file becomes a raw multi-line string literal whose value is exactly the file's
    /// bytes: the closing delimiter starts its line (so no indentation is stripped), a line
    /// break is added before it (the literal drops the last one), and the literal takes as
    /// many `#` as it needs for no `"""#…` or `\#…` in the text to end it or escape.
    ///
    /// - Throws: `Unembeddable` for a file that is not UTF-8 or holds a carriage return
    ///   (which a multi-line literal would turn into a line feed).
    package static func source(for directory: URL) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        let entries = try names.map { name -> String in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let text = String(data: data, encoding: .utf8) else {
                throw Unembeddable(file: name, problem: "is not UTF-8 text")
            }
            guard !text.unicodeScalars.contains("\r") else {
                throw Unembeddable(file: name, problem: "holds a carriage return")
            }
            var hashes = "#"
            while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) {
                hashes += "#"
            }
            return "        \(quoted(name)): \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),"
        }
        return """
            // swift-format-ignore-file
            // (generated: scripts/format leaves it as written)
            // Written by `swift run grader fixtures regenerate` from Data/*.json; do not edit.
            // The built-in fixtures compiled into the grader, so that it finds them wherever it
            // is copied (see FixtureEmbedding.swift and README.md in this folder).

            /// The text of each file in Fixtures/Data, by file name, when it was generated.
            package enum BuiltInFixtureFiles {
                package static let json: [String: String] = [
            \(entries.isEmpty ? "        :" : entries.joined(separator: "\n"))
                ]
            }

            """
    }

    /// Rewrites `file` with the fixtures of `directory`, atomically; returns false, writing
    /// nothing, when it already holds them (an untouched file needs no rebuild).
    package static func write(from directory: URL, to file: URL) throws -> Bool {
        let source = Data(try source(for: directory).utf8)
        if let existing = try? Data(contentsOf: file), existing == source { return false }
        try source.write(to: file, options: .atomic)
        return true
    }

    /// The compiled-in files that differ from the `*.json` files in `directory` (or from the
    /// digests compiled in beside them), one line each; empty when all are equal.
    package static func differences(from directory: URL) -> [String] {
        let onDisk = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }
        var lines: [String] = []
        for name in Set(onDisk).union(BuiltInFixtureFiles.json.keys).sorted() {
            let path = directory.appendingPathComponent(name).path
            guard let text = BuiltInFixtureFiles.json[name] else {
                lines.append(
                    "\(path): not compiled into this grader (run `swift run grader "
                        + "fixtures regenerate` and rebuild)")
                continue
            }
            let compiled = Data(text.utf8)
            if BuiltInFixtureDigests.sha256[name] != SHA256.hexDigest(of: compiled) {
                lines.append(
                    "\(path): the compiled-in copy does not have the SHA-256 in "
                        + "BuiltInFixtureDigests.swift (run `swift run grader fixtures regenerate` "
                        + "and rebuild)")
            }
            guard let disk = FileManager.default.contents(atPath: path) else {
                lines.append("\(path): compiled into this grader but missing on disk")
                continue
            }
            if disk != compiled {
                lines.append(
                    "\(path): differs from the copy compiled into this grader (run "
                        + "`swift run grader fixtures regenerate` and rebuild)")
            }
        }
        return lines
    }

    private static func quoted(_ name: String) -> String {
        "\""
            + name.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
