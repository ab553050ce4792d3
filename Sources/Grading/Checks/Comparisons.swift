import Tensor

/// Default thresholds, in one place so the README and `grader list` can quote them.
public enum Thresholds {
    /// A learner's forward output against Reference's, computed in Double.
    public static let forward = 1e-7
    /// A learner's gradient against Reference's, for the same inputs.
    public static let gradientVersusFixture = 1e-7
    /// A learner's gradient against numeric gradients of their own forward pass
    /// (central differences, h = 1e-5), for one step.
    public static let numericStep = 1e-7
    /// The same over a whole sequence, where round-off accumulates over T steps.
    public static let numericSequence = 1e-6
    /// LSTM's dWh over a sequence, which the notebook allows to reach e-6.
    public static let numericLSTMWh = 1e-5
    /// The word embedding is linear in W, so its numeric gradient is nearly exact.
    public static let numericEmbedding = 1e-9
    /// The model's parameter gradients against numeric ones (h = 1e-6, as the notebook).
    public static let numericModel = 5e-6
    /// |loss − expected| for the CaptioningRNN loss, as the notebook ("e-10 or less").
    public static let lossAbsolute = 1e-10
}

/// Compares a learner's array with the expected one. A wrong shape, NaN or infinity is a
/// failure with a message saying so; otherwise the relative error is measured and, when
/// it fails, the pattern of what is wrong is diagnosed (using `layout`, or none).
func compare(
    _ label: String, _ actual: Tensor<Double>, _ expected: Tensor<Double>,
    threshold: Double, layout: ArrayLayout? = nil
) throws -> Measurement {
    try checkShape(label, actual.shape, expected: expected.shape)
    try checkFinite(label, actual)
    var measurement = Measurement(
        label: label, error: relativeError(actual, expected),
        threshold: threshold)
    if !measurement.passed {
        let layout = layout ?? ArrayLayout(name: arrayName(label))
        measurement.diagnosis =
            Diagnosis.find(expected: expected, actual: actual, layout: layout)
            ?? Diagnosis.worstRelative(
                expected: expected, actual: actual, layout: layout,
                threshold: threshold)
    }
    return measurement
}

/// `dx` from `dx [notebook] vs fixture`.
func arrayName(_ label: String) -> String {
    label.split(separator: " ").first.map(String.init) ?? label
}

/// Fails with both shapes, and a hint when the shape is the transpose of the right one.
func checkShape(_ label: String, _ actual: [Int], expected: [Int]) throws {
    guard actual != expected else { return }
    let transposed = actual.count == 2 && expected.count == 2 && actual == expected.reversed()
    let name = arrayName(label)
    let diagnosis =
        transposed
        ? Diagnosis(
            .transposed, array: name,
            summary: "your \(name) has the transposed shape \(actual.shapeDescription)")
        : Diagnosis(
            .shapeMismatch, array: name,
            summary: "your \(name) has shape \(actual.shapeDescription), expected "
                + expected.shapeDescription)
    throw CheckFailure(
        "\(label) has shape \(actual.shapeDescription), expected "
            + expected.shapeDescription,
        hint: transposed
            ? "\(label) is the transpose of what is expected: check the order of "
                + "the operands of the matrix product (e.g. xᵀ · da, not daᵀ · x)." : nil,
        diagnosis: diagnosis)
}

func checkFinite(_ label: String, _ tensor: Tensor<Double>) throws {
    guard tensor.isFinite else {
        let bad = tensor.scalars.first { !$0.isFinite } ?? .nan
        let what = bad.isNaN ? "NaN" : "an infinite value"
        throw CheckFailure(
            "\(label) contains \(what); "
                + "a correct layer gives finite values for these inputs",
            hint: "Look for a division by zero, an overflowing exp, or a log of 0.",
            diagnosis: Diagnosis(
                .elementwise, array: arrayName(label),
                summary: "your \(arrayName(label)) contains \(what)"))
    }
}

/// The learner's gradient against a numeric gradient of the learner's own forward pass.
func numericCheck(
    _ label: String, analytic: Tensor<Double>, at x: Tensor<Double>, upstream: Tensor<Double>,
    threshold: Double, step: Double = 1e-5, forward: (Tensor<Double>) throws -> Tensor<Double>
) throws -> Measurement {
    try checkShape(label, analytic.shape, expected: x.shape)
    try checkFinite(label, analytic)
    let numeric = try numericGradient(at: x, upstream: upstream, step: step) { probe in
        let out = try forward(probe)
        try checkShape("the forward output", out.shape, expected: upstream.shape)
        return out
    }
    return Measurement(
        label: "\(label) vs numeric gradient",
        error: numericGradientError(analytic, numeric), threshold: threshold)
}

/// The round-off of one central-difference estimate, (f(x + h) − f(x − h)) / 2h, of a
/// function whose evaluation sums terms of total size `magnitude`: each evaluation is
/// exact to a few ulps of that size, and the difference divides by 2h. The factor 64
/// covers what a layer or a model accumulates through its steps. At the notebook's sizes
/// it is far below every bound; at a loss of 40 with h = 1e-6 it is 6e-7, which plain
/// rel_error turns into a failure of correct code on any gradient element below 0.1.
public func centralDifferenceNoise(magnitude: Double, step: Double) -> Double {
    64 * Double.ulpOfOne * magnitude / step
}

/// The original's rel_error, max |a − n| / max(1e-8, |a| + |n|), except that the
/// denominator never drops below 1e-3 of the array's largest |a| + |n|, nor below what
/// makes a difference within the numeric estimate's round-off (`noise`, see
/// `centralDifferenceNoise`) count as at most half the `threshold`.
///
/// Central differences carry an absolute error near `noise`; on an element much smaller
/// than the largest (a saturated gate, say) or than the noise, plain rel_error turns it
/// into a failure of correct code. A difference larger than the noise is still judged
/// relatively, and small elements are compared exactly with Reference's gradient by the
/// fixture measurement, which has no numeric noise: a real mistake still fails.
public func numericGradientError(
    _ analytic: Tensor<Double>, _ numeric: Tensor<Double>,
    noise: Double = 0, threshold: Double = 1
) -> Double {
    precondition(analytic.shape == numeric.shape, "numericGradientError: shapes differ")
    let scale = zip(analytic.scalars, numeric.scalars).map { abs($0) + abs($1) }.max() ?? 0
    let noiseFloor = noise.isFinite && threshold > 0 ? 2 * noise / threshold : 0
    let floor = max(1e-8, 1e-3 * scale, noiseFloor)
    var worst = 0.0
    for (a, n) in zip(analytic.scalars, numeric.scalars) {
        let error = abs(a - n) / max(floor, abs(a) + abs(n))
        if error.isNaN { return .nan }
        worst = max(worst, error)
    }
    return worst
}
