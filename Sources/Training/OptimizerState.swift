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
            shapeFailure(
                "\(rule.rawValue): w has shape \(w.shape.shapeDescription) but dw has "
                    + "shape \(dw.shape.shapeDescription)")
        }
        // The Adam step reads its slots with pointers: a slot of another shape (a checkpoint
        // of another model, a hand-made state) would be read past its end.
        for (name, slot) in [("velocity", velocity), ("cache", cache), ("m", m), ("v", v)] {
            if let slot, slot.shape != w.shape {
                shapeFailure(
                    "\(rule.rawValue): the slot \(name) has shape "
                        + "\(slot.shape.shapeDescription) but w has shape \(w.shape.shapeDescription); "
                        + "a slot must have its parameter's shape")
            }
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
            let step = Double(t)
            let alpha =
                learningRate * (1 - Double.pow(beta2, step)).squareRoot()
                / (1 - Double.pow(beta1, step))
            // Taken out of the state first, so each slot's buffer has one owner and is
            // updated in place.
            var (nextM, nextV) = (m ?? .zeros(like: w), v ?? .zeros(like: w))
            (m, v) = (nil, nil)
            adamStep(
                &w, m: &nextM, v: &nextV, gradient: dw, alpha: S(alpha), beta1: S(beta1),
                beta2: S(beta2), epsilon: S(epsilon))
            (m, v) = (nextM, nextV)
        }
    }

    /// The pure form of ``update(_:gradient:)``: returns `(next_w, next_config)` and
    /// leaves `self` and `w` unchanged.
    public func updated(
        _ w: Tensor<S>, gradient dw: Tensor<S>
    )
        -> (nextW: Tensor<S>, nextState: OptimizerState<S>)
    {
        var (nextW, nextState) = (w, self)
        nextState.update(&nextW, gradient: dw)
        return (nextW, nextState)
    }
}

/// One Adam step over every element, in one pass:
/// m ← β₁m + (1−β₁)dw, v ← β₂v + (1−β₂)dw², w ← w − α·m / (√v + ε).
///
/// Why: as tensor expressions this was ten passes and seven temporaries per parameter
/// (perf, LSTM overfit run: at least 6.9 % of the samples in the update's operations).
/// Sixteen lanes at a time, because the scalar loop (a square root and a division per
/// element) was still 8 % of that run. The operations and their order per element are
/// those of the expressions, and a lane computes exactly what the scalar code does, so
/// results are identical.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func adamStep<S: TensorScalar>(
    _ w: inout Tensor<S>, m: inout Tensor<S>, v: inout Tensor<S>, gradient dw: Tensor<S>,
    alpha: S, beta1 b1: S, beta2 b2: S, epsilon: S
) {
    @inline(__always)
    func step(
        _ g: SIMD16<S>, _ m: inout SIMD16<S>, _ v: inout SIMD16<S>,
        _ w: inout SIMD16<S>
    ) {
        m = m * b1 + g * (1 - b1)
        v = v * b2 + (g * g) * (1 - b2)
        w -= m * alpha / (v.squareRoot() + epsilon)
    }
    @inline(__always) func lanes(at p: UnsafePointer<S>) -> SIMD16<S> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<S>.self)
    }
    @inline(__always) func store(_ x: SIMD16<S>, at p: UnsafeMutablePointer<S>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD16<S>.self)
    }
    let count = dw.count
    dw.withUnsafeBufferPointer { dw in
        w.withUnsafeMutableBufferPointer { w in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    guard let g = dw.baseAddress, let w = w.baseAddress, let m = m.baseAddress,
                        let v = v.baseAddress
                    else { return }
                    var i = 0
                    while i + 16 <= count {
                        var (mi, vi, wi) = (lanes(at: m + i), lanes(at: v + i), lanes(at: w + i))
                        step(lanes(at: g + i), &mi, &vi, &wi)
                        store(mi, at: m + i)
                        store(vi, at: v + i)
                        store(wi, at: w + i)
                        i += 16
                    }
                    // The last count mod 16 elements, in zero-padded lanes.
                    guard i < count else { return }
                    var (gt, mt, vt, wt) = (SIMD16<S>(), SIMD16<S>(), SIMD16<S>(), SIMD16<S>())
                    for j in 0..<(count - i) {
                        (gt[j], mt[j], vt[j], wt[j]) = (g[i + j], m[i + j], v[i + j], w[i + j])
                    }
                    step(gt, &mt, &vt, &wt)
                    for j in 0..<(count - i) {
                        (m[i + j], v[i + j], w[i + j]) = (mt[j], vt[j], wt[j])
                    }
                }
            }
        }
    }
}
