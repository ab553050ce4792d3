import Foundation
import Grading
import XCTest

/// An instructor's own fixtures: a `--fixtures DIR` file is either used whole or refused
/// by name before grading starts.
final class InstructorFixtureTests: XCTestCase {
    let builtIn = FixtureStore.builtInDirectory

    // MARK: Refusing what cannot be used

    /// The malformed kinds, each as (file name, what its refusal must say), written into
    /// `folder` from copies of the built-in files.
    func writeMalformedFiles(into folder: URL) throws -> [(name: String, reason: String)] {
        func builtInText(_ name: String) throws -> String {
            try String(contentsOf: builtIn.appendingPathComponent(name), encoding: .utf8)
        }
        func write(_ text: String, _ name: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let embedding = try builtInText("word_embedding.json")
        try write(String(embedding.prefix(embedding.count / 2)), "truncated.json")
        try write(try builtInText("rnn_step.json")
            .replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 2,"), "version2.json")
        // One value fewer than the shape needs.
        var rnn = try FixtureStore.read(builtIn.appendingPathComponent("rnn.json"))
        rnn.cases[0].inputs["b"]?.data.removeLast()
        try write(FixtureWriter.text(of: rnn), "short_data.json")
        var unknown = try FixtureStore.read(builtIn.appendingPathComponent("lstm.json"))
        unknown.fixture = "lstm_sequence"
        try write(FixtureWriter.text(of: unknown), "unknown_set.json")
        var lacking = try FixtureStore.read(builtIn.appendingPathComponent("gru_step.json"))
        lacking.cases[1].inputs["bh"] = nil
        try write(FixtureWriter.text(of: lacking), "missing_key.json")
        var noVocabulary = try FixtureStore.read(builtIn.appendingPathComponent("captioning_lstm.json"))
        noVocabulary.cases[1].settings?["wordToIdx"] = nil
        try write(FixtureWriter.text(of: noVocabulary), "missing_vocabulary.json")
        return [("truncated.json", "not valid JSON"), ("version2.json", "version 2"),
                ("short_data.json", "has shape [5] but 4 values"),
                ("unknown_set.json", "unknown fixture set \"lstm_sequence\""),
                ("missing_key.json", "lacks the input \"bh\""),
                ("missing_vocabulary.json", "no setting \"wordToIdx\"")]
    }

    func testEachMalformedKindIsRefusedByName() throws {
        let scratch = try temporaryFolder()
        let kinds = try writeMalformedFiles(into: scratch)
        for (name, reason) in kinds {
            // Each bad file beside a good one: only the bad one is refused.
            let folder = try temporaryFolder()
            try FileManager.default.copyItem(at: scratch.appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
            try FileManager.default.copyItem(at: builtIn.appendingPathComponent("rnn.json"),
                                             to: folder.appendingPathComponent("rnn_copy.json"))
            XCTAssertThrowsError(try FixtureStore(custom: folder), name) { error in
                guard let refusal = error as? FixtureRefusal else {
                    return XCTFail("\(name): threw \(error), not a FixtureRefusal")
                }
                XCTAssertEqual(refusal.refused.map { URL(fileURLWithPath: $0.file).lastPathComponent },
                               [name])
                XCTAssertTrue(refusal.refused.first?.problem.contains(reason) == true,
                              "\(name): \"\(refusal.refused.first?.problem ?? "")\" lacks \"\(reason)\"")
            }
        }
    }

    func testAModelCaseNoCheckReadsIsRefused() throws {
        let folder = try temporaryFolder()
        var file = try FixtureStore.read(builtIn.appendingPathComponent("captioning_rnn.json"))
        file.cases[0].outputs = [:]
        file.cases.removeSubrange(1...)
        try FixtureWriter.text(of: file).write(to: folder.appendingPathComponent("unused.json"),
                                               atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FixtureStore(custom: folder)) { error in
            XCTAssertTrue("\(error)".contains("unused.json") && "\(error)".contains("no check"),
                          "\(error)")
        }
    }

    func testTheGraderRefusesEveryBadFileBeforeGrading() throws {
        let folder = try temporaryFolder()
        let kinds = try writeMalformedFiles(into: folder)
        try FileManager.default.copyItem(at: builtIn.appendingPathComponent("rnn.json"),
                                         to: folder.appendingPathComponent("rnn_copy.json"))
        let run = try grade(["--impl", "solutions", "--fixtures", folder.path])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "", "no check may run")
        let lines = run.stderr.split(separator: "\n")
        XCTAssertTrue(lines.first?.contains("\(kinds.count) fixture files") == true, run.stderr)
        for (name, reason) in kinds {
            XCTAssertEqual(lines.filter { $0.contains("/" + name + ":") }.count, 1,
                           "one line for \(name): \(run.stderr)")
            XCTAssertTrue(lines.contains { $0.contains("/" + name + ":") && $0.contains(reason) },
                          "\(name) without \"\(reason)\": \(run.stderr)")
        }
        XCTAssertFalse(run.stderr.contains("rnn_copy.json"), run.stderr)
    }
}
