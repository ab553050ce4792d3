import Reference
import Tensor

/// The checks of the GRU layers (not in the original: the GRU section its rnn_layers.py
/// heads but never writes). Same kinds as the LSTM's: forward against fixtures; backward
/// against numeric gradients of the learner's own forward and against fixtures.
enum GRUChecks {
    static let all: [Check] = [gruStepForward, gruStepBackward, gruForward, gruBackward]

    /// The note every GRU check's summary starts with.
    static let notInOriginal = "not in the original (the GRU section the source heads but "
        + "never writes): "

    static let gruStepForward = Check(
        "gruStepForward", original: "gru_step_forward", fixture: "gru_step",
        summary: notInOriginal + "next_h against Reference on every gru_step fixture case"
    ) { context in
        try context.cases("gru_step").map { c, file in
            let i = try GRUStepInputs(c, file)
            let nextH = try context.implementation.gruStep(
                x: i.x, prevH: i.prevH, wx: i.wx, wh: i.wh, b: i.b, bh: i.bh).nextH
            return try compare("next_h [\(c.name)]", nextH, c.expected("next_h", in: file),
                               threshold: Thresholds.forward)
        }
    }

    static let gruStepBackward = Check(
        "gruStepBackward", original: "gru_step_backward", fixture: "gru_step",
        summary: notInOriginal + "dx, dprev_h, dWx, dWh, db, dbh against numeric gradients and "
            + "Reference"
    ) { context in
        let impl = context.implementation
        return try context.cases("gru_step").flatMap { c, file -> [Measurement] in
            let i = try GRUStepInputs(c, file)
            let dNext = try c.tensor("dnext_h", in: file)
            let g = try impl.gruStep(x: i.x, prevH: i.prevH, wx: i.wx, wh: i.wh, b: i.b, bh: i.bh)
                .backward(dNext)
            return try RecurrentLayerChecks.gradientChecks(
                c, file, names: ["dx", "dprev_h", "dWx", "dWh", "db", "dbh"],
                inputs: [i.x, i.prevH, i.wx, i.wh, i.b, i.bh],
                analytic: [g.dx, g.dPrevH, g.dWx, g.dWh, g.db, g.dbh], upstream: dNext,
                threshold: { _ in Thresholds.numericStep }
            ) { v in
                try impl.gruStep(x: v[0], prevH: v[1], wx: v[2], wh: v[3], b: v[4], bh: v[5]).nextH
            }
        }
    }

    static let gruForward = Check(
        "gruForward", original: "gru_forward", fixture: "gru",
        summary: notInOriginal + "h over the whole sequence (from h0) against Reference on every "
            + "gru fixture case"
    ) { context in
        try context.cases("gru").map { c, file in
            let i = try GRUSequenceInputs(c, file)
            let h = try context.implementation.gru(x: i.x, h0: i.h0, wx: i.wx, wh: i.wh, b: i.b,
                                                   bh: i.bh).h
            return try compare("h [\(c.name)]", h, c.expected("h", in: file),
                               threshold: Thresholds.forward)
        }
    }

    static let gruBackward = Check(
        "gruBackward", original: "gru_backward", fixture: "gru",
        summary: notInOriginal + "dx, dh0, dWx, dWh, db, dbh against numeric gradients and "
            + "Reference"
    ) { context in
        let impl = context.implementation
        return try context.cases("gru").flatMap { c, file -> [Measurement] in
            let i = try GRUSequenceInputs(c, file)
            let dout = try c.tensor("dout", in: file)
            let g = try impl.gru(x: i.x, h0: i.h0, wx: i.wx, wh: i.wh, b: i.b, bh: i.bh)
                .backward(dout)
            return try RecurrentLayerChecks.gradientChecks(
                c, file, names: ["dx", "dh0", "dWx", "dWh", "db", "dbh"],
                inputs: [i.x, i.h0, i.wx, i.wh, i.b, i.bh],
                analytic: [g.dx, g.dh0, g.dWx, g.dWh, g.db, g.dbh], upstream: dout,
                threshold: { _ in Thresholds.numericSequence }
            ) { v in try impl.gru(x: v[0], h0: v[1], wx: v[2], wh: v[3], b: v[4], bh: v[5]).h }
        }
    }
}

/// The inputs of a gru_step case.
struct GRUStepInputs {
    let x, prevH, wx, wh, b, bh: Tensor<Double>

    init(_ c: FixtureCase, _ file: String) throws {
        (x, prevH) = try (c.tensor("x", in: file), c.tensor("prev_h", in: file))
        (wx, wh, b, bh) = try (c.tensor("Wx", in: file), c.tensor("Wh", in: file),
                               c.tensor("b", in: file), c.tensor("bh", in: file))
    }
}

/// The inputs of a gru sequence case.
struct GRUSequenceInputs {
    let x, h0, wx, wh, b, bh: Tensor<Double>

    init(_ c: FixtureCase, _ file: String) throws {
        (x, h0) = try (c.tensor("x", in: file), c.tensor("h0", in: file))
        (wx, wh, b, bh) = try (c.tensor("Wx", in: file), c.tensor("Wh", in: file),
                               c.tensor("b", in: file), c.tensor("bh", in: file))
    }
}
