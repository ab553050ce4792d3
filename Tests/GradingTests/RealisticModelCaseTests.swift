import Given
import Grading
import Mistakes
import Reference
import Solutions
import Tensor
import XCTest

/// The built-in model case of realistic size (N = 3, T = 16, V = 30, a loss near 50),
/// graded by the grader's own gradient check: Reference and Solutions pass it for every
/// cell type, and real gradient mistakes from the catalogue fail it against the numeric
/// gradients of their own loss, not only against the fixture.
final class RealisticModelCaseTests: XCTestCase {
    static let caseName = "realistic-n3-t16-v30"

    /// The realistic case of `cell`'s built-in model fixture, alone in a store.
    func realisticStore(_ cell: CellType) throws -> (FixtureStore, FixtureCase) {
        let fixture = "captioning_\(cell.rawValue)"
        let all = try FixtureStore().cases(for: fixture)
        let realistic = try XCTUnwrap(
            all.first { $0.fixtureCase.name == Self.caseName },
            "\(fixture) has no case \(Self.caseName)"
        ).fixtureCase
        return (FixtureStore(candidates: [fixture: [realistic]]), realistic)
    }

    func gradientCheck(_ cell: CellType) throws -> Check {
        try XCTUnwrap(CheckCatalog.named("captioningGradients\(cell.rawValue.uppercased())"))
    }

    func testTheCaseIsRealistic() throws {
        for cell in CellType.allCases {
            let (_, c) = try realisticStore(cell)
            let captions = try XCTUnwrap(c.inputs["captions"])
            let embed = try XCTUnwrap(c.inputs["W_embed"])
            let loss = try XCTUnwrap(c.outputs["loss"]?.data.first)
            XCTAssertGreaterThanOrEqual(captions.shape[0], 3, "\(cell): N")
            XCTAssertEqual(captions.shape[1] - 1, 16, "\(cell): T")
            XCTAssertGreaterThanOrEqual(embed.shape[0], 30, "\(cell): V")
            XCTAssertGreaterThanOrEqual(loss, 30, "\(cell): loss")
        }
    }

    /// Without the noise floor (plain rel_error), central differences fail Reference itself
    /// on this case: the case is one where the floor matters.
    func testPlainRelativeErrorWouldFailReferenceOnTheCase() throws {
        for cell in CellType.allCases {
            let (_, c) = try realisticStore(cell)
            let file = "captioning_\(cell.rawValue)"
            var words: [String: Int] = [:]
            for item in (c.settings?["wordToIdx"] ?? "").split(separator: " ") {
                let parts = item.split(separator: "=")
                words[String(parts[0])] = Int(parts[1])
            }
            var model = try Reference.CaptioningRNN<Double>(
                wordToIdx: words, inputDim: try c.tensor("W_proj", in: file).shape[0],
                wordvecDim: try c.tensor("W_embed", in: file).shape[1],
                hiddenDim: try c.tensor("W_proj", in: file).shape[1], cellType: cell)
            for name in cell.parameterNames { model.params[name] = try c.tensor(name, in: file) }
            let (features, captions) = (
                try c.tensor("features", in: file),
                try c.integers("captions", in: file)
            )
            let analytic = try model.loss(features: features, captions: captions).gradients
            var plainWorst = 0.0
            for name in cell.parameterNames {
                var probe = model
                let numeric = try numericGradient(at: try XCTUnwrap(model.params[name]), step: 1e-6)
                {
                    probe.params[name] = $0
                    return try probe.loss(features: features, captions: captions).loss
                }
                plainWorst = max(
                    plainWorst, numericGradientError(try XCTUnwrap(analytic[name]), numeric))
            }
            print(
                "\(cell): plain rel_error of Reference on \(Self.caseName): \(format(plainWorst))")
            XCTAssertGreaterThan(plainWorst, Thresholds.numericModel, "\(cell)")
        }
    }

    func testReferenceAndSolutionsPassEveryModelGradientCheck() throws {
        let implementations: [(String, any Assignment)] = [
            ("Reference", ReferenceAssignment()), ("Solutions", Solutions.LearnerAssignment()),
        ]
        for cell in CellType.allCases {
            let (store, _) = try realisticStore(cell)
            for (name, implementation) in implementations {
                let context = CheckContext(
                    learner: InProcessLearner(implementation), fixtures: store)
                let result = try gradientCheck(cell).run(in: context)
                XCTAssertEqual(result.status, .pass, "\(name) \(cell): \(result.message ?? "")")
                // Every parameter was measured against its numeric gradient.
                let numeric = result.measurements.filter {
                    $0.label.hasSuffix("vs numeric gradient")
                }
                XCTAssertEqual(numeric.count, cell.parameterNames.count, "\(name) \(cell)")
                print(
                    "\(name) \(cell) on \(Self.caseName): worst "
                        + "\(result.worst.map { "\($0.label) \(format($0.error))" } ?? "-")")
            }
        }
    }

    /// Mistakes whose gradients disagree with their own loss fail the numeric comparison
    /// itself at this size, for both cell types the catalogue's model mistakes cover.
    func testRealGradientMistakesStillFailAgainstTheirOwnNumericGradients() throws {
        let mistakes = [
            "dscores-divided-by-n-again", "dscores-divided-by-t",
            "w-embed-gradient-assigned", "b-vocab-gradient-sign-flipped",
            "w-embed-gradient-zeros",
        ]
        for cell in [CellType.rnn, .lstm] {
            let (store, _) = try realisticStore(cell)
            for id in mistakes {
                let mistake = try XCTUnwrap(MistakeCatalogue.mistake(id), id)
                let context = CheckContext(
                    learner: InProcessLearner(mistake.implementation),
                    fixtures: store)
                let result = try gradientCheck(cell).run(in: context)
                XCTAssertEqual(result.status, .fail, "\(id) \(cell)")
                let failedNumeric = result.measurements.filter {
                    $0.label.hasSuffix("vs numeric gradient") && !$0.passed
                }
                XCTAssertFalse(
                    failedNumeric.isEmpty,
                    "\(id) \(cell): no numeric-gradient measurement failed")
            }
        }
    }
}
