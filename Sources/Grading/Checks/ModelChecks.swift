import Given
import LearnerProcess
import Tensor

/// The checks of the learner's `CaptioningRNN`: loss values, a gradient check of every
/// parameter, and greedy sampling, each for one cell type.
enum ModelChecks {
    static func all(for cell: CellType) -> [Check] {
        [loss(cell), gradients(cell), sample(cell)]
    }

    static func fixtureName(_ cell: CellType) -> String { "captioning_\(cell.rawValue)" }

    static func loss(_ cell: CellType) -> Check {
        Check(
            "captioningLoss" + cell.displayName, original: "CaptioningRNN.loss (\(cell.rawValue))",
            fixture: fixtureName(cell),
            summary: "the loss on the notebook's inputs (|loss − expected| < 1e-10) and on "
                + "captions with <NULL> padding"
        ) { context in
            try context.cases(fixtureName(cell)).filter { $0.fixtureCase.outputs["loss"] != nil }
                .map { c, file in
                    let (loss, _, _) = try modelLoss(
                        c, file, cell: cell, context: context,
                        numericStep: nil)
                    let expected = try c.expected("loss", in: file).scalar
                    guard loss.isFinite else {
                        throw CheckFailure(
                            "loss [\(c.name)] is \(loss)",
                            hint: Hints.hint(check: "captioningLoss", label: "nan"))
                    }
                    // A hidden case never shows its expected value.
                    let shown =
                        c.isHidden
                        ? "loss [\(c.name)] = \(loss)"
                        : "loss [\(c.name)] = \(loss), expected \(expected)"
                    var measurement = Measurement(
                        label: shown, error: abs(loss - expected),
                        threshold: Thresholds.lossAbsolute,
                        kind: .absoluteDifference)
                    if !measurement.passed {
                        measurement.diagnosis = try lossDiagnosis(
                            loss, expected: expected,
                            c, file, hidden: c.isHidden)
                    }
                    return measurement
                }
        }
    }

    /// The gradient checks' numeric gradients take 0.13–0.31 s (Solutions), against
    /// 0.01–0.06 s for every other check but the overfit runs (`OverfitChecks.overfitCost`,
    /// same scale): started right after the overfit runs, they do not end the run alone on
    /// one core while the other has nothing left.
    static let gradientCheckCost = 10.0

    static func gradients(_ cell: CellType) -> Check {
        Check(
            "captioningGradients" + cell.displayName,
            original: "CaptioningRNN gradient check (\(cell.rawValue))", fixture: fixtureName(cell),
            relativeCost: gradientCheckCost,
            summary: "every parameter's gradient against numeric gradients of the learner's "
                + "own loss (h = 1e-6) and against Reference"
        ) { context in
            try context.cases(fixtureName(cell)).filter { $0.fixtureCase.outputs["W_vocab"] != nil }
                .flatMap { c, file -> [Measurement] in
                    let (loss, grads, numeric) = try modelLoss(
                        c, file, cell: cell,
                        context: context, numericStep: 1e-6)
                    // The loss averages positive terms: its own size bounds their round-off.
                    let noise = centralDifferenceNoise(
                        magnitude: loss.isFinite ? abs(loss) : 0,
                        step: 1e-6)
                    var measurements: [Measurement] = []
                    for name in cell.parameterNames {
                        guard let analytic = grads[name] else {
                            throw CheckFailure(
                                "the gradients have no entry \"\(name)\"",
                                hint: "Return a gradient for every parameter, keyed "
                                    + "like model.params.",
                                diagnosis: Diagnosis(
                                    .shapeMismatch, array: name,
                                    summary: "your grads have no \(name)"))
                        }
                        let value = try c.tensor(name, in: file)
                        try checkShape("grads[\"\(name)\"]", analytic.shape, expected: value.shape)
                        try checkFinite("grads[\"\(name)\"]", analytic)
                        guard let estimate = numeric[name], estimate.shape == value.shape else {
                            throw CheckFailure.malformedReply
                        }
                        let layout = try modelLayout(name, rank: analytic.rank, cell: cell, c, file)
                        var numericMeasurement = Measurement(
                            label: "\(name) [\(c.name)] vs numeric gradient",
                            error: numericGradientError(
                                analytic, estimate, noise: noise,
                                threshold: Thresholds.numericModel),
                            threshold: Thresholds.numericModel)
                        if !numericMeasurement.passed {
                            numericMeasurement.diagnosis = Diagnosis.find(
                                expected: estimate, actual: analytic, layout: layout,
                                tolerance: 1e-5)
                        }
                        measurements.append(numericMeasurement)
                        measurements.append(
                            try compare(
                                "\(name) [\(c.name)] vs fixture", analytic,
                                c.expected(name, in: file),
                                threshold: Thresholds.gradientVersusFixture, layout: layout))
                    }
                    return measurements
                }
        }
    }

    static func sample(_ cell: CellType) -> Check {
        Check(
            "captioningSample" + cell.displayName,
            original: "CaptioningRNN.sample (\(cell.rawValue))",
            fixture: fixtureName(cell),
            summary: "greedy captions equal Reference's word for word (after <END>, <NULL> is also "
                + "accepted); shape (N, max_length); "
                + "two calls agree; throws missingToken without <START>"
        ) { context in
            try context.cases(fixtureName(cell)).filter {
                $0.fixtureCase.outputs["captions"] != nil
            }
            .flatMap { c, file -> [Measurement] in
                let (spec, parameters) = try modelSetup(c, file, cell: cell)
                let features = try c.tensor("features", in: file)
                let expected = try c.expectedIntegers("captions", in: file)
                let maxLength = expected.shape.count == 2 ? expected.shape[1] : 0
                let reply = try context.learner.reply(
                    to: .model(
                        spec, parameters: parameters,
                        .sample(features: features, maxLength: maxLength)))
                guard case .sample(let firstWire, let secondWire, let shapes) = try reply.checked(),
                    let sampled = firstWire.integers, let second = secondWire.integers
                else {
                    throw CheckFailure.malformedReply
                }
                try checkInitialShapes(shapes, parameters)
                try checkShape("the sampled captions", sampled.shape, expected: expected.shape)
                let first = acceptingStopAtEnd(
                    sampled, expected: expected,
                    wordToIdx: spec.wordToIdx)
                let differing = zip(first.scalars, expected.scalars).filter { $0 != $1 }.count
                let unstable =
                    sampled.shape == second.shape
                    ? zip(sampled.scalars, second.scalars).filter { $0 != $1 }.count
                    : sampled.count
                if differing > 0, let column = firstDifferingColumn(first, expected) {
                    let diagnosis = Diagnosis.sample(
                        first, expected: expected,
                        wordToIdx: spec.wordToIdx,
                        hidden: c.isHidden)
                    throw MeasuredFailure(
                        measurements: [
                            Measurement(
                                label: "words differing [\(c.name)]",
                                error: Double(differing), threshold: 1,
                                kind: .count, total: expected.count)
                        ],
                        message: "\(differing) of \(expected.count) sampled words differ from "
                            + "Reference's [\(c.name)], first in column \(column)",
                        hint: Hints.sampleHint(
                            first: first, expected: expected,
                            wordToIdx: spec.wordToIdx),
                        diagnosis: diagnosis)
                }
                return [
                    Measurement(
                        label: "words differing from Reference [\(c.name)]",
                        error: Double(differing), threshold: 1, kind: .count,
                        total: expected.count),
                    Measurement(
                        label: "words differing between two calls [\(c.name)]",
                        error: Double(unstable), threshold: 1, kind: .count,
                        total: sampled.count),
                ]
            } + missingStartMeasurements(cell, context: context)
        }
    }

    /// The learner's loss, gradients and (with a step) numeric gradients on a fixture case.
    static func modelLoss(
        _ c: FixtureCase, _ file: String, cell: CellType, context: CheckContext,
        numericStep: Double?
    ) throws
        -> (Double, [String: Tensor<Double>], [String: Tensor<Double>])
    {
        let (spec, parameters) = try modelSetup(c, file, cell: cell)
        let (features, captions) = try (
            c.tensor("features", in: file),
            c.integers("captions", in: file)
        )
        let reply = try context.learner.reply(
            to: .model(
                spec, parameters: parameters,
                .loss(
                    features: features, captions: captions, numericStep: numericStep,
                    numericParameters: cell.parameterNames)))
        guard case .loss(let loss, let gradients, let numeric, let shapes) = try reply.checked()
        else {
            throw CheckFailure.malformedReply
        }
        try checkInitialShapes(shapes, parameters)
        return (
            loss, try gradients.mapValues { try $0.floatingPoint() },
            try numeric.mapValues { try $0.floatingPoint() }
        )
    }

    /// The model's settings and parameters for a fixture case.
    static func modelSetup(
        _ c: FixtureCase, _ file: String, cell: CellType
    ) throws
        -> (ModelSpec, [String: Tensor<Double>])
    {
        guard let vocabulary = c.settings?["wordToIdx"] else {
            throw FixtureError(file: file, problem: "case \"\(c.name)\" has no wordToIdx setting")
        }
        let wordToIdx = try parseVocabulary(vocabulary, file: file)
        let (embed, proj) = try (c.tensor("W_embed", in: file), c.tensor("W_proj", in: file))
        guard embed.rank == 2, proj.rank == 2 else {
            throw FixtureError(file: file, problem: "W_embed and W_proj must be matrices")
        }
        var parameters: [String: Tensor<Double>] = [:]
        for name in cell.parameterNames {
            parameters[name] = try c.tensor(name, in: file)
        }
        let spec = ModelSpec(
            cell: cell, wordToIdx: wordToIdx, inputDim: proj.shape[0],
            wordvecDim: embed.shape[1], hiddenDim: proj.shape[1], seed: 0)
        return (spec, parameters)
    }

    /// The learner's initialiser must give each parameter the shape the case's has.
    static func checkInitialShapes(
        _ shapes: [String: WireTensor],
        _ parameters: [String: Tensor<Double>]
    ) throws {
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            if let initial = shapes[name]?.integers {
                try checkShape("the initial \(name)", initial.scalars, expected: value.shape)
            }
        }
    }

    /// Parses `<NULL>=0 cat=2 dog=3`.
    static func parseVocabulary(_ text: String, file: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for item in text.split(separator: " ") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let index = Int(parts[1]) else {
                throw FixtureError(file: file, problem: "bad wordToIdx entry \"\(item)\"")
            }
            result[String(parts[0])] = index
        }
        return result
    }

    /// The learner's captions, with every row that stopped at `<END>` (the original allows
    /// it: "you do not need to" run on) filled in from Reference after that `<END>`.
    ///
    /// A row counts as stopped when it equals Reference's up to and including its first
    /// `<END>` and holds only `<NULL>` after it; any other row is left as it is.
    static func acceptingStopAtEnd(
        _ sampled: Tensor<Int>, expected: Tensor<Int>,
        wordToIdx: [String: Int]
    ) -> Tensor<Int> {
        guard let end = wordToIdx["<END>"], let null = wordToIdx["<NULL>"],
            sampled.rank == 2, sampled.shape == expected.shape
        else { return sampled }
        var result = sampled
        let length = sampled.shape[1]
        for row in 0..<sampled.shape[0] {
            guard let stop = (0..<length).first(where: { sampled[row, $0] == end }),
                (0...stop).allSatisfy({ sampled[row, $0] == expected[row, $0] }),
                (stop + 1..<length).allSatisfy({ sampled[row, $0] == null })
            else { continue }
            for column in (stop + 1)..<length { result[row, column] = expected[row, column] }
        }
        return result
    }

    static func firstDifferingColumn(_ a: Tensor<Int>, _ b: Tensor<Int>) -> Int? {
        guard a.shape == b.shape, a.rank == 2 else { return nil }
        return (0..<a.shape[1]).first { a[..., $0] != b[..., $0] }
    }
}

extension CellType {
    /// `RNN`, `LSTM`, `GRU`: the suffix of a model check's name.
    var displayName: String { rawValue.uppercased() }
}
