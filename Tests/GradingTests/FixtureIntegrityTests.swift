import Foundation
import Grading
import Instructor
import Solutions
import XCTest

/// The built-in fixtures against the SHA-256 digests compiled into the grader: a changed,
/// missing or unknown built-in file fails the checks of its fixture set, naming the file;
/// the other sets still load, and instructors' folders are used as given.
final class FixtureIntegrityTests: XCTestCase {
    let builtIn = FixtureStore.builtInDirectory

    func builtInNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: builtIn.path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    /// A copy of the built-in folder, removed after the test.
    func copyOfBuiltIn() throws -> URL {
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("fixture-integrity-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: builtIn, to: copy)
        addTeardownBlock { try? FileManager.default.removeItem(at: copy) }
        return copy
    }

    /// Changes one digit of the file's first array, so the JSON stays valid: the case a
    /// hand-edited or overwritten fixture presents.
    func changeOneByte(of file: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: file))
        let data = Array("\"data\": [".utf8)
        let start = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: data) })
        let digit = try XCTUnwrap(
            bytes[(start + data.count)...].firstIndex {
                (UInt8(ascii: "1")...UInt8(ascii: "8")).contains($0)
            })
        bytes[digit] += 1
        try Data(bytes).write(to: file)
    }

    func run(_ checkName: String, with fixtures: FixtureStore) throws -> CheckResult {
        let check = try XCTUnwrap(CheckCatalog.named(checkName), "no check \(checkName)")
        return check.run(
            in: CheckContext(
                learner: InProcessLearner(Solutions.LearnerAssignment()),
                fixtures: fixtures))
    }

    func testCompiledInDigestsAreThoseOfTheFilesOnDisk() throws {
        let names = try builtInNames()
        XCTAssertFalse(names.isEmpty)
        XCTAssertEqual(BuiltInFixtureDigests.sha256.keys.sorted(), names)
        for name in names {
            let data = try Data(contentsOf: builtIn.appendingPathComponent(name))
            XCTAssertEqual(BuiltInFixtureDigests.sha256[name], SHA256.hexDigest(of: data), name)
        }
        let store = try FixtureStore()
        XCTAssertTrue(store.problems.isEmpty, "\(store.problems)")
        XCTAssertTrue(FixtureMaintenance.verifyDigests().isEmpty)
    }

    /// The grader grades with the copy compiled into it, which must be the files on disk.
    func testTheCompiledInCopyIsTheFilesOnDisk() throws {
        XCTAssertEqual(BuiltInFixtureFiles.json.keys.sorted(), try builtInNames())
        for name in try builtInNames() {
            XCTAssertEqual(
                BuiltInFixtureFiles.json[name].map { Data($0.utf8) },
                try Data(contentsOf: builtIn.appendingPathComponent(name)), name)
        }
        XCTAssertEqual(FixtureEmbedding.differences(from: builtIn), [])
        // A changed file on disk is reported by `fixtures verify`, naming it.
        let folder = try copyOfBuiltIn()
        try changeOneByte(of: folder.appendingPathComponent("lstm.json"))
        let lines = FixtureEmbedding.differences(from: folder)
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.contains("lstm.json") ?? false, "\(lines)")
    }

    /// Text that a naive raw string literal would end or escape early is still embedded
    /// byte for byte (`"""#`, `\#`), and a carriage return is refused.
    func testEmbeddingChoosesADelimiterTheTextDoesNotContain() throws {
        let folder = try temporaryFolder()
        let text = "{\"a\": \"\\#( \\\"\\\"\\\"# \"\"\"#\"}"
        try Data(text.utf8).write(to: folder.appendingPathComponent("odd.json"))
        let source = try FixtureEmbedding.source(for: folder)
        XCTAssertTrue(source.contains("##\"\"\"\n" + text + "\n\"\"\"##,"), source)
        try Data("{}\r\n".utf8).write(to: folder.appendingPathComponent("odd.json"))
        XCTAssertThrowsError(try FixtureEmbedding.source(for: folder))
    }

    /// The committed digests file is what `grader fixtures regenerate` writes, and a rerun
    /// leaves it alone.
    func testRegeneratingWritesTheCommittedDigestsFile() throws {
        let folder = try copyOfBuiltIn()
        let digests = folder.appendingPathComponent("Digests.swift")
        let embedded = folder.appendingPathComponent("Files.swift")
        let first = try FixtureMaintenance.regenerate(
            into: folder, digestsFile: digests,
            embeddedFile: embedded)
        XCTAssertEqual(Array(first.suffix(2)), [digests.path, embedded.path])
        XCTAssertEqual(
            try Data(contentsOf: digests),
            try Data(contentsOf: FixtureMaintenance.builtInDigestsFile))
        XCTAssertEqual(
            try Data(contentsOf: embedded),
            try Data(contentsOf: FixtureMaintenance.builtInFilesFile))
        let second = try FixtureMaintenance.regenerate(
            into: folder, digestsFile: digests,
            embeddedFile: embedded)
        XCTAssertFalse(second.contains(digests.path), "an unchanged digests file was rewritten")
        XCTAssertFalse(second.contains(embedded.path), "an unchanged copy was rewritten")
        let into = try FixtureMaintenance.regenerate(into: folder)
        XCTAssertFalse(into.contains { $0.hasSuffix(".swift") }, "\(into)")
    }

    func testOneChangedByteIsReportedAsModifiedAndTheOtherSetsStillLoad() throws {
        let folder = try copyOfBuiltIn()
        let rnn = folder.appendingPathComponent("rnn.json")
        try changeOneByte(of: rnn)
        XCTAssertNoThrow(try FixtureStore.read(rnn), "the changed file should still be valid")

        let store = try FixtureStore(builtIn: folder)
        XCTAssertEqual(store.problems.keys.sorted(), ["rnn.json"])
        let message = store.problems["rnn.json"]?.description ?? ""
        for part in ["modified", rnn.path, "git checkout", "fixtures regenerate"] {
            XCTAssertTrue(message.contains(part), "\"\(part)\" not in: \(message)")
        }
        XCTAssertThrowsError(try store.cases(for: "rnn"))
        for name in try builtInNames() where name != "rnn.json" {
            let fixture = String(name.dropLast(".json".count))
            XCTAssertFalse(try store.cases(for: fixture).isEmpty, fixture)
        }
        let rnnForward = try run("rnnForward", with: store)
        XCTAssertEqual(rnnForward.status, .fail)
        XCTAssertTrue(rnnForward.message?.contains("modified") ?? false, "\(rnnForward)")
        XCTAssertEqual(try run("lstmForward", with: store).status, .pass)

        let lines = FixtureMaintenance.verifyDigests(directory: folder)
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.contains("rnn.json") ?? false, "\(lines)")
    }

    func testMissingAndExtraBuiltInFilesAreReported() throws {
        let folder = try copyOfBuiltIn()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("lstm.json"))
        // A valid file that adds cases to rnn_step, like an instructor's extra file.
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("rnn_step.json"),
            to: folder.appendingPathComponent("rnn_step_more.json"))

        let store = try FixtureStore(builtIn: folder)
        XCTAssertEqual(store.problems.keys.sorted(), ["lstm.json", "rnn_step_more.json"])
        let missing = store.problems["lstm.json"]?.description ?? ""
        XCTAssertTrue(missing.contains("missing") && missing.contains("git checkout"), missing)
        let extra = store.problems["rnn_step_more.json"]?.description ?? ""
        XCTAssertTrue(extra.contains("no SHA-256") && extra.contains("--fixtures"), extra)
        XCTAssertThrowsError(try store.cases(for: "lstm"))
        // rnn_step.json itself is intact, but the set it belongs to was tampered with.
        XCTAssertThrowsError(try store.cases(for: "rnn_step")) { error in
            XCTAssertTrue("\(error)".contains("rnn_step_more.json"), "\(error)")
        }
        XCTAssertFalse(try store.cases(for: "gru").isEmpty)
        XCTAssertEqual(try run("lstmForward", with: store).status, .fail)
        XCTAssertEqual(try run("rnnStepForward", with: store).status, .fail)
        XCTAssertEqual(try run("rnnForward", with: store).status, .pass)

        let lines = FixtureMaintenance.verifyDigests(directory: folder)
        XCTAssertEqual(lines.count, 2, "\(lines)")
    }

    /// `--fixtures DIR` is the instructor's: used as given, and a file there replaces a
    /// modified built-in one of the same name.
    func testInstructorFoldersAreNotDigestChecked() throws {
        let builtInCopy = try copyOfBuiltIn()
        try changeOneByte(of: builtInCopy.appendingPathComponent("rnn.json"))
        let custom = try copyOfBuiltIn()
        for name in try builtInNames() where name != "rnn.json" {
            try FileManager.default.removeItem(at: custom.appendingPathComponent(name))
        }
        try changeOneByte(of: custom.appendingPathComponent("rnn.json"))
        try FileManager.default.copyItem(
            at: builtIn.appendingPathComponent("gru.json"),
            to: custom.appendingPathComponent("gru_hidden.json"))

        let store = try FixtureStore(custom: custom, builtIn: builtInCopy)
        XCTAssertTrue(store.problems.isEmpty, "\(store.problems)")
        let rnn = try store.cases(for: "rnn")
        XCTAssertTrue(rnn.allSatisfy { $0.file.hasPrefix(custom.path) }, "\(rnn.map(\.file))")
        XCTAssertTrue(try store.cases(for: "gru").contains { $0.file.hasSuffix("gru_hidden.json") })
    }
}
