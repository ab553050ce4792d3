import LearnerProcess
import Tensor

/// Patterns that the wrong arrays alone cannot show, found by asking the learner's code
/// one more question with changed inputs (only after a failure, and never trusted for a
/// verdict): a square weight used transposed, a gradient that takes one time step's
/// upstream gradient only. Neither needs an answer the grader does not have.
extension Diagnosis {
    /// A square matrix among the inputs used transposed: `outputsMatch(position, Wᵀ)` says
    /// whether the learner's outputs equal the expected ones when input `position` is
    /// passed transposed. Nil when no square input does.
    public static func transposedInput(
        names: [String], inputs: [Tensor<Double>?],
        outputNames: [String],
        outputsMatch: (Int, Tensor<Double>) -> Bool
    ) -> Diagnosis? {
        for (position, input) in inputs.enumerated() {
            guard let input, input.rank == 2, input.shape[0] == input.shape[1],
                input.shape[0] > 1, input.transposed() != input,
                outputsMatch(position, input.transposed())
            else { continue }
            let name = names[position]
            let outputs = outputNames.joined(separator: " and ")
            return Diagnosis(
                .transposed, array: name,
                summary: "you use \(name) transposed: given \(name)ᵀ, your \(outputs) "
                    + "\(outputNames.count == 1 ? "is" : "are") right",
                detail: "\(name) is square (\(input.shape[0]) × \(input.shape[1])), "
                    + "so the shapes agree either way")
        }
        return nil
    }

    /// Gate blocks read in another order than Reference's (`[i | f | g | o]` for
    /// `[i | f | o | g]`): `outputsMatch(inputs)` says whether the learner's outputs equal
    /// the expected ones for inputs whose gate blocks (along `gateAxes`, nil for an input
    /// without gates) were reordered. Every order but the right one is tried.
    public static func gateOrder(
        gateNames: [String], inputs: [Tensor<Double>?],
        gateAxes: [Int?], outputNames: [String],
        outputsMatch: ([Tensor<Double>?]) -> Bool
    ) -> Diagnosis? {
        let count = gateNames.count
        guard count > 1, inputs.count == gateAxes.count,
            zip(inputs, gateAxes).contains(where: { $0 != nil && $1 != nil })
        else { return nil }
        for order in permutations(Array(0..<count)) where order != Array(0..<count) {
            let reordered = zip(inputs, gateAxes).map { input, axis -> Tensor<Double>? in
                guard let input, let axis else { return input }
                return reorderedBlocks(input, axis: axis, order: order)
            }
            guard outputsMatch(reordered) else { continue }
            let read = order.map { gateNames[$0] }.joined(separator: ", ")
            let outputs = outputNames.joined(separator: " and ")
            return Diagnosis(
                .wrongGateBlock, array: outputNames.first ?? "gates",
                summary: "you read the gate blocks in the order \(read) instead of "
                    + gateNames.joined(separator: ", "),
                detail: "with the blocks of the weights and biases reordered so, your "
                    + "\(outputs) \(outputNames.count == 1 ? "is" : "are") right")
        }
        return nil
    }

    /// Every order of `values`.
    static func permutations(_ values: [Int]) -> [[Int]] {
        guard values.count > 1 else { return [values] }
        return values.indices.flatMap { i -> [[Int]] in
            var rest = values
            let first = rest.remove(at: i)
            return permutations(rest).map { [first] + $0 }
        }
    }

    /// `tensor` with its equal blocks along `axis` in `order`: block k of the result is
    /// block order[k] of `tensor`. Nil when the axis does not split into the blocks.
    static func reorderedBlocks(
        _ tensor: Tensor<Double>, axis: Int,
        order: [Int]
    ) -> Tensor<Double>? {
        let shape = tensor.shape
        guard axis < shape.count, shape[axis] % order.count == 0 else { return nil }
        let width = shape[axis] / order.count
        let stride = shape[(axis + 1)...].reduce(1, *)
        let scalars = tensor.scalars
        let reordered = scalars.indices.map { flat -> Double in
            let coordinate = (flat / stride) % shape[axis]
            let (block, offset) = (coordinate / width, coordinate % width)
            return scalars[flat + ((order[block] * width + offset) - coordinate) * stride]
        }
        return Tensor(shape: shape, scalars: reordered)
    }

    /// A gradient (of a weight) right for the upstream gradient of some time steps and
    /// wrong for the others, each step's alone: `rightWithOnlyStep(s)` compares the
    /// learner's gradient with the numeric one of its own forward when only step `s` has
    /// an upstream gradient (nil: no answer). Weights assigned instead of accumulated over
    /// the steps are right for the step the loop ends with only.
    public static func stepContributions(
        name: String, steps: Int,
        rightWithOnlyStep: (Int) -> Bool?
    ) -> Diagnosis? {
        guard steps > 1 else { return nil }
        var (right, wrong): ([Int], [Int]) = ([], [])
        for step in 0..<steps {
            guard let isRight = rightWithOnlyStep(step) else { return nil }
            if isRight { right.append(step) } else { wrong.append(step) }
        }
        guard !right.isEmpty, !wrong.isEmpty else { return nil }
        let rightText = "step\(right.count == 1 ? "" : "s") \(listed(right))"
        let wrongText = "step\(wrong.count == 1 ? "" : "s") \(listed(wrong))"
        return Diagnosis(
            .wrongTimeSteps, array: name,
            summary: "only time \(rightText) count\(right.count == 1 ? "s" : "") in "
                + "your \(name): the contribution of \(wrongText) is wrong (T = \(steps))",
            detail: "with the upstream gradient of one step alone, your \(name) "
                + "agrees with the numeric gradient for \(rightText) only")
    }

    /// A gradient that depends on one time step of the upstream gradient only, when every
    /// step's should reach it (dh0 taken from the wrong step of the backward loop):
    /// `onlyStep(s)` is the learner's gradient with the upstream of every step but `s` set
    /// to 0. Exactly one step must give back `actual` (all zeros match every step).
    public static func singleStepSource(
        name: String, actual: Tensor<Double>, steps: Int,
        onlyStep: (Int) -> Tensor<Double>?
    ) -> Diagnosis? {
        guard steps > 1, actual.scalars.contains(where: { $0 != 0 }) else { return nil }
        let size = actual.scalars.map(abs).max() ?? 0
        let matching = (0..<steps).filter { step in
            guard let probe = onlyStep(step), probe.shape == actual.shape else { return false }
            return zip(probe.scalars, actual.scalars).allSatisfy { abs($0 - $1) <= 1e-9 * size }
        }
        guard matching.count == 1, let step = matching.first else { return nil }
        return Diagnosis(
            .wrongTimeSteps, array: name,
            summary: "your \(name) depends only on time step \(step) of the upstream "
                + "gradient (T = \(steps)): every step's gradient must reach it",
            detail: "with the upstream gradient of every other step set to 0, your "
                + "\(name) stays the same")
    }
}

extension LayerSpec {
    /// The learner's forward outputs with one input replaced, or nil when it fails.
    private func outputs(_ inputs: [WireTensor], context: CheckContext) -> [Tensor<Double>]? {
        let call = LayerCall(function: function, inputs: inputs)
        guard let reply = try? context.learner.reply(to: .layer(call)).checked(),
            case .layer(let outputs, _, _) = reply
        else { return nil }
        return try? outputs.map { try $0.floatingPoint() }
    }

    /// After a failing forward: whether the learner uses a square weight transposed.
    func transposedInputDiagnosis(
        _ c: FixtureCase, _ file: String,
        context: CheckContext
    ) throws -> Diagnosis? {
        let wire = try inputs.map { key in
            integerInputs.contains(key)
                ? WireTensor.int(try c.integers(key, in: file))
                : .double(try c.tensor(key, in: file))
        }
        let expected = try outputs.map { try c.expected($0, in: file) }
        return Diagnosis.transposedInput(
            names: inputs, inputs: wire.map { $0.integers == nil ? $0.doubles : nil },
            outputNames: outputs
        ) { position, transposed in
            var probe = wire
            probe[position] = .double(transposed)
            guard let got = outputs(probe, context: context), got.count == expected.count
            else { return false }
            return zip(got, expected).allSatisfy {
                $0.shape == $1.shape && relativeError($0, $1) <= Thresholds.forward
            }
        }
    }

    /// After a failing forward of an LSTM or GRU: whether the learner reads the gate
    /// blocks of its weights and biases in another order.
    func gateOrderDiagnosis(
        _ c: FixtureCase, _ file: String,
        context: CheckContext
    ) throws -> Diagnosis? {
        guard !gateNames.isEmpty else { return nil }
        let wire = try inputs.map { key in
            integerInputs.contains(key)
                ? WireTensor.int(try c.integers(key, in: file))
                : .double(try c.tensor(key, in: file))
        }
        let expected = try outputs.map { try c.expected($0, in: file) }
        let axes = zip(inputs, wire).map { key, tensor in
            ArrayLayout.forKey(key, rank: tensor.shape.count, gates: gateNames).gateAxis
        }
        return Diagnosis.gateOrder(
            gateNames: gateNames, inputs: wire.map { $0.integers == nil ? $0.doubles : nil },
            gateAxes: axes, outputNames: outputs
        ) { reordered in
            let probe = zip(wire, reordered).map { original, tensor in
                tensor.map { WireTensor.double($0) } ?? original
            }
            guard let got = outputs(probe, context: context), got.count == expected.count
            else { return false }
            return zip(got, expected).allSatisfy {
                $0.shape == $1.shape && relativeError($0, $1) <= Thresholds.forward
            }
        }
    }

    /// After a failing backward of a sequence: the gradients of inputs without a time
    /// axis (h0, the weights) that are wrong with no pattern get one from the time steps,
    /// if there is one: taken from one step's upstream alone, or right for some steps'
    /// upstream and wrong for the others.
    func diagnoseTimeSteps(
        _ measurements: inout [Measurement], gradients: [Tensor<Double>],
        inputs: [WireTensor], upstream: [Tensor<Double>],
        context: CheckContext
    ) {
        guard let steps = upstream.first(where: { $0.rank == 3 })?.shape[1], steps > 1 else {
            return
        }
        for (k, name) in self.gradients.enumerated() where gradients[k].rank <= 2 {
            let own = measurements.indices.filter {
                !measurements[$0].passed && arrayName(measurements[$0].label) == name
            }
            guard own.contains(where: { measurements[$0].label.hasSuffix("vs fixture") }),
                own.allSatisfy({
                    (measurements[$0].diagnosis?.kind ?? .elementwise) == .elementwise
                })
            else { continue }
            let found =
                singleStepDiagnosis(
                    k, actual: gradients[k], inputs: inputs,
                    upstream: upstream, context: context)
                ?? Diagnosis.stepContributions(name: name, steps: steps) { step in
                    rightWithOnly(
                        step, gradient: k, inputs: inputs, upstream: upstream,
                        context: context)
                }
            guard let found else { continue }
            for index in own { measurements[index].diagnosis = found }
        }
    }

    /// `upstream` with every step but `step` set to 0.
    static func keepingOnly(_ step: Int, of upstream: [Tensor<Double>]) -> [Tensor<Double>] {
        upstream.map { up -> Tensor<Double> in
            guard up.rank == 3 else { return up }
            let (t, inner) = (up.shape[1], up.shape[2])
            let kept = up.scalars.enumerated().map {
                ($0.offset / inner) % t == step ? $0.element : 0
            }
            return Tensor(shape: up.shape, scalars: kept)
        }
    }

    /// Whether the learner's gradient `k` agrees with the numeric gradient of its own
    /// forward when only `step` has an upstream gradient (nil when the call fails).
    func rightWithOnly(
        _ step: Int, gradient k: Int, inputs: [WireTensor],
        upstream: [Tensor<Double>], context: CheckContext
    ) -> Bool? {
        let call = LayerCall(
            function: function, inputs: inputs,
            upstream: Self.keepingOnly(step, of: upstream),
            numericInputs: [differentiable[k]])
        guard let reply = try? context.learner.reply(to: .layer(call)).checked(),
            case .layer(_, let gradients, let numeric) = reply, k < gradients.count,
            numeric.count == 1, let analytic = try? gradients[k].floatingPoint(),
            let estimate = try? numeric[0].floatingPoint(), analytic.shape == estimate.shape
        else { return nil }
        let threshold = numericThreshold(self.gradients[k])
        return numericGradientError(analytic, estimate, threshold: threshold) <= threshold
    }

    /// After a failing backward of a sequence: whether the gradient `k` (of an input
    /// without a time axis: h0, a weight) takes one step's upstream gradient only.
    func singleStepDiagnosis(
        _ k: Int, actual: Tensor<Double>, inputs: [WireTensor],
        upstream: [Tensor<Double>], context: CheckContext
    ) -> Diagnosis? {
        guard actual.rank <= 2, let steps = upstream.first(where: { $0.rank == 3 })?.shape[1]
        else { return nil }
        return Diagnosis.singleStepSource(name: gradients[k], actual: actual, steps: steps) {
            step in
            let masked = Self.keepingOnly(step, of: upstream)
            let call = LayerCall(function: function, inputs: inputs, upstream: masked)
            guard let reply = try? context.learner.reply(to: .layer(call)).checked(),
                case .layer(_, let gradients, _) = reply, k < gradients.count
            else { return nil }
            return try? gradients[k].floatingPoint()
        }
    }
}
