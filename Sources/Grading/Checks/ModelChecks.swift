import Reference
import Tensor

/// The checks of the learner's `CaptioningRNN`: loss values, a gradient check of every
/// parameter, and greedy sampling, each for one cell type.
enum ModelChecks {
    static func all(for cell: CellType) -> [Check] {
        [loss(cell), gradients(cell), sample(cell)]
    }

    static func fixtureName(_ cell: CellType) -> String { "captioning_\(cell.rawValue)" }

    static func loss(_ cell: CellType) -> Check {
        Check("captioningLoss" + cell.displayName, original: "CaptioningRNN.loss (\(cell.rawValue))",
              fixture: fixtureName(cell),
              summary: "the loss on the notebook's inputs (|loss − expected| < 1e-10) and on "
                + "captions with <NULL> padding") { context in
            try context.cases(fixtureName(cell)).filter { $0.fixtureCase.outputs["loss"] != nil }
                .map { c, file in
                    let model = try makeModel(c, file, cell: cell, context: context)
                    let (features, captions) = try (c.tensor("features", in: file),
                                                    c.integers("captions", in: file))
                    let loss = try model.loss(features: features, captions: captions).loss
                    let expected = try c.expected("loss", in: file).scalar
                    guard loss.isFinite else {
                        throw CheckFailure("loss [\(c.name)] is \(loss)",
                                           hint: Hints.hint(check: "captioningLoss", label: "nan"))
                    }
                    return Measurement(label: "loss [\(c.name)] = \(loss), expected \(expected); "
                                           + "|difference|", error: abs(loss - expected),
                                       threshold: Thresholds.lossAbsolute)
                }
        }
    }

    static func gradients(_ cell: CellType) -> Check {
        Check("captioningGradients" + cell.displayName,
              original: "CaptioningRNN gradient check (\(cell.rawValue))", fixture: fixtureName(cell),
              summary: "every parameter's gradient against numeric gradients of the learner's "
                + "own loss (h = 1e-6) and against Reference") { context in
            try context.cases(fixtureName(cell)).filter { $0.fixtureCase.outputs["W_vocab"] != nil }
                .flatMap { c, file -> [Measurement] in
                    let model = try makeModel(c, file, cell: cell, context: context)
                    let (features, captions) = try (c.tensor("features", in: file),
                                                    c.integers("captions", in: file))
                    let grads = try model.loss(features: features, captions: captions).gradients
                    var measurements: [Measurement] = []
                    for name in CaptioningRNN<Double>.parameterNames(for: cell) {
                        guard let analytic = grads[name] else {
                            throw CheckFailure("the gradients have no entry \"\(name)\"",
                                               hint: "Return a gradient for every parameter, keyed "
                                                + "like model.params.")
                        }
                        let value = model.params[name] ?? Tensor.zeros(like: analytic)
                        try checkShape("grads[\"\(name)\"]", analytic.shape, expected: value.shape)
                        try checkFinite("grads[\"\(name)\"]", analytic)
                        var probeModel = model
                        let numeric = try numericGradient(at: value, step: 1e-6) { probe in
                            probeModel.params[name] = probe
                            return try probeModel.loss(features: features, captions: captions).loss
                        }
                        measurements.append(Measurement(
                            label: "\(name) [\(c.name)] vs numeric gradient",
                            error: numericGradientError(analytic, numeric),
                            threshold: Thresholds.numericModel))
                        measurements.append(try compare(
                            "\(name) [\(c.name)] vs fixture", analytic, c.expected(name, in: file),
                            threshold: Thresholds.gradientVersusFixture))
                    }
                    return measurements
                }
        }
    }

    static func sample(_ cell: CellType) -> Check {
        Check("captioningSample" + cell.displayName, original: "CaptioningRNN.sample (\(cell.rawValue))",
              fixture: fixtureName(cell),
              summary: "greedy captions equal Reference's word for word (after <END>, <NULL> is also "
                + "accepted); shape (N, max_length); "
                + "two calls agree") { context in
            try context.cases(fixtureName(cell)).filter { $0.fixtureCase.outputs["captions"] != nil }
                .flatMap { c, file -> [Measurement] in
                    let model = try makeModel(c, file, cell: cell, context: context)
                    let features = try c.tensor("features", in: file)
                    let expected = try c.expectedIntegers("captions", in: file)
                    let maxLength = expected.shape.count == 2 ? expected.shape[1] : 0
                    let sampled = try model.sample(features: features, maxLength: maxLength)
                    try checkShape("the sampled captions", sampled.shape, expected: expected.shape)
                    let first = acceptingStopAtEnd(sampled, expected: expected, model: model)
                    let second = try model.sample(features: features, maxLength: maxLength)
                    let differing = zip(first.scalars, expected.scalars).filter { $0 != $1 }.count
                    let unstable = zip(sampled.scalars, second.scalars).filter { $0 != $1 }.count
                    if differing > 0, let column = firstDifferingColumn(first, expected) {
                        throw MeasuredFailure(
                            measurements: [Measurement(label: "words differing [\(c.name)]",
                                                       error: Double(differing), threshold: 1)],
                            message: "\(differing) of \(expected.count) sampled words differ from "
                                + "Reference's [\(c.name)], first in column \(column): got "
                                + "\(first[..., column].scalars), expected "
                                + "\(expected[..., column].scalars)",
                            hint: Hints.sampleHint(first: first, expected: expected, model: model))
                    }
                    return [
                        Measurement(label: "words differing from Reference [\(c.name)]",
                                    error: Double(differing), threshold: 1),
                        Measurement(label: "words differing between two calls [\(c.name)]",
                                    error: Double(unstable), threshold: 1),
                    ]
                }
        }
    }

    /// The learner's model for a fixture case, with the case's parameters.
    static func makeModel(_ c: FixtureCase, _ file: String, cell: CellType,
                          context: CheckContext) throws -> any CaptioningModel<Double> {
        guard let vocabulary = c.settings?["wordToIdx"] else {
            throw FixtureError(file: file, problem: "case \"\(c.name)\" has no wordToIdx setting")
        }
        let wordToIdx = try parseVocabulary(vocabulary, file: file)
        let (embed, proj) = try (c.tensor("W_embed", in: file), c.tensor("W_proj", in: file))
        guard embed.rank == 2, proj.rank == 2 else {
            throw FixtureError(file: file, problem: "W_embed and W_proj must be matrices")
        }
        var model = try context.implementation.captioningModel(
            wordToIdx: wordToIdx, inputDim: proj.shape[0], wordvecDim: embed.shape[1],
            hiddenDim: proj.shape[1], cellType: cell, seed: 0, scalar: Double.self)
        for name in CaptioningRNN<Double>.parameterNames(for: cell) {
            let value = try c.tensor(name, in: file)
            if let initial = model.params[name] {
                try checkShape("the initial \(name)", initial.shape, expected: value.shape)
            }
            model.params[name] = value
        }
        return model
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
    static func acceptingStopAtEnd(_ sampled: Tensor<Int>, expected: Tensor<Int>,
                                   model: any CaptioningModel<Double>) -> Tensor<Int> {
        guard let end = model.wordToIdx["<END>"], let null = model.wordToIdx["<NULL>"],
              sampled.rank == 2, sampled.shape == expected.shape else { return sampled }
        var result = sampled
        let length = sampled.shape[1]
        for row in 0..<sampled.shape[0] {
            guard let stop = (0..<length).first(where: { sampled[row, $0] == end }),
                  (0...stop).allSatisfy({ sampled[row, $0] == expected[row, $0] }),
                  (stop + 1..<length).allSatisfy({ sampled[row, $0] == null }) else { continue }
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
