import Exercises
import Given
import Grading
import Reference
import Solutions
import Tensor
import XCTest

/// The grader's GRU checks (not in the original): the solutions pass them, the shipped
/// stubs are TODO, a GRU with the reset and update gates swapped fails the forward checks,
/// and an `Assignment` written without a GRU gets the protocol's NotImplemented default.
final class GRUGraderTests: XCTestCase {
    static let gruChecks = [
        "gruStepForward", "gruStepBackward", "gruForward", "gruBackward",
        "captioningLossGRU", "captioningGradientsGRU", "captioningSampleGRU",
    ]

    func run(_ name: String, _ implementation: any Assignment) throws -> CheckResult {
        let check = try XCTUnwrap(CheckCatalog.named(name), "no check \(name)")
        return check.run(
            in: CheckContext(
                learner: InProcessLearner(implementation),
                fixtures: try FixtureStore()))
    }

    func testCatalogHasTheGRUChecks() throws {
        for name in Self.gruChecks { XCTAssertNotNil(CheckCatalog.named(name), name) }
        XCTAssertEqual(CheckCatalog.named("gru_step_forward")?.name, "gruStepForward")
        XCTAssertEqual(CheckCatalog.named("gru_backward")?.name, "gruBackward")
        for name in ["gruStepForward", "gruStepBackward", "gruForward", "gruBackward"] {
            XCTAssertTrue(
                try XCTUnwrap(CheckCatalog.named(name)).summary
                    .hasPrefix("not in the original"), name)
        }
        let overfit = try XCTUnwrap(CheckCatalog.named("overfitGRU"))
        XCTAssertTrue(overfit.summary.contains("< 1.0"), overfit.summary)
        // A filter selects by name prefix: `gru` is the four layer checks.
        XCTAssertEqual(
            CheckCatalog.select(["gru"]).map(\.name),
            ["gruStepForward", "gruStepBackward", "gruForward", "gruBackward"])
    }

    func testSolutionsAndReferencePassTheGRUChecks() throws {
        for implementation in [
            Solutions.LearnerAssignment() as any Assignment,
            ReferenceAssignment(),
        ] {
            for name in Self.gruChecks {
                let result = try run(name, implementation)
                XCTAssertEqual(
                    result.status, .pass,
                    "\(type(of: implementation)) \(name): \(result.message ?? "")")
            }
        }
    }

    func testExerciseStubsAreTODO() throws {
        for name in Self.gruChecks {
            let result = try run(name, Exercises.LearnerAssignment())
            XCTAssertEqual(result.status, .todo, "\(name): \(result.message ?? "")")
        }
    }

    func testSwappedResetAndUpdateGatesFailTheForwardChecks() throws {
        for name in ["gruStepForward", "gruForward"] {
            let result = try run(name, SwappedGates())
            XCTAssertEqual(result.status, .fail, name)
            XCTAssertNotNil(result.hint, name)
        }
    }

    func testAnAssignmentWithoutAGRUIsTODO() throws {
        let withoutGRU = WithoutGRU()
        XCTAssertThrowsError(
            try withoutGRU.gruStep(
                x: Tensor<Double>.zeros(1, 2), prevH: .zeros(1, 3), wx: .zeros(2, 9),
                wh: .zeros(3, 9),
                b: .zeros(9), bh: .zeros(9))
        ) { XCTAssertTrue($0 is NotImplemented) }
        for name in ["gruStepForward", "gruStepBackward", "gruForward", "gruBackward"] {
            XCTAssertEqual(try run(name, withoutGRU).status, .todo, name)
        }
    }
}

/// The solutions with the reset and update gates swapped: the blocks [r | z | n] of Wx,
/// Wh, b and bh are handed over as [z | r | n] (and the gradients swapped back), so this is
/// a consistent GRU with the wrong gate order.
struct SwappedGates: Assignment {
    let inner = Solutions.LearnerAssignment()

    static func swapRZ<S: TensorScalar>(_ t: Tensor<S>) -> Tensor<S> {
        let k = (t.shape.last ?? 0) / 3
        if t.rank == 1 {
            return Tensor.concatenated([t[k..<(2 * k)], t[0..<k], t[(2 * k)...]], alongAxis: 0)
        }
        return Tensor.concatenated(
            [t[..., k..<(2 * k)], t[..., 0..<k], t[..., (2 * k)...]],
            alongAxis: 1)
    }

    func gruStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> GRUStepGradients<S>) {
        let (out, backward) = try inner.gruStep(
            x: x, prevH: prevH, wx: Self.swapRZ(wx),
            wh: Self.swapRZ(wh), b: Self.swapRZ(b),
            bh: Self.swapRZ(bh))
        return (
            out,
            { d in
                let g = try backward(d)
                return (
                    g.dx, g.dPrevH, Self.swapRZ(g.dWx), Self.swapRZ(g.dWh), Self.swapRZ(g.db),
                    Self.swapRZ(g.dbh)
                )
            }
        )
    }

    func gru<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> GRUSequenceGradients<S>) {
        let (out, backward) = try inner.gru(
            x: x, h0: h0, wx: Self.swapRZ(wx), wh: Self.swapRZ(wh),
            b: Self.swapRZ(b), bh: Self.swapRZ(bh))
        return (
            out,
            { d in
                let g = try backward(d)
                return (
                    g.dx, g.dh0, Self.swapRZ(g.dWx), Self.swapRZ(g.dWh), Self.swapRZ(g.db),
                    Self.swapRZ(g.dbh)
                )
            }
        )
    }

    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        try inner.rnnStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
    }

    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        try inner.rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
    }

    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        try inner.wordEmbedding(x: x, w: w)
    }

    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        try inner.lstmStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
    }

    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        try inner.lstm(x: x, h0: h0, wx: wx, wh: wh, b: b)
    }

    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        try inner.captioningModel(
            wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed,
            scalar: scalar)
    }
}

/// An implementation written before the GRU existed: only the original's requirements,
/// so `gruStep` and `gru` are the protocol's NotImplemented defaults.
struct WithoutGRU: Assignment {
    let inner = ReferenceAssignment()

    func rnnStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (nextH: Tensor<S>, backward: (Tensor<S>) throws -> RNNStepGradients<S>) {
        inner.rnnStep(x: x, prevH: prevH, wx: wx, wh: wh, b: b)
    }

    func rnn<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        inner.rnn(x: x, h0: h0, wx: wx, wh: wh, b: b)
    }

    func wordEmbedding<S: TensorScalar>(
        x: Tensor<Int>, w: Tensor<S>
    ) throws -> (out: Tensor<S>, backward: (Tensor<S>) throws -> Tensor<S>) {
        inner.wordEmbedding(x: x, w: w)
    }

    func lstmStep<S: TensorScalar>(
        x: Tensor<S>, prevH: Tensor<S>, prevC: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>,
        b: Tensor<S>
    ) throws -> (
        nextH: Tensor<S>, nextC: Tensor<S>,
        backward: (Tensor<S>, Tensor<S>) throws -> LSTMStepGradients<S>
    ) {
        inner.lstmStep(x: x, prevH: prevH, prevC: prevC, wx: wx, wh: wh, b: b)
    }

    func lstm<S: TensorScalar>(
        x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
    ) throws -> (h: Tensor<S>, backward: (Tensor<S>) throws -> SequenceGradients<S>) {
        inner.lstm(x: x, h0: h0, wx: wx, wh: wh, b: b)
    }

    func captioningModel<S: TensorScalar>(
        wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int, hiddenDim: Int,
        cellType: CellType, seed: UInt64, scalar: S.Type
    ) throws -> any CaptioningModel<S> {
        try inner.captioningModel(
            wordToIdx: wordToIdx, inputDim: inputDim, wordvecDim: wordvecDim,
            hiddenDim: hiddenDim, cellType: cellType, seed: seed,
            scalar: scalar)
    }
}
