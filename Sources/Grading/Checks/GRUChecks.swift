import LearnerProcess

/// The checks of the GRU layers (not in the original: the GRU section its rnn_layers.py
/// heads but never writes). Same kinds as the LSTM's: forward against fixtures; backward
/// against numeric gradients of the learner's own forward and against fixtures.
enum GRUChecks {
    static let all: [Check] = [gruStep, gru].flatMap { [$0.forwardCheck, $0.backwardCheck] }

    /// The note every GRU check's summary starts with.
    static let notInOriginal =
        "not in the original (the GRU section the source heads but "
        + "never writes): "

    static let gruStep = LayerSpec(
        function: .gruStep, forwardName: "gruStepForward", backwardName: "gruStepBackward",
        originalForward: "gru_step_forward", originalBackward: "gru_step_backward",
        fixture: "gru_step", inputs: ["x", "prev_h", "Wx", "Wh", "b", "bh"], outputs: ["next_h"],
        upstream: ["dnext_h"], gradients: ["dx", "dprev_h", "dWx", "dWh", "db", "dbh"],
        numericThreshold: { _ in Thresholds.numericStep },
        forwardSummary: notInOriginal + "next_h against Reference on every gru_step fixture case",
        backwardSummary: notInOriginal + "dx, dprev_h, dWx, dWh, db, dbh against numeric "
            + "gradients and Reference")

    static let gru = LayerSpec(
        function: .gru, forwardName: "gruForward", backwardName: "gruBackward",
        originalForward: "gru_forward", originalBackward: "gru_backward", fixture: "gru",
        inputs: ["x", "h0", "Wx", "Wh", "b", "bh"], outputs: ["h"], upstream: ["dout"],
        gradients: ["dx", "dh0", "dWx", "dWh", "db", "dbh"],
        numericThreshold: { _ in Thresholds.numericSequence },
        forwardSummary: notInOriginal + "h over the whole sequence (from h0) against Reference "
            + "on every gru fixture case",
        backwardSummary: notInOriginal + "dx, dh0, dWx, dWh, db, dbh against numeric gradients "
            + "and Reference")
}
