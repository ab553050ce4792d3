import Grading
import Mistakes
import XCTest

/// Every wrong implementation in the catalogue is caught by the checks it names, with a
/// message and a hint; every correct variation passes everything. Runs the checks in this
/// process (the catalogue's mistakes never trap; the survival cases are in
/// `GraderProcessTests`).
final class MistakeCatalogueTests: XCTestCase {
    func testCatalogueIsLargeAndWellFormed() {
        let ids = MistakeCatalogue.all.map(\.id)
        XCTAssertGreaterThanOrEqual(ids.count, 25)
        XCTAssertEqual(Set(ids).count, ids.count, "mistake ids are unique")
        let checkNames = Set(CheckCatalog.all.map(\.name))
        for mistake in MistakeCatalogue.all {
            XCTAssertNotNil(
                mistake.id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression),
                "\(mistake.id) is kebab-case")
            XCTAssertFalse(mistake.description.isEmpty, mistake.id)
            XCTAssertFalse(mistake.failingChecks.isEmpty, "\(mistake.id) names a check")
            for name in mistake.failingChecks {
                XCTAssertTrue(checkNames.contains(name), "\(mistake.id): no check named \(name)")
            }
        }
        // Issue 15: every mistake records the diagnosis its own function must give
        // (`Mistake.diagnosis` is required), in the grader's vocabulary; at least 10
        // correct variations besides the first three.
        for expected in ExpectedDiagnosis.allCases {
            XCTAssertNotNil(DiagnosisKind(rawValue: expected.rawValue), expected.rawValue)
        }
        XCTAssertGreaterThanOrEqual(MistakeCatalogue.variations.count, 13)
        let variationIDs = MistakeCatalogue.variations.map(\.id)
        XCTAssertEqual(Set(variationIDs).count, variationIDs.count, "variation ids are unique")
        XCTAssertTrue(Set(variationIDs).isDisjoint(with: ids))
        let survivalIDs = MistakeCatalogue.survival.map(\.id)
        XCTAssertEqual(Set(survivalIDs).count, survivalIDs.count)
        XCTAssertTrue(Set(survivalIDs).isDisjoint(with: ids))
    }

    /// The layer (or the model) a check belongs to: `rnnStep` for rnnStepForward and
    /// rnnStepBackward, `captioning` for every model check.
    static func area(_ check: String) -> String {
        check.hasPrefix("captioning")
            ? "captioning"
            : check.replacingOccurrences(of: "Forward", with: "")
                .replacingOccurrences(of: "Backward", with: "")
    }

    /// Every check but the overfit runs, which take seconds each and are tested below.
    let fixtureChecks = CheckCatalog.all.filter { $0.fixture != nil }

    /// A model that ignores the image cannot memorise 50 captions of 50 different scenes:
    /// every overfit check must fail it, while its layers all pass.
    func testOverfitChecksCatchAModelThatIgnoresTheImage() throws {
        let fixtures = try FixtureStore()
        for (id, checks) in [
            ("h0-zeros", ["overfitRNN"]),
            ("features-ignored-in-loss", ["overfitRNN", "overfitLSTM", "overfitGRU"]),
        ] {
            let mistake = try XCTUnwrap(MistakeCatalogue.all.first { $0.id == id })
            let context = CheckContext(
                learner: InProcessLearner(mistake.implementation), fixtures: fixtures)
            for name in checks {
                let result = try XCTUnwrap(CheckCatalog.named(name)).run(in: context)
                XCTAssertEqual(result.status, .fail, "\(id) on \(name): \(result.message ?? "")")
                print("\(id) on \(name): \(result.status.rawValue) \(result.message ?? "")")
            }
        }
    }

    /// Every check of the grader is shown to fail on at least one mistake: the catalogue's
    /// for the fixture checks, the test above for the overfit runs.
    func testEveryCheckHasAMistakeItCatches() {
        let named = Set(MistakeCatalogue.all.flatMap(\.failingChecks))
            .union(["overfitRNN", "overfitLSTM", "overfitGRU"])
        for check in CheckCatalog.all {
            XCTAssertTrue(named.contains(check.name), "no mistake is caught by \(check.name)")
        }
    }

    /// The built-in cases without the realistic-size model cases, whose numeric gradients
    /// take most of a model check's time: a mistake outside the model delegates the model
    /// to Solutions, so they cannot tell it apart (`RealisticModelCaseTests` grades them).
    func fixturesWithoutRealisticCases() throws -> FixtureStore {
        var kept: [String: [FixtureCase]] = [:]
        for (fixture, cases) in try FixtureStore().cases {
            kept[fixture] = cases.map(\.fixtureCase).filter { !$0.name.hasPrefix("realistic-") }
        }
        return FixtureStore(candidates: kept)
    }

    /// Words the message of a mistake's own check holds for these recorded diagnoses.
    static let messageWords: [ExpectedDiagnosis: [String]] = [
        .shapeMismatch: ["shape", "no entry"], .missingThrow: ["must throw"],
        .wrongSampleTokens: ["differ"],
    ]

    func testEveryMistakeIsCaughtByTheChecksItNames() throws {
        let (fixtures, lighter) = (try FixtureStore(), try fixturesWithoutRealisticCases())
        var caught = 0
        var table: [String] = []
        var diagnosed: [String] = []
        for mistake in MistakeCatalogue.all {
            let inModel = mistake.failingChecks.contains { Self.area($0) == "captioning" }
            let context = CheckContext(
                learner: InProcessLearner(mistake.implementation),
                fixtures: inModel ? fixtures : lighter)
            var failing: [String] = []
            var missed: [String] = []
            var results: [CheckResult] = []
            for check in fixtureChecks {
                let result = check.run(in: context)
                results.append(result)
                // The rest must not crash the check either: they end in a verdict.
                XCTAssertNotEqual(result.status, .todo, "\(mistake.id): \(check.name) is TODO")
                if result.status == .fail { failing.append(check.name) }
                guard mistake.failingChecks.contains(check.name) else { continue }
                if result.status != .fail {
                    missed.append(check.name)
                    XCTFail(
                        "\(mistake.id) slipped through \(check.name): \(result.status.rawValue)")
                    continue
                }
                XCTAssertFalse(
                    (result.message ?? "").isEmpty,
                    "\(mistake.id): \(check.name) failed without a message")
                XCTAssertFalse(
                    (result.hint ?? "").isEmpty,
                    "\(mistake.id): \(check.name) failed without a hint")
                if failing.count == 1, let words = Self.messageWords[mistake.diagnosis] {
                    // The kinds that today's messages already show (the rest are for the
                    // diagnosis engine): the recorded kind is not a guess.
                    XCTAssertTrue(
                        words.contains { (result.message ?? "").contains($0) },
                        "\(mistake.id) (\(mistake.diagnosis.rawValue)): "
                            + (result.message ?? ""))
                }
            }
            // Each mistake fails first (in report order) at its own function: the first of
            // the checks it names, in report order.
            let own = fixtureChecks.map(\.name).first { mistake.failingChecks.contains($0) }
            XCTAssertEqual(
                failing.first, own, "\(mistake.id) fails first at \(failing.first ?? "-")")
            // Issue 15: at its own function, as the learner sees it (after the report's
            // "fix … first" annotations), the diagnosis is the one the mistake records.
            if let own, let seen = FixOrder.annotated(results).first(where: { $0.name == own }) {
                let kind = seen.diagnosis?.kind.rawValue ?? "none"
                let summary = seen.diagnosis?.summary ?? seen.message ?? ""
                XCTAssertEqual(
                    kind, mistake.diagnosis.rawValue,
                    "\(mistake.id) at \(own): \(summary)")
                diagnosed.append("  \(mistake.id) \(own) \(kind) | \(summary)")
            }
            // The report a learner reads of it fits in 80 columns, diagnoses and hints
            // included.
            let report = TextReport.render(
                results, implementation: "mistake:\(mistake.id)",
                colors: false)
            for row in report.components(separatedBy: "\n") where row.count > 80 {
                XCTFail("\(mistake.id): \(row.count) columns: \(row)")
            }
            // Precise as well as sensitive: a mistake fails checks of its own layer (a wrong
            // forward also fails that layer's backward, whose numeric gradients come from the
            // learner's forward) and nothing else.
            let areas = Set(mistake.failingChecks.map(Self.area))
            for name in failing where !areas.contains(Self.area(name)) {
                XCTFail("\(mistake.id) also failed the unrelated check \(name)")
            }
            if missed.isEmpty { caught += 1 }
            table.append("  \(mistake.id) -> \(failing.joined(separator: ", "))")
        }
        print("Mistake catalogue: caught \(caught) / \(MistakeCatalogue.all.count)")
        print(table.joined(separator: "\n"))
        print("Diagnoses at each mistake's own function:")
        print(diagnosed.joined(separator: "\n"))
        XCTAssertEqual(caught, MistakeCatalogue.all.count)
    }

    func testCorrectVariationsPassEverything() throws {
        let fixtures = try FixtureStore()
        for variation in MistakeCatalogue.variations {
            let context = CheckContext(
                learner: InProcessLearner(variation.implementation), fixtures: fixtures)
            for check in fixtureChecks {
                let result = check.run(in: context)
                XCTAssertEqual(
                    result.status, .pass,
                    "\(variation.id): \(check.name): "
                        + (result.message ?? ""))
            }
        }
    }
}
