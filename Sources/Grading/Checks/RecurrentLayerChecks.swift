import Reference
import Tensor

/// The checks of the layers learners write: forward against fixtures; backward against
/// numeric gradients of the learner's own forward and against fixtures.
enum RecurrentLayerChecks {
    static let all: [Check] = [
        rnnStepForward, rnnStepBackward, rnnForward, rnnBackward,
        wordEmbeddingForward, wordEmbeddingBackward,
        lstmStepForward, lstmStepBackward, lstmForward, lstmBackward,
    ]

    // MARK: Vanilla RNN

    static let rnnStepForward = Check(
        "rnnStepForward", original: "rnn_step_forward", fixture: "rnn_step",
        summary: "next_h against Reference on every rnn_step fixture case"
    ) { context in
        try context.cases("rnn_step").map { c, file in
            let i = try RNNStepInputs(c, file)
            let nextH = try context.implementation.rnnStep(
                x: i.x, prevH: i.prevH, wx: i.wx, wh: i.wh, b: i.b).nextH
            return try compare("next_h [\(c.name)]", nextH, c.expected("next_h", in: file),
                               threshold: Thresholds.forward)
        }
    }

    static let rnnStepBackward = Check(
        "rnnStepBackward", original: "rnn_step_backward", fixture: "rnn_step",
        summary: "dx, dprev_h, dWx, dWh, db against numeric gradients and Reference"
    ) { context in
        let impl = context.implementation
        return try context.cases("rnn_step").flatMap { c, file -> [Measurement] in
            let i = try RNNStepInputs(c, file)
            let dNext = try c.tensor("dnext_h", in: file)
            let g = try impl.rnnStep(x: i.x, prevH: i.prevH, wx: i.wx, wh: i.wh, b: i.b)
                .backward(dNext)
            return try gradientChecks(
                c, file, names: ["dx", "dprev_h", "dWx", "dWh", "db"],
                inputs: [i.x, i.prevH, i.wx, i.wh, i.b],
                analytic: [g.dx, g.dPrevH, g.dWx, g.dWh, g.db], upstream: dNext,
                threshold: { _ in Thresholds.numericStep }
            ) { v in try impl.rnnStep(x: v[0], prevH: v[1], wx: v[2], wh: v[3], b: v[4]).nextH }
        }
    }

    static let rnnForward = Check(
        "rnnForward", original: "rnn_forward", fixture: "rnn",
        summary: "h over the whole sequence against Reference on every rnn fixture case"
    ) { context in
        try sequenceForward(context, fixture: "rnn") {
            try context.implementation.rnn(x: $0, h0: $1, wx: $2, wh: $3, b: $4).h
        }
    }

    static let rnnBackward = Check(
        "rnnBackward", original: "rnn_backward", fixture: "rnn",
        summary: "dx, dh0, dWx, dWh, db against numeric gradients and Reference"
    ) { context in
        try context.cases("rnn").flatMap { c, file in
            try sequenceBackward(c, file, threshold: { _ in Thresholds.numericSequence }) {
                try context.implementation.rnn(x: $0, h0: $1, wx: $2, wh: $3, b: $4)
            }
        }
    }

    // MARK: Word embedding

    static let wordEmbeddingForward = Check(
        "wordEmbeddingForward", original: "word_embedding_forward", fixture: "word_embedding",
        summary: "out = W[x] against Reference on every word_embedding fixture case"
    ) { context in
        try context.cases("word_embedding").map { c, file in
            let out = try context.implementation.wordEmbedding(
                x: c.integers("x", in: file), w: c.tensor("W", in: file)).out
            return try compare("out [\(c.name)]", out, c.expected("out", in: file),
                               threshold: Thresholds.forward)
        }
    }

    static let wordEmbeddingBackward = Check(
        "wordEmbeddingBackward", original: "word_embedding_backward", fixture: "word_embedding",
        summary: "dW (repeated words accumulate) against numeric gradients and Reference"
    ) { context in
        try context.cases("word_embedding").flatMap { c, file -> [Measurement] in
            let (x, w, dout) = try (c.integers("x", in: file), c.tensor("W", in: file),
                                    c.tensor("dout", in: file))
            let impl = context.implementation
            let dW = try impl.wordEmbedding(x: x, w: w).backward(dout)
            return try [
                numericCheck("dW [\(c.name)]", analytic: dW, at: w, upstream: dout,
                             threshold: Thresholds.numericEmbedding) {
                    try impl.wordEmbedding(x: x, w: $0).out },
                compare("dW [\(c.name)] vs fixture", dW, c.expected("dW", in: file),
                        threshold: Thresholds.gradientVersusFixture),
            ]
        }
    }

    // MARK: LSTM

    static let lstmStepForward = Check(
        "lstmStepForward", original: "lstm_step_forward", fixture: "lstm_step",
        summary: "next_h and next_c against Reference on every lstm_step fixture case"
    ) { context in
        try context.cases("lstm_step").flatMap { c, file -> [Measurement] in
            let i = try LSTMStepInputs(c, file)
            let out = try context.implementation.lstmStep(
                x: i.x, prevH: i.prevH, prevC: i.prevC, wx: i.wx, wh: i.wh, b: i.b)
            return try [
                compare("next_h [\(c.name)]", out.nextH, c.expected("next_h", in: file),
                        threshold: Thresholds.forward),
                compare("next_c [\(c.name)]", out.nextC, c.expected("next_c", in: file),
                        threshold: Thresholds.forward),
            ]
        }
    }

    static let lstmStepBackward = Check(
        "lstmStepBackward", original: "lstm_step_backward", fixture: "lstm_step",
        summary: "dx, dprev_h, dprev_c, dWx, dWh, db against numeric gradients and Reference"
    ) { context in
        let impl = context.implementation
        return try context.cases("lstm_step").flatMap { c, file -> [Measurement] in
            let i = try LSTMStepInputs(c, file)
            let (dh, dc) = try (c.tensor("dnext_h", in: file), c.tensor("dnext_c", in: file))
            let g = try impl.lstmStep(x: i.x, prevH: i.prevH, prevC: i.prevC, wx: i.wx, wh: i.wh,
                                      b: i.b).backward(dh, dc)
            // The notebook's numeric gradient is num(f_h, dnext_h) + num(f_c, dnext_c):
            // the same as one check of the joined output [next_h | next_c].
            let upstream = Tensor.concatenated([dh, dc], alongAxis: 1)
            func forward(_ v: [Tensor<Double>]) throws -> Tensor<Double> {
                let out = try impl.lstmStep(x: v[0], prevH: v[1], prevC: v[2], wx: v[3], wh: v[4],
                                            b: v[5])
                try checkShape("next_h", out.nextH.shape, expected: dh.shape)
                try checkShape("next_c", out.nextC.shape, expected: dc.shape)
                return Tensor.concatenated([out.nextH, out.nextC], alongAxis: 1)
            }
            return try gradientChecks(
                c, file, names: ["dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"],
                inputs: [i.x, i.prevH, i.prevC, i.wx, i.wh, i.b],
                analytic: [g.dx, g.dPrevH, g.dPrevC, g.dWx, g.dWh, g.db], upstream: upstream,
                threshold: { _ in Thresholds.numericStep }, forward: forward)
        }
    }

    static let lstmForward = Check(
        "lstmForward", original: "lstm_forward", fixture: "lstm",
        summary: "h over the whole sequence (c0 = 0) against Reference on every lstm case"
    ) { context in
        try sequenceForward(context, fixture: "lstm") {
            try context.implementation.lstm(x: $0, h0: $1, wx: $2, wh: $3, b: $4).h
        }
    }

    static let lstmBackward = Check(
        "lstmBackward", original: "lstm_backward", fixture: "lstm",
        summary: "dx, dh0, dWx, dWh, db against numeric gradients and Reference"
    ) { context in
        try context.cases("lstm").flatMap { c, file in
            try sequenceBackward(
                c, file,
                threshold: { $0 == "dWh" ? Thresholds.numericLSTMWh : Thresholds.numericSequence }
            ) { try context.implementation.lstm(x: $0, h0: $1, wx: $2, wh: $3, b: $4) }
        }
    }

    // MARK: Shared pieces

    typealias SequenceLayer = (Tensor<Double>, Tensor<Double>, Tensor<Double>, Tensor<Double>,
                               Tensor<Double>) throws
        -> (h: Tensor<Double>, backward: (Tensor<Double>) throws -> SequenceGradients<Double>)

    /// The forward check shared by rnn and lstm over a sequence: h on every case.
    static func sequenceForward(
        _ context: CheckContext, fixture: String,
        layer: (Tensor<Double>, Tensor<Double>, Tensor<Double>, Tensor<Double>,
                Tensor<Double>) throws -> Tensor<Double>
    ) throws -> [Measurement] {
        try context.cases(fixture).map { c, file in
            let i = try SequenceInputs(c, file)
            return try compare("h [\(c.name)]", try layer(i.x, i.h0, i.wx, i.wh, i.b),
                               c.expected("h", in: file), threshold: Thresholds.forward)
        }
    }

    /// The backward check shared by rnn and lstm over a sequence.
    static func sequenceBackward(
        _ c: FixtureCase, _ file: String, threshold: (String) -> Double, layer: SequenceLayer
    ) throws -> [Measurement] {
        let i = try SequenceInputs(c, file)
        let dout = try c.tensor("dout", in: file)
        let g = try layer(i.x, i.h0, i.wx, i.wh, i.b).backward(dout)
        return try gradientChecks(
            c, file, names: ["dx", "dh0", "dWx", "dWh", "db"], inputs: [i.x, i.h0, i.wx, i.wh, i.b],
            analytic: [g.dx, g.dh0, g.dWx, g.dWh, g.db], upstream: dout, threshold: threshold
        ) { v in try layer(v[0], v[1], v[2], v[3], v[4]).h }
    }

    /// Every gradient against a numeric gradient of `forward` (perturbing one input at a
    /// time) and against the fixture's gradient of the same name.
    static func gradientChecks(
        _ c: FixtureCase, _ file: String, names: [String], inputs: [Tensor<Double>],
        analytic: [Tensor<Double>], upstream: Tensor<Double>, threshold: (String) -> Double,
        forward: ([Tensor<Double>]) throws -> Tensor<Double>
    ) throws -> [Measurement] {
        var measurements: [Measurement] = []
        for k in inputs.indices {
            measurements.append(try numericCheck(
                "\(names[k]) [\(c.name)]", analytic: analytic[k], at: inputs[k], upstream: upstream,
                threshold: threshold(names[k])) { probe in
                    var perturbed = inputs
                    perturbed[k] = probe
                    return try forward(perturbed)
                })
        }
        return measurements + (try fixtureGradients(c, file, Array(zip(names, analytic))))
    }

    /// Each named gradient against the fixture's.
    static func fixtureGradients(
        _ c: FixtureCase, _ file: String, _ gradients: [(String, Tensor<Double>)]
    ) throws -> [Measurement] {
        try gradients.map { name, value in
            try compare("\(name) [\(c.name)] vs fixture", value, c.expected(name, in: file),
                        threshold: Thresholds.gradientVersusFixture)
        }
    }
}

/// The inputs of an rnn_step case.
struct RNNStepInputs {
    let x, prevH, wx, wh, b: Tensor<Double>

    init(_ c: FixtureCase, _ file: String) throws {
        (x, prevH, wx, wh, b) = try (c.tensor("x", in: file), c.tensor("prev_h", in: file),
                                     c.tensor("Wx", in: file), c.tensor("Wh", in: file),
                                     c.tensor("b", in: file))
    }
}

/// The inputs of an lstm_step case.
struct LSTMStepInputs {
    let x, prevH, prevC, wx, wh, b: Tensor<Double>

    init(_ c: FixtureCase, _ file: String) throws {
        (x, prevH, prevC) = try (c.tensor("x", in: file), c.tensor("prev_h", in: file),
                                 c.tensor("prev_c", in: file))
        (wx, wh, b) = try (c.tensor("Wx", in: file), c.tensor("Wh", in: file),
                           c.tensor("b", in: file))
    }
}

/// The inputs of an rnn or lstm sequence case.
struct SequenceInputs {
    let x, h0, wx, wh, b: Tensor<Double>

    init(_ c: FixtureCase, _ file: String) throws {
        (x, h0, wx, wh, b) = try (c.tensor("x", in: file), c.tensor("h0", in: file),
                                  c.tensor("Wx", in: file), c.tensor("Wh", in: file),
                                  c.tensor("b", in: file))
    }
}
