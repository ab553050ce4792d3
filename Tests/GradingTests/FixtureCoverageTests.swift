import Grading
import Mistakes
import XCTest

/// The built-in cases added for issue 15 are what catch the mistakes that survived the
/// hand-written cases: on the hand-written cases alone each survivor passes the checks
/// it names, on the full built-in set each fails them (so the test could fail, and the
/// new cases are needed).
final class FixtureCoverageTests: XCTestCase {
    /// Name prefixes of the cases `FixtureGenerator+Coverage.swift` adds.
    static let addedCases = ["large-gradients-", "tokens-moved-", "realistic-"]

    static let survivors = [
        "mask-hard-coded-null-zero", "sample-start-hard-coded-one",
        "lstm-step-gradients-clipped", "lstm-backward-gradients-clipped",
        "sample-never-emits-start-or-null", "w-embed-null-row-zeroed",
        "sample-does-not-throw-without-start",
    ]

    /// Survivors that also fail the new "must throw" part of the sampling check.
    static let neverThrow: Set = [
        "sample-start-hard-coded-one", "sample-does-not-throw-without-start",
    ]

    /// The built-in store without the added cases.
    func handWrittenStore() throws -> FixtureStore {
        let store = try FixtureStore()
        var kept: [String: [FixtureCase]] = [:]
        for (fixture, cases) in store.cases {
            kept[fixture] = cases.map(\.fixtureCase).filter { c in
                !Self.addedCases.contains { c.name.hasPrefix($0) }
            }
        }
        return FixtureStore(candidates: kept)
    }

    func testTheAddedCasesExist() throws {
        let store = try FixtureStore()
        for (fixture, prefixes) in [
            ("lstm_step", ["large-gradients-"]), ("lstm", ["large-gradients-"]),
            ("captioning_rnn", ["tokens-moved-", "realistic-"]),
            ("captioning_lstm", ["tokens-moved-", "realistic-"]),
            ("captioning_gru", ["tokens-moved-", "realistic-"]),
        ] {
            let names = try store.cases(for: fixture).map(\.fixtureCase.name)
            for prefix in prefixes {
                XCTAssertTrue(
                    names.contains { $0.hasPrefix(prefix) }, "\(fixture): no \(prefix) case")
            }
        }
    }

    func testSurvivorsPassTheHandWrittenCasesAndFailTheFullSet() throws {
        let (handWritten, full) = (try handWrittenStore(), try FixtureStore())
        for id in Self.survivors {
            let mistake = try XCTUnwrap(MistakeCatalogue.mistake(id), id)
            let learner = InProcessLearner(mistake.implementation)
            for name in mistake.failingChecks {
                let check = try XCTUnwrap(CheckCatalog.named(name))
                let before = check.run(in: CheckContext(learner: learner, fixtures: handWritten))
                let after = check.run(in: CheckContext(learner: learner, fixtures: full))
                // The missing <START> part of the sampling check is new, not a new case: it
                // fails on any sampling case, and a sampler that never reads <START> never
                // throws. The added cases make the hard-coded start fail on its words.
                if Self.neverThrow.contains(id) {
                    XCTAssertTrue(
                        before.message?.contains("must throw") == true, "\(id) on \(name)")
                } else {
                    XCTAssertEqual(
                        before.status, .pass,
                        "\(id) on \(name) without the added cases: "
                            + (before.message ?? ""))
                }
                XCTAssertEqual(after.status, .fail, "\(id) on \(name)")
                if id == "sample-start-hard-coded-one" {
                    XCTAssertTrue(
                        after.message?.contains("differ") == true,
                        "\(id) on \(name): "
                            + (after.message ?? ""))
                }
                print("\(id) on \(name): \(after.message ?? "")")
            }
        }
    }
}
