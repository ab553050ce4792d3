/// The hyper-parameters a caller may set, the original's `optim_config` dict
/// (`{'learning_rate': 5e-3}`); a `nil` entry takes the update rule's default.
///
/// The solver copies one configuration into a separate ``OptimizerState`` per parameter.
public struct OptimizerConfiguration: Sendable, Equatable, Codable {
    /// `learning_rate`; default 1e-2 (`sgd`, `sgd_momentum`, `rmsprop`) or 1e-3 (`adam`).
    public var learningRate: Double?
    /// `momentum` of `sgd_momentum`; default 0.9.
    public var momentum: Double?
    /// `decay_rate` of `rmsprop`; default 0.99.
    public var decayRate: Double?
    /// `epsilon` of `rmsprop` and `adam`; default 1e-8.
    public var epsilon: Double?
    /// `beta1` of `adam`; default 0.9.
    public var beta1: Double?
    /// `beta2` of `adam`; default 0.999.
    public var beta2: Double?

    /// A configuration; every omitted value takes the rule's default.
    public init(
        learningRate: Double? = nil, momentum: Double? = nil, decayRate: Double? = nil,
        epsilon: Double? = nil, beta1: Double? = nil, beta2: Double? = nil
    ) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.decayRate = decayRate
        self.epsilon = epsilon
        self.beta1 = beta1
        self.beta2 = beta2
    }
}
