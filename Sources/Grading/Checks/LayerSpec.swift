import LearnerProcess
import Tensor

/// One layer of the assignment as its checks see it: the fixture keys of its inputs,
/// outputs, upstream gradients and gradients, in the order of the original's signature.
struct LayerSpec: Sendable {
    let function: LayerFunction
    /// Our names of the forward and backward functions (`rnnStepForward`, `rnnStepBackward`).
    let forwardName, backwardName: String
    /// The original's names (`rnn_step_forward`, `rnn_step_backward`).
    let originalForward, originalBackward: String
    let fixture: String
    /// Input keys; `integerInputs` are word indices, every other input is differentiated.
    let inputs: [String]
    var integerInputs: Set<String> = []
    let outputs: [String]
    let upstream: [String]
    /// The gradient keys, one per differentiable input, in input order.
    let gradients: [String]
    /// The bound of each gradient against the numeric gradient of the learner's forward.
    let numericThreshold: @Sendable (String) -> Double
    let forwardSummary, backwardSummary: String

    /// The positions of the differentiable inputs.
    var differentiable: [Int] { inputs.indices.filter { !integerInputs.contains(inputs[$0]) } }

    /// The names of the gate blocks of the layer's weights, in Reference's order.
    var gateNames: [String] {
        switch function {
        case .lstmStep, .lstm: return ArrayLayout.lstmGates
        case .gruStep, .gru: return ArrayLayout.gruGates
        default: return []
        }
    }

    /// How to read the array `key` of a case when diagnosing it: its axes, its gate
    /// blocks, and for the word embedding's `dW` how often each word occurs in `x`.
    func layout(_ key: String, rank: Int, _ c: FixtureCase, _ file: String) -> ArrayLayout {
        var layout = ArrayLayout.forKey(key, rank: rank, gates: gateNames)
        if layout.wordRows, let words = try? c.integers("x", in: file) {
            for word in words.scalars { layout.wordCounts[word, default: 0] += 1 }
        }
        return layout
    }
}

extension LayerSpec {
    /// The check of the forward pass: every output against the fixture, on every case.
    var forwardCheck: Check {
        let spec = self
        return Check(
            forwardName, original: originalForward, fixture: fixture,
            summary: forwardSummary
        ) { context in
            // The probes ask the learner more questions: on the first failing case only.
            var probed = false
            return try context.cases(spec.fixture).flatMap { c, file -> [Measurement] in
                let outputs = try context.forward(spec, c, file)
                var measurements = try zip(spec.outputs, outputs).map { key, value in
                    try compare(
                        "\(key) [\(c.name)]", value, c.expected(key, in: file),
                        threshold: Thresholds.forward,
                        layout: spec.layout(key, rank: value.rank, c, file))
                }
                // A square weight used transposed, or gate blocks read in another order,
                // show in no output's pattern: ask (see DiagnosisProbes.swift).
                if !probed, measurements.contains(where: { !$0.passed }) {
                    probed = true
                    let found =
                        try spec.transposedInputDiagnosis(c, file, context: context)
                        ?? spec.gateOrderDiagnosis(c, file, context: context)
                    for i in measurements.indices where !measurements[i].passed && found != nil {
                        measurements[i].diagnosis = found
                    }
                }
                return measurements
            }
        }
    }

    /// The check of the backward pass: every gradient against the central-difference
    /// gradient of the learner's own forward pass (a diagnostic the learner process
    /// computes) and against Reference's gradient from the fixture (the grader's own
    /// comparison, which a lying process cannot pass without the right numbers).
    var backwardCheck: Check {
        let spec = self
        return Check(
            backwardName, original: originalBackward, fixture: fixture,
            summary: backwardSummary
        ) { context in
            // The probes ask the learner more questions: on the first failing case only.
            var probed = false
            return try context.cases(spec.fixture).flatMap { c, file -> [Measurement] in
                let inputs = try spec.inputs.map { key in
                    spec.integerInputs.contains(key)
                        ? WireTensor.int(try c.integers(key, in: file))
                        : .double(try c.tensor(key, in: file))
                }
                let upstream = try spec.upstream.map { try c.tensor($0, in: file) }
                let (gradients, numeric, noise) = try context.backward(
                    spec, inputs: inputs,
                    upstream: upstream)
                var measurements: [Measurement] = []
                for (k, position) in spec.differentiable.enumerated() {
                    let name = spec.gradients[k]
                    let label = "\(name) [\(c.name)]"
                    try checkShape(label, gradients[k].shape, expected: inputs[position].shape)
                    try checkFinite(label, gradients[k])
                    guard numeric[k].shape == gradients[k].shape else {
                        throw CheckFailure(
                            "\(label): the learner process returned a numeric "
                                + "gradient of the wrong shape")
                    }
                    var measurement = Measurement(
                        label: "\(label) vs numeric gradient",
                        error: numericGradientError(
                            gradients[k], numeric[k], noise: noise,
                            threshold: spec.numericThreshold(name)),
                        threshold: spec.numericThreshold(name))
                    if !measurement.passed {
                        // Numeric gradients carry round-off: a looser tolerance for patterns.
                        measurement.diagnosis = Diagnosis.find(
                            expected: numeric[k], actual: gradients[k],
                            layout: spec.layout(name, rank: gradients[k].rank, c, file),
                            tolerance: 1e-5)
                    }
                    measurements.append(measurement)
                }
                var exact: [String: Bool] = [:]
                for (k, name) in spec.gradients.enumerated() {
                    let measurement = try compare(
                        "\(name) [\(c.name)] vs fixture", gradients[k], c.expected(name, in: file),
                        threshold: Thresholds.gradientVersusFixture,
                        layout: spec.layout(name, rank: gradients[k].rank, c, file))
                    exact[name] = measurement.passed
                    measurements.append(measurement)
                }
                // A gradient of h0 or a weight taken from the wrong time steps shows in no
                // pattern of its own: ask (see DiagnosisProbes.swift).
                if !probed, measurements.contains(where: { !$0.passed }) {
                    probed = true
                    spec.diagnoseTimeSteps(
                        &measurements, gradients: gradients, inputs: inputs,
                        upstream: upstream, context: context)
                }
                // Gradients equal to Reference's that disagree with the numeric gradients of
                // the learner's forward: the backward is right, the forward is not.
                for index in measurements.indices
                where !measurements[index].passed
                    && measurements[index].label.hasSuffix("vs numeric gradient")
                    && exact[arrayName(measurements[index].label)] == true
                {
                    let name = arrayName(measurements[index].label)
                    measurements[index].diagnosis = Diagnosis(
                        .fixPrerequisiteFirst, array: name,
                        summary: "fix \(spec.forwardName) (\(spec.originalForward)) first: this "
                            + "backward is checked against your forward",
                        detail: "your \(name) equals Reference's; the numeric gradient of your "
                            + "forward does not")
                }
                return measurements
            }
        }
    }
}

extension CheckContext {
    /// The learner's forward outputs for a fixture case.
    func forward(_ spec: LayerSpec, _ c: FixtureCase, _ file: String) throws -> [Tensor<Double>] {
        let inputs = try spec.inputs.map { key in
            spec.integerInputs.contains(key)
                ? WireTensor.int(try c.integers(key, in: file))
                : .double(try c.tensor(key, in: file))
        }
        let reply = try learner.reply(
            to: .layer(LayerCall(function: spec.function, inputs: inputs)))
        guard case .layer(let outputs, _, _) = try reply.checked(),
            outputs.count == spec.outputs.count
        else { throw CheckFailure.malformedReply }
        return try outputs.map { try $0.floatingPoint() }
    }

    /// The learner's gradients, the numeric gradients of its forward pass, and the
    /// round-off those carry (from Σ |output ⊙ upstream|, what each difference sums).
    func backward(
        _ spec: LayerSpec, inputs: [WireTensor], upstream: [Tensor<Double>]
    ) throws
        -> (gradients: [Tensor<Double>], numeric: [Tensor<Double>], noise: Double)
    {
        let call = LayerCall(
            function: spec.function, inputs: inputs, upstream: upstream,
            numericInputs: spec.differentiable)
        guard
            case .layer(let outputs, let gradients, let numeric) = try learner.reply(
                to: .layer(call)
            ).checked(),
            outputs.count == upstream.count,
            gradients.count == spec.gradients.count, numeric.count == spec.differentiable.count
        else { throw CheckFailure.malformedReply }
        var magnitude = 0.0
        for (output, up) in zip(try outputs.map { try $0.floatingPoint() }, upstream)
        where output.shape == up.shape {
            magnitude += zip(output.scalars, up.scalars).reduce(0) { $0 + abs($1.0 * $1.1) }
        }
        return (
            try gradients.map { try $0.floatingPoint() },
            try numeric.map { try $0.floatingPoint() },
            centralDifferenceNoise(magnitude: magnitude, step: call.step)
        )
    }
}

extension LearnerReply {
    /// The reply, unless it says the code is a stub (thrown as `LearnerStub`: TODO) or
    /// threw (a `CheckFailure` with the learner's error, truncated).
    func checked() throws -> LearnerReply {
        switch self {
        case .notImplemented(let text): throw LearnerStub(message: String(text.prefix(300)))
        case .threw(let type, let message):
            let text = "threw \(type.prefix(80)): \(message.prefix(1000))"
            let crash = Diagnosis.crash(check: "your code", message: text)
            throw CheckFailure(text, hint: crash.hint, diagnosis: crash.diagnosis)
        default: return self
        }
    }
}

extension WireTensor {
    /// A floating-point array from the learner as Double; word indices are not one.
    func floatingPoint() throws -> Tensor<Double> {
        guard integers == nil else { throw CheckFailure.malformedReply }
        return doubles
    }
}

/// The learner's code is still a stub: the check is TODO.
struct LearnerStub: Error {
    let message: String
}

extension CheckFailure {
    /// A reply with missing or surplus arrays: only the learner's own code can produce it,
    /// by writing to the grader's pipe.
    static let malformedReply = CheckFailure(
        "the learner process returned a reply with the wrong arrays (did your code write to "
            + "the process's pipes?)")
}
