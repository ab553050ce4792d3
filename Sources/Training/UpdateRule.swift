/// A first-order update rule from the original's `optim.py`, named as there
/// (`sgd`, `sgd_momentum`, `rmsprop`, `adam`).
public enum UpdateRule: String, CaseIterable, Sendable, Codable {
    /// `sgd`: w −= lr·dw.
    case sgd
    /// `sgd_momentum`: v = momentum·v − lr·dw; w += v.
    case sgdMomentum = "sgd_momentum"
    /// `rmsprop`: cache = ρ·cache + (1−ρ)·dw²; w −= lr·dw / (√cache + ε).
    case rmsprop
    /// `adam` (a3 `optim.py`): t += 1; m, v EMAs; w −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε).
    case adam

    /// Parses the original's name (`"sgd_momentum"`) or the Swift case name
    /// (`"sgdMomentum"`); throws `TrainingError.unknownUpdateRule` otherwise.
    public init(named name: String) throws {
        if let rule = UpdateRule(rawValue: name) {
            self = rule
        } else if let rule = UpdateRule.allCases.first(where: { "\($0)" == name }) {
            self = rule
        } else {
            throw TrainingError.unknownUpdateRule(name)
        }
    }

    /// The rule's default learning rate: 1e-3 for `adam`, 1e-2 for the others.
    public var defaultLearningRate: Double {
        self == .adam ? 1e-3 : 1e-2
    }
}
