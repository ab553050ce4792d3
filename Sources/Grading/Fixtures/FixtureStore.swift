import Foundation

/// The fixtures a grading run uses: the built-in ones, optionally replaced or extended by
/// an instructor's folder.
///
/// A file in the instructor's folder with the same name as a built-in one replaces it;
/// any other file adds its cases to the fixture set it names. Built-in files must have the
/// SHA-256 compiled into this grader (`BuiltInFixtureDigests`): a modified, missing or
/// unknown one fails the checks of its fixture set, naming the file and the remedy.
public struct FixtureStore: Sendable {
    /// Cases by fixture set name, with the file each came from.
    public private(set) var cases: [String: [(fixtureCase: FixtureCase, file: String)]] = [:]
    /// Built-in files that could not be read, with the reason; the checks that need them
    /// fail. (An instructor's file that cannot be read stops the run: `FixtureRefusal`.)
    public private(set) var problems: [String: FixtureError] = [:]
    /// Built-in files that are not the ones this grader was built with, by file name.
    private var violations: [String: FixtureIntegrity.Violation] = [:]

    /// The built-in fixtures' source folder, `Data/` beside this file in the package
    /// sources: where `grader fixtures regenerate` writes them and `verify` reads them.
    ///
    /// Grading does not read it: the grader uses the copy compiled into it
    /// (`BuiltInFixtureFiles`, see `FixtureEmbedding.swift`), so that it grades wherever it
    /// is copied. Only the instructor's maintenance commands, run in the kit they were built
    /// from, find the folder through this source file's path.
    public static var builtInDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Data", isDirectory: true)
    }

    /// Loads the built-in fixtures, checked against the compiled-in digests, and then
    /// `custom`, if given, as it is.
    ///
    /// - Parameters:
    ///   - custom: an instructor's folder (`--fixtures DIR`).
    ///   - builtIn: a folder to read the built-in files from instead of the copy compiled
    ///     into this grader (tests use it to present modified, missing or extra files).
    /// - Throws: `FixtureRefusal` naming every file in `custom` that cannot be used whole
    ///   (see `readInstructorFile`); `FixtureError` when a folder does not exist.
    public init(custom: URL? = nil, builtIn: URL? = nil) throws {
        var byFile: [String: FixtureFile] = [:]
        var paths: [String: String] = [:]
        let builtInFiles: [(name: String, url: URL)]
        let folder = builtIn ?? Self.builtInDirectory
        if let builtIn {
            builtInFiles = try Self.jsonFiles(in: builtIn, role: "built-in fixture folder")
            for (name, path) in builtInFiles {
                load(path: path, name: name, into: &byFile, paths: &paths) {
                    try Self.contents(of: path)
                }
            }
        } else {
            // Named as the files they were generated from, so messages point at the source.
            builtInFiles = BuiltInFixtureFiles.json.keys.sorted()
                .map { ($0, folder.appendingPathComponent($0)) }
            for (name, path) in builtInFiles {
                load(path: path, name: name, into: &byFile, paths: &paths) {
                    Data((BuiltInFixtureFiles.json[name] ?? "").utf8)
                }
            }
        }
        let present = Set(builtInFiles.map(\.name))
        for (name, violation) in FixtureIntegrity.missingFiles(in: folder, present: present) {
            violations[name] = violation
            problems[name] = violation.error
        }
        if let custom {
            // An instructor's file is used whole or refused, before any grading: a hidden
            // test that silently dropped out would pass every submission on it.
            var refused: [FixtureError] = []
            for (name, path) in try Self.jsonFiles(in: custom, role: "fixture folder") {
                do {
                    byFile[name] = try Self.readInstructorFile(path)
                    paths[name] = path.path
                    problems[name] = nil
                    violations[name] = nil
                } catch let error as FixtureError {
                    refused.append(error)
                }
            }
            guard refused.isEmpty else {
                throw FixtureRefusal(folder: custom.path, refused: refused)
            }
        }
        for (name, file) in byFile.sorted(by: { $0.key < $1.key }) {
            guard let path = paths[name] else { continue }  // every loaded file has its path
            cases[file.fixture, default: []] += Self.concealingHidden(file, path: path)
        }
    }

    /// A store of just these cases, by fixture set: for trying candidate fixtures against
    /// the checks before they are written (`grader fixtures generate`).
    package init(candidates: [String: [FixtureCase]]) {
        cases = candidates.mapValues { $0.map { ($0, "a candidate fixture") } }
    }

    /// The file's cases with every hidden one renamed "hidden case k of n" and its file
    /// given as "a hidden fixture file", so no report can show what it tests.
    static func concealingHidden(
        _ file: FixtureFile, path: String
    )
        -> [(fixtureCase: FixtureCase, file: String)]
    {
        let hidden = file.cases.indices.filter { file.hidden == true || file.cases[$0].isHidden }
        return file.cases.enumerated().map { index, original in
            guard let rank = hidden.firstIndex(of: index) else { return (original, path) }
            var concealed = original
            concealed.name = "hidden case \(rank + 1) of \(hidden.count)"
            concealed.description = ""
            concealed.hidden = true
            return (concealed, "a hidden fixture file")
        }
    }

    /// The cases of one fixture set; throws if none could be loaded, or if a built-in file
    /// of the set is not the one this grader was built with (grading with the other files
    /// alone would hide that).
    public func cases(for fixture: String) throws -> [(fixtureCase: FixtureCase, file: String)] {
        let violated = violations.sorted { $0.key < $1.key }.first { $0.value.fixture == fixture }
        if let violated { throw violated.value.error }
        if let found = cases[fixture], !found.isEmpty { return found }
        if let problem = problems["\(fixture).json"] { throw problem }
        throw FixtureError(
            file: "\(fixture).json",
            problem: "no fixture file provides the "
                + "\"\(fixture)\" cases (run `swift run grader fixtures regenerate`)")
    }

    /// Reads a built-in file once; the digest is taken of the very bytes decoded.
    private mutating func load(
        path: URL, name: String,
        into files: inout [String: FixtureFile],
        paths: inout [String: String], bytes: () throws -> Data
    ) {
        do {
            let data = try bytes()
            if let violation = FixtureIntegrity.violation(in: data, of: path) {
                violations[name] = violation
                problems[name] = violation.error
                return
            }
            files[name] = try Self.decode(data, file: path.path)
            paths[name] = path.path
        } catch let error as FixtureError {
            problems[name] = error
        } catch {
            problems[name] = FixtureError(file: path.path, problem: "\(error)")
        }
    }

    /// Reads and validates one fixture file.
    public static func read(_ path: URL) throws -> FixtureFile {
        try decode(contents(of: path), file: path.path)
    }

    /// Reads an instructor's fixture file and holds it to what the checks need: a known
    /// fixture set, at least one case, and every key the set's checks read
    /// (`FixtureRequirements`); throws naming the file and the first problem.
    public static func readInstructorFile(_ path: URL) throws -> FixtureFile {
        try instructorFile(from: contents(of: path), file: path.path)
    }

    /// Decodes the bytes of an instructor's fixture file and holds it to what the checks
    /// need, as `readInstructorFile` does; `name` names it in error messages.
    package static func instructorFile(from data: Data, file name: String) throws -> FixtureFile {
        let file = try decode(data, file: name)
        guard FixtureRequirements.knownSets.contains(file.fixture) else {
            throw FixtureError(
                file: name,
                problem: "names the unknown fixture set "
                    + "\"\(file.fixture)\"; the checks read "
                    + FixtureRequirements.knownSets.sorted().joined(separator: ", "))
        }
        guard !file.cases.isEmpty else {
            throw FixtureError(file: name, problem: "has no cases")
        }
        for fixtureCase in file.cases {
            if let problem = FixtureRequirements.problem(with: fixtureCase, in: file.fixture) {
                throw FixtureError(
                    file: name,
                    problem: problem
                        + " (a \(file.fixture) case needs them)")
            }
        }
        return file
    }

    private static func contents(of path: URL) throws -> Data {
        do {
            return try Data(contentsOf: path)
        } catch {
            throw FixtureError(file: path.path, problem: "cannot be read")
        }
    }

    /// Decodes and validates the bytes of the fixture file `name`: the schema, the format
    /// and version, and every array's dtype and shape against its values.
    ///
    /// - Throws: `FixtureError` naming the file and, for an array, its case and key.
    package static func decode(_ data: Data, file name: String) throws -> FixtureFile {
        let file: FixtureFile
        do {
            file = try JSONDecoder().decode(FixtureFile.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw FixtureError(
                file: name, problem: "is not valid JSON (\(context.debugDescription))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw FixtureError(
                file: name,
                problem: "lacks the field \"\(key.stringValue)\" at "
                    + context.codingPath.map(\.stringValue).joined(separator: "."))
        } catch {
            throw FixtureError(
                file: name,
                problem: "does not follow the fixture schema "
                    + "(\(error))")
        }
        guard file.format == FixtureFile.formatName else {
            throw FixtureError(
                file: name,
                problem: "format is \"\(file.format)\", expected "
                    + "\"\(FixtureFile.formatName)\"")
        }
        guard file.version == FixtureFile.currentVersion else {
            throw FixtureError(
                file: name,
                problem: "is version \(file.version); this grader "
                    + "reads version \(FixtureFile.currentVersion) (regenerate or convert it)")
        }
        for fixtureCase in file.cases {
            for (key, array) in fixtureCase.inputs.merging(
                fixtureCase.outputs, uniquingKeysWith: { a, _ in a })
            {
                try array.validated(file: name, label: "\(fixtureCase.name).\(key)")
                guard ["float64", "int64"].contains(array.dtype) else {
                    throw FixtureError(
                        file: name,
                        problem: "array \"\(fixtureCase.name)."
                            + "\(key)\" has dtype \"\(array.dtype)\"; use float64 or int64")
                }
            }
        }
        return file
    }

    package static func jsonFiles(
        in directory: URL, role: String
    ) throws -> [(name: String, url: URL)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw FixtureError(file: directory.path, problem: "the \(role) does not exist")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
            .map { ($0, directory.appendingPathComponent($0)) }
    }
}
