import LearnerProcess

/// The checks of the layers learners write: forward against fixtures; backward against
/// numeric gradients of the learner's own forward and against fixtures.
enum RecurrentLayerChecks {
    static let layers: [LayerSpec] = [rnnStep, rnn, wordEmbedding, lstmStep, lstm]
    static let all: [Check] = layers.flatMap { [$0.forwardCheck, $0.backwardCheck] }

    static let rnnStep = LayerSpec(
        function: .rnnStep, forwardName: "rnnStepForward", backwardName: "rnnStepBackward",
        originalForward: "rnn_step_forward", originalBackward: "rnn_step_backward",
        fixture: "rnn_step", inputs: ["x", "prev_h", "Wx", "Wh", "b"], outputs: ["next_h"],
        upstream: ["dnext_h"], gradients: ["dx", "dprev_h", "dWx", "dWh", "db"],
        numericThreshold: { _ in Thresholds.numericStep },
        forwardSummary: "next_h against Reference on every rnn_step fixture case",
        backwardSummary: "dx, dprev_h, dWx, dWh, db against numeric gradients and Reference")

    static let rnn = LayerSpec(
        function: .rnn, forwardName: "rnnForward", backwardName: "rnnBackward",
        originalForward: "rnn_forward", originalBackward: "rnn_backward", fixture: "rnn",
        inputs: ["x", "h0", "Wx", "Wh", "b"], outputs: ["h"], upstream: ["dout"],
        gradients: ["dx", "dh0", "dWx", "dWh", "db"],
        numericThreshold: { _ in Thresholds.numericSequence },
        forwardSummary: "h over the whole sequence against Reference on every rnn fixture case",
        backwardSummary: "dx, dh0, dWx, dWh, db against numeric gradients and Reference")

    static let wordEmbedding = LayerSpec(
        function: .wordEmbedding, forwardName: "wordEmbeddingForward",
        backwardName: "wordEmbeddingBackward", originalForward: "word_embedding_forward",
        originalBackward: "word_embedding_backward", fixture: "word_embedding",
        inputs: ["x", "W"], integerInputs: ["x"], outputs: ["out"], upstream: ["dout"],
        gradients: ["dW"], numericThreshold: { _ in Thresholds.numericEmbedding },
        forwardSummary: "out = W[x] against Reference on every word_embedding fixture case",
        backwardSummary: "dW (repeated words accumulate) against numeric gradients and Reference")

    static let lstmStep = LayerSpec(
        function: .lstmStep, forwardName: "lstmStepForward", backwardName: "lstmStepBackward",
        originalForward: "lstm_step_forward", originalBackward: "lstm_step_backward",
        fixture: "lstm_step", inputs: ["x", "prev_h", "prev_c", "Wx", "Wh", "b"],
        outputs: ["next_h", "next_c"], upstream: ["dnext_h", "dnext_c"],
        gradients: ["dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"],
        numericThreshold: { _ in Thresholds.numericStep },
        forwardSummary: "next_h and next_c against Reference on every lstm_step fixture case",
        backwardSummary: "dx, dprev_h, dprev_c, dWx, dWh, db against numeric gradients and "
            + "Reference")

    static let lstm = LayerSpec(
        function: .lstm, forwardName: "lstmForward", backwardName: "lstmBackward",
        originalForward: "lstm_forward", originalBackward: "lstm_backward", fixture: "lstm",
        inputs: ["x", "h0", "Wx", "Wh", "b"], outputs: ["h"], upstream: ["dout"],
        gradients: ["dx", "dh0", "dWx", "dWh", "db"],
        numericThreshold: { $0 == "dWh" ? Thresholds.numericLSTMWh : Thresholds.numericSequence },
        forwardSummary: "h over the whole sequence (c0 = 0) against Reference on every lstm case",
        backwardSummary: "dx, dh0, dWx, dWh, db against numeric gradients and Reference")
}
