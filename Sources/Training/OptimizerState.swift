import Tensor

/// One parameter's optimiser state, the original's per-parameter `config` dict: the
/// hyper-parameters plus the rule's slots (`velocity`, `cache`, `m`, `v`, `t`).
///
/// Scalars are kept in `Double`, like Python floats; slots have the parameter's shape
/// and element type and start as zeros on the first update (`config.setdefault(...,
/// np.zeros_like(w))`).
public struct OptimizerState<S: TensorScalar>: Sendable, Equatable {
    /// The update rule these slots belong to.
    public let rule: UpdateRule
    /// `learning_rate`; the solver multiplies it by `lr_decay` at each epoch end.
    public var learningRate: Double
    /// `momentum` (`sgd_momentum`).
    public var momentum: Double
    /// `decay_rate` (`rmsprop`).
    public var decayRate: Double
    /// `epsilon` (`rmsprop`, `adam`).
    public var epsilon: Double
    /// `beta1`, `beta2` (`adam`).
    public var beta1: Double, beta2: Double
    /// `velocity` (`sgd_momentum`), shape of w; `nil` until the first update.
    public var velocity: Tensor<S>?
    /// `cache` (`rmsprop`): running mean of dw², shape of w; `nil` until the first update.
    public var cache: Tensor<S>?
    /// `m`, `v` (`adam`): running means of dw and dw², shape of w; `nil` until first used.
    public var m: Tensor<S>?, v: Tensor<S>?
    /// `t` (`adam`): the number of updates so far.
    public var t: Int

    /// A fresh state for `rule`, taking every value missing from `configuration` from the
    /// original's defaults (lr 1e-2 / adam 1e-3, momentum 0.9, decay_rate 0.99,
    /// epsilon 1e-8, beta1 0.9, beta2 0.999, t 0).
    public init(rule: UpdateRule, configuration: OptimizerConfiguration = .init()) {
        self.rule = rule
        learningRate = configuration.learningRate ?? rule.defaultLearningRate
        momentum = configuration.momentum ?? 0.9
        decayRate = configuration.decayRate ?? 0.99
        epsilon = configuration.epsilon ?? 1e-8
        beta1 = configuration.beta1 ?? 0.9
        beta2 = configuration.beta2 ?? 0.999
        t = 0
    }

    /// Applies one step of the rule to `w` (any shape) given its gradient `dw` (same
    /// shape), updating this state's slots: the original's `next_w, config = rule(w, dw,
    /// config)`, in place.
    public mutating func update(_ w: inout Tensor<S>, gradient dw: Tensor<S>) {
        guard w.shape == dw.shape else {
            shapeFailure("\(rule.rawValue): w has shape \(w.shape.shapeDescription) but dw has "
                + "shape \(dw.shape.shapeDescription)")
        }
        let lr = S(learningRate)
        switch rule {
        case .sgd:
            w -= lr * dw
        case .sgdMomentum:
            let next = S(momentum) * (velocity ?? .zeros(like: w)) - lr * dw
            w += next
            velocity = next
        case .rmsprop:
            let rho = S(decayRate)
            let nextCache = rho * (cache ?? .zeros(like: w)) + (1 - rho) * dw.squared()
            w -= lr * dw / (nextCache.squareRoot() + S(epsilon))
            cache = nextCache
        case .adam:
            t += 1
            let (b1, b2) = (S(beta1), S(beta2))
            let nextM = b1 * (m ?? .zeros(like: w)) + (1 - b1) * dw
            let nextV = b2 * (v ?? .zeros(like: w)) + (1 - b2) * dw.squared()
            let step = Double(t)
            let alpha = learningRate * (1 - Double.pow(beta2, step)).squareRoot()
                / (1 - Double.pow(beta1, step))
            w -= S(alpha) * nextM / (nextV.squareRoot() + S(epsilon))
            (m, v) = (nextM, nextV)
        }
    }

    /// The pure form of ``update(_:gradient:)``: returns `(next_w, next_config)` and
    /// leaves `self` and `w` unchanged.
    public func updated(_ w: Tensor<S>, gradient dw: Tensor<S>)
        -> (nextW: Tensor<S>, nextState: OptimizerState<S>) {
        var (nextW, nextState) = (w, self)
        nextState.update(&nextW, gradient: dw)
        return (nextW, nextState)
    }
}
