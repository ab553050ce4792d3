import Tensor
import Training

/// One parameter's optimiser state as a checkpoint's JSON header keeps it: the rule's
/// scalars. Its slot arrays (`velocity`, `cache`, `m`, `v`) travel in the payload, named
/// `<parameter>#<slot>`, so that resuming continues the update exactly (Adam's moments and
/// step count included) instead of restarting it.
struct SavedOptimizer: Codable, Equatable {
    var rule: String
    var learningRate, momentum, decayRate, epsilon, beta1, beta2: Double
    var t: Int

    static let slotNames = ["velocity", "cache", "m", "v"]

    init(_ state: OptimizerState<Float>) {
        rule = state.rule.rawValue
        (learningRate, momentum, decayRate, epsilon, beta1, beta2, t) =
            (
                state.learningRate, state.momentum, state.decayRate, state.epsilon, state.beta1,
                state.beta2, state.t
            )
    }

    /// The state, with the slots found in `arrays` under `<parameter>#<slot>`.
    func state(parameter: String, arrays: [String: Tensor<Float>]) throws -> OptimizerState<Float> {
        var state = OptimizerState<Float>(rule: try UpdateRule(named: rule))
        (
            state.learningRate, state.momentum, state.decayRate, state.epsilon, state.beta1,
            state.beta2, state.t
        ) = (learningRate, momentum, decayRate, epsilon, beta1, beta2, t)
        state.velocity = arrays["\(parameter)#velocity"]
        state.cache = arrays["\(parameter)#cache"]
        state.m = arrays["\(parameter)#m"]
        state.v = arrays["\(parameter)#v"]
        return state
    }

    /// The slot arrays of `state` that exist, named for the payload.
    static func slots(of state: OptimizerState<Float>, parameter: String) -> [String: Tensor<Float>]
    {
        var slots: [String: Tensor<Float>] = [:]
        for (slot, value) in zip(slotNames, [state.velocity, state.cache, state.m, state.v]) {
            if let value { slots["\(parameter)#\(slot)"] = value }
        }
        return slots
    }
}
