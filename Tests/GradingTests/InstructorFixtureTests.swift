import Foundation
import Grading
import Instructor
import Tensor
import XCTest

/// An instructor's own fixtures: `grader fixtures generate` draws hidden cases from a
/// seed that Solutions pass and mistakes fail, and a `--fixtures DIR` file is either used
/// whole or refused by name before grading starts.
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
            try text.write(
                to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let embedding = try builtInText("word_embedding.json")
        try write(String(embedding.prefix(embedding.count / 2)), "truncated.json")
        try write(
            try builtInText("rnn_step.json")
                .replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 2,"),
            "version2.json")
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
        var noVocabulary = try FixtureStore.read(
            builtIn.appendingPathComponent("captioning_lstm.json"))
        noVocabulary.cases[1].settings?["wordToIdx"] = nil
        try write(FixtureWriter.text(of: noVocabulary), "missing_vocabulary.json")
        return [
            ("truncated.json", "not valid JSON"), ("version2.json", "version 2"),
            ("short_data.json", "has shape [5] but 4 values"),
            ("unknown_set.json", "unknown fixture set \"lstm_sequence\""),
            ("missing_key.json", "lacks the input \"bh\""),
            ("missing_vocabulary.json", "no setting \"wordToIdx\""),
        ]
    }

    func testEachMalformedKindIsRefusedByName() throws {
        let scratch = try temporaryFolder()
        let kinds = try writeMalformedFiles(into: scratch)
        for (name, reason) in kinds {
            // Each bad file beside a good one: only the bad one is refused.
            let folder = try temporaryFolder()
            try FileManager.default.copyItem(
                at: scratch.appendingPathComponent(name),
                to: folder.appendingPathComponent(name))
            try FileManager.default.copyItem(
                at: builtIn.appendingPathComponent("rnn.json"),
                to: folder.appendingPathComponent("rnn_copy.json"))
            XCTAssertThrowsError(try FixtureStore(custom: folder), name) { error in
                guard let refusal = error as? FixtureRefusal else {
                    return XCTFail("\(name): threw \(error), not a FixtureRefusal")
                }
                XCTAssertEqual(
                    refusal.refused.map { URL(fileURLWithPath: $0.file).lastPathComponent },
                    [name])
                XCTAssertTrue(
                    refusal.refused.first?.problem.contains(reason) == true,
                    "\(name): \"\(refusal.refused.first?.problem ?? "")\" lacks \"\(reason)\"")
            }
        }
    }

    func testAModelCaseNoCheckReadsIsRefused() throws {
        let folder = try temporaryFolder()
        var file = try FixtureStore.read(builtIn.appendingPathComponent("captioning_rnn.json"))
        file.cases[0].outputs = [:]
        file.cases.removeSubrange(1...)
        try FixtureWriter.text(of: file).write(
            to: folder.appendingPathComponent("unused.json"),
            atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FixtureStore(custom: folder)) { error in
            XCTAssertTrue(
                "\(error)".contains("unused.json") && "\(error)".contains("no check"),
                "\(error)")
        }
    }

    func testTheGraderRefusesEveryBadFileBeforeGrading() throws {
        let folder = try temporaryFolder()
        let kinds = try writeMalformedFiles(into: folder)
        try FileManager.default.copyItem(
            at: builtIn.appendingPathComponent("rnn.json"),
            to: folder.appendingPathComponent("rnn_copy.json"))
        let run = try grade(["--impl", "solutions", "--fixtures", folder.path])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "", "no check may run")
        let lines = run.stderr.split(separator: "\n")
        XCTAssertTrue(lines.first?.contains("\(kinds.count) fixture files") == true, run.stderr)
        for (name, reason) in kinds {
            XCTAssertEqual(
                lines.filter { $0.contains("/" + name + ":") }.count, 1,
                "one line for \(name): \(run.stderr)")
            XCTAssertTrue(
                lines.contains { $0.contains("/" + name + ":") && $0.contains(reason) },
                "\(name) without \"\(reason)\": \(run.stderr)")
        }
        XCTAssertFalse(run.stderr.contains("rnn_copy.json"), run.stderr)
    }

    // MARK: Generating hidden fixtures

    func generate(seed: UInt64, extra: [String] = []) throws -> (folder: URL, files: [String: Data])
    {
        let folder = try temporaryFolder()
        let run = try grade(
            ["fixtures", "generate", "--seed", "\(seed)", "--into", folder.path] + extra)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return (
            folder,
            Dictionary(
                uniqueKeysWithValues: try names.map {
                    ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
                })
        )
    }

    func testTheSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws {
        let first = try generate(seed: 7)
        let again = try generate(seed: 7)
        let other = try generate(seed: 8)
        XCTAssertEqual(first.files.count, FixtureRequirements.knownSets.count)
        XCTAssertEqual(
            Set(first.files.keys),
            Set(FixtureRequirements.knownSets.map { "\($0)_seed7.json" }))
        XCTAssertEqual(first.files, again.files, "the same seed must give the same bytes")
        for (name, data) in first.files {
            let counterpart = name.replacingOccurrences(of: "_seed7", with: "_seed8")
            let seed8 = try XCTUnwrap(other.files[counterpart], counterpart)
            // Not only the names: the cases themselves differ.
            let (a, b) = (
                try JSONDecoder().decode(FixtureFile.self, from: data),
                try JSONDecoder().decode(FixtureFile.self, from: seed8)
            )
            XCTAssertNotEqual(a.cases.map(\.inputs), b.cases.map(\.inputs), name)
        }
    }

    func testExistingFilesAreNotOverwrittenWithoutForce() throws {
        let (folder, files) = try generate(seed: 11, extra: ["--cases", "1"])
        let name = try XCTUnwrap(files.keys.sorted().first)
        try Data("mine".utf8).write(to: folder.appendingPathComponent(name))
        let refused = try grade(["fixtures", "generate", "--seed", "11", "--into", folder.path])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(
            refused.stderr.contains(name) && refused.stderr.contains("--force"),
            refused.stderr)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent(name)), Data("mine".utf8))
        let forced = try grade([
            "fixtures", "generate", "--seed", "11", "--into", folder.path,
            "--cases", "1", "--force",
        ])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent(name)), files[name])
        // Another seed writes beside them.
        let beside = try grade(["fixtures", "generate", "--seed", "12", "--into", folder.path])
        XCTAssertEqual(beside.status, 0, beside.stderr)
    }

    func testGeneratedFilesAreHiddenAddTheirSetsCasesAndHoldEveryRequiredKey() throws {
        let (folder, _) = try generate(seed: 3, extra: ["--cases", "4"])
        let store = try FixtureStore(custom: folder)
        for fixture in FixtureRequirements.knownSets {
            let cases = try store.cases(for: fixture)
            let hidden = cases.filter { $0.fixtureCase.isHidden }
            XCTAssertEqual(hidden.count, 4, fixture)
            XCTAssertTrue(
                hidden.allSatisfy { $0.fixtureCase.name.hasPrefix("hidden case ") }, fixture)
            XCTAssertGreaterThan(cases.count, hidden.count, "\(fixture): the built-in cases stay")
        }
    }

    /// The variety hidden tests need, in every seed tried.
    func testGeneratedCasesHaveTheVarietyHiddenTestsNeed() throws {
        for seed: UInt64 in [1, 2, 3, 42, 2024] {
            for (name, file) in SeededFixtures.files(seed: seed) {
                let context = "seed \(seed), \(name)"
                XCTAssertEqual(file.hidden, true, context)
                XCTAssertEqual(file.cases.count, SeededFixtures.defaultCaseCount, context)
                if file.fixture.hasPrefix("captioning_") {
                    try assertModelVariety(file, context)
                } else {
                    try assertLayerVariety(file, context)
                }
            }
        }
    }

    func assertLayerVariety(_ file: FixtureFile, _ context: String) throws {
        let path = context
        var sawSingle = false, sawLargeGradient = false, sawRepeatedWord = false
        for c in file.cases {
            let x = c.inputs["x"]?.shape ?? []
            sawSingle = sawSingle || (x.first == 1 && (x.count == 2 || x[1] == 1))
            if file.fixture == "word_embedding" {
                let (words, w) = (try c.integers("x", in: path), try c.tensor("W", in: path))
                XCTAssertNotEqual(w.shape[0], w.shape[1], "\(context): V = D")
                sawRepeatedWord = sawRepeatedWord || Set(words.scalars).count < words.count
            } else {
                let (wx, wh) = (try c.tensor("Wx", in: path), try c.tensor("Wh", in: path))
                XCTAssertNotEqual(wx.shape[0], wh.shape[0], "\(context): D = H in \(c.name)")
            }
            let gradients = c.outputs.filter { $0.key.hasPrefix("d") }.values
            sawLargeGradient =
                sawLargeGradient || gradients.contains { $0.data.contains { abs($0) > 10 } }
        }
        XCTAssertTrue(sawSingle, "\(context): no case with N = 1 (and T = 1)")
        XCTAssertTrue(sawLargeGradient, "\(context): no gradient above 10")
        if file.fixture == "word_embedding" { XCTAssertTrue(sawRepeatedWord, context) }
    }

    func assertModelVariety(_ file: FixtureFile, _ context: String) throws {
        let path = context
        var sawSingle = false, sawNullInside = false, sawDifferentEnds = false
        var sampledTokens: Set<String> = []
        for c in file.cases {
            let vocabulary = try vocabularyOf(c)
            let (null, start, end) = try (
                XCTUnwrap(vocabulary["<NULL>"]),
                XCTUnwrap(vocabulary["<START>"]),
                XCTUnwrap(vocabulary["<END>"])
            )
            XCTAssertTrue(null != 0 && start != 1 && end != 2, "\(context): \(vocabulary)")
            let projection = try c.tensor("W_proj", in: path)
            XCTAssertNotEqual(projection.shape[0], projection.shape[1], "\(context): D = H")
            let captions = try c.integers("captions", in: path)
            sawSingle = sawSingle || captions.shape == [1, 2]
            var lastWords: Set<Int> = []
            for row in 0..<captions.shape[0] {
                let words = (0..<captions.shape[1]).map { captions[row, $0] }
                let lastWord = words.lastIndex { $0 != null } ?? 0
                lastWords.insert(lastWord)
                sawNullInside = sawNullInside || words[..<lastWord].contains(null)
            }
            sawDifferentEnds = sawDifferentEnds || lastWords.count > 1
            XCTAssertNotNil(c.outputs["loss"], context)
            XCTAssertNotNil(c.outputs["W_vocab"], context)
            let sampled = try c.expectedIntegers("captions", in: path).scalars
            if sampled.contains(start) { sampledTokens.insert("<START>") }
            if sampled.contains(null) { sampledTokens.insert("<NULL>") }
        }
        XCTAssertTrue(sawSingle, "\(context): no case with N = 1 and T = 1")
        XCTAssertTrue(sawNullInside, "\(context): no <NULL> inside a caption")
        XCTAssertTrue(sawDifferentEnds, "\(context): all captions end at one column")
        XCTAssertEqual(
            sampledTokens, ["<START>", "<NULL>"],
            "\(context): greedy samples must contain <START> and <NULL>")
    }

    func vocabularyOf(_ c: FixtureCase) throws -> [String: Int] {
        let text = try XCTUnwrap(c.settings?["wordToIdx"])
        return Dictionary(
            uniqueKeysWithValues: text.split(separator: " ").compactMap { item in
                let parts = item.split(separator: "=")
                return parts.count == 2 ? Int(parts[1]).map { (String(parts[0]), $0) } : nil
            })
    }

    // MARK: Grading with them

    /// The checks that read fixtures (the overfit runs do not).
    let fixtureChecks = ["rnn", "word", "lstm", "gru", "captioning"]

    func testSolutionsPassGeneratedFixtures() throws {
        for seed: UInt64 in [5, 6] {
            let (folder, _) = try generate(seed: seed)
            let run = try grade(
                fixtureChecks + [
                    "--impl", "solutions", "--fixtures", folder.path,
                    "--format", "json",
                ])
            XCTAssertEqual(run.status, 0, "seed \(seed): \(run.stdout)\(run.stderr)")
            guard let report = json(run.stdout, "seed \(seed)") else { continue }
            let checks = report["checks"] as? [[String: Any]] ?? []
            XCTAssertEqual(checks.count, CheckCatalog.select(fixtureChecks).count)
            // The generated cases were graded, not only the built-in ones.
            let labels = checks.flatMap {
                ($0["measurements"] as? [[String: Any]] ?? [])
                    .compactMap { $0["label"] as? String }
            }
            XCTAssertTrue(labels.contains { $0.contains("hidden case 3 of 3") }, "seed \(seed)")
        }
    }

    /// A folder whose `<set>.json` is the generated file of that set, so the generated
    /// cases replace the built-in ones and decide alone.
    func onlyGenerated(_ fixtures: [String], seed: UInt64) throws -> URL {
        let (generated, _) = try generate(seed: seed)
        let folder = try temporaryFolder()
        for fixture in fixtures {
            try FileManager.default.copyItem(
                at: generated.appendingPathComponent(
                    SeededFixtures.fileName(fixture: fixture, seed: seed)),
                to: folder.appendingPathComponent("\(fixture).json"))
        }
        return folder
    }

    func testMistakesFailGeneratedFixturesAlone() throws {
        let folder = try onlyGenerated(["rnn_step", "captioning_rnn", "captioning_lstm"], seed: 9)
        let cases: [(check: String, mistake: String)] = [
            ("rnnStepForward", "rnn-step-forgot-bias"),
            ("captioningSampleRNN", "sample-returns-start"),
            ("captioningLossLSTM", "mask-ignored"),
        ]
        for (check, mistake) in cases {
            let run = try grade([check, "--impl", "mistake:\(mistake)", "--fixtures", folder.path])
            XCTAssertEqual(run.status, 1, "\(mistake): \(run.stdout)\(run.stderr)")
            XCTAssertTrue(run.stdout.contains("hidden case"), "\(mistake): \(run.stdout)")
            let pass = try grade([check, "--impl", "solutions", "--fixtures", folder.path])
            XCTAssertEqual(pass.status, 0, "\(check): \(pass.stdout)\(pass.stderr)")
        }
    }
}
