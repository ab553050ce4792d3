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
            let step = Double(t)
            let alpha = learningRate * (1 - Double.pow(beta2, step)).squareRoot()
                / (1 - Double.pow(beta1, step))
            // Taken out of the state first, so each slot's buffer has one owner and is
            // updated in place.
            var (nextM, nextV) = (m ?? .zeros(like: w), v ?? .zeros(like: w))
            (m, v) = (nil, nil)
            adamStep(&w, m: &nextM, v: &nextV, gradient: dw, alpha: S(alpha), beta1: S(beta1),
                     beta2: S(beta2), epsilon: S(epsilon))
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
    func step(_ g: SIMD16<S>, _ m: inout SIMD16<S>, _ v: inout SIMD16<S>,
              _ w: inout SIMD16<S>) {
        m = m * b1 + g * (1 - b1)
        v = v * b2 + (g * g) * (1 - b2)
        w -= m * alpha / (v.squareRoot() + epsilon)
    }
    let count = dw.count
    dw.withUnsafeBufferPointer { dw in
        w.withUnsafeMutableBufferPointer { w in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    guard let g = UnsafeRawPointer(dw.baseAddress),
                          let w = UnsafeMutableRawPointer(w.baseAddress),
                          let m = UnsafeMutableRawPointer(m.baseAddress),
                          let v = UnsafeMutableRawPointer(v.baseAddress) else { return }
                    let lanes = SIMD16<S>.self
                    var offset = 0
                    let tailOffset = count / 16 * 16 * MemoryLayout<S>.stride
                    while offset < tailOffset {
                        var (mi, vi, wi) = (m.loadUnaligned(fromByteOffset: offset, as: lanes),
                                            v.loadUnaligned(fromByteOffset: offset, as: lanes),
                                            w.loadUnaligned(fromByteOffset: offset, as: lanes))
                        step(g.loadUnaligned(fromByteOffset: offset, as: lanes), &mi, &vi, &wi)
                        m.storeBytes(of: mi, toByteOffset: offset, as: lanes)
                        v.storeBytes(of: vi, toByteOffset: offset, as: lanes)
                        w.storeBytes(of: wi, toByteOffset: offset, as: lanes)
                        offset += 16 * MemoryLayout<S>.stride
                    }
                    // The last count mod 16 elements, in zero-padded lanes.
                    let (start, tail) = (count / 16 * 16, count % 16)
                    guard tail > 0 else { return }
                    let (gs, ms, vs, ws) = (g.assumingMemoryBound(to: S.self) + start,
                                            m.assumingMemoryBound(to: S.self) + start,
                                            v.assumingMemoryBound(to: S.self) + start,
                                            w.assumingMemoryBound(to: S.self) + start)
                    var (gt, mt, vt, wt) = (SIMD16<S>(), SIMD16<S>(), SIMD16<S>(), SIMD16<S>())
                    for j in 0..<tail { (gt[j], mt[j], vt[j], wt[j]) = (gs[j], ms[j], vs[j], ws[j]) }
                    step(gt, &mt, &vt, &wt)
                    for j in 0..<tail { (ms[j], vs[j], ws[j]) = (mt[j], vt[j], wt[j]) }
                }
            }
        }
    }
}
