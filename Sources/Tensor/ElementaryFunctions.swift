/// Element-wise functions, like NumPy's ufuncs (`np.tanh(x)` is `x.tanh()`).
extension Tensor where Element: TensorScalar {
    /// Applies `transform` to every element.
    ///
    /// For custom element-wise math; the named functions below are faster.
    public func map(_ transform: (Element) -> Element) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: scalars.map(transform))
    }

    /// The hyperbolic tangent of every element. Its derivative is `1 - tanh(x)²`, which
    /// a backward pass computes from this output rather than from the input.
    public func tanh() -> Tensor { unary(self, .tanh) }

    /// The logistic sigmoid 1 / (1 + e^(−x)) of every element, computed stably: for
    /// x < 0 as e^x / (1 + e^x), so a large |x| never overflows.
    public func sigmoid() -> Tensor { unary(self, .sigmoid) }

    /// e^x for every element.
    public func exp() -> Tensor { unary(self, .exp) }

    /// The natural logarithm of every element.
    public func log() -> Tensor { unary(self, .log) }

    /// The square root of every element.
    public func squareRoot() -> Tensor { unary(self, .squareRoot) }

    /// Every element squared: `h.squared()` is `h ** 2`.
    public func squared() -> Tensor { unary(self, .square) }

    /// The absolute value of every element.
    public func magnitude() -> Tensor { unary(self, .magnitude) }

    /// Every element raised to the power `exponent`.
    public func raised(to exponent: Element) -> Tensor {
        map { Element.pow($0, exponent) }
    }

    /// True when no element is NaN or infinite.
    public var isFinite: Bool { scalars.allSatisfy(\.isFinite) }
}

enum UnaryFunction { case tanh, sigmoid, exp, log, squareRoot, square, magnitude }

extension TensorScalar {
    /// The logistic sigmoid 1 / (1 + e^(−x)) of one value, exactly as `Tensor.sigmoid()`
    /// computes it for Double: stably, as e^x / (1 + e^x) for x < 0. (Float tensors use
    /// the SIMD approximation `FastFloatMath.sigmoid` instead.)
    @inlinable
    public static func sigmoid(_ x: Self) -> Self {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }
}

@_specialize(where S == Float)
@_specialize(where S == Double)
func unary<S: TensorScalar>(_ a: Tensor<S>, _ function: UnaryFunction) -> Tensor<S> {
    // One pass from `a` into a new buffer: copying `a` first and then overwriting the
    // copy cost a second pass (perf, LSTM overfit run: the copy's memmove 4.5 %).
    let values = a.withUnsafeBufferPointer { x in
        [S](unsafeUninitializedCapacity: x.count) { v, initialized in
            initialized = x.count
            guard let source = x.baseAddress, let target = v.baseAddress else { return }
            // Float's tanh, sigmoid and exp use the SIMD approximations (FastFloatMath.swift:
            // ≈ 20× faster than libm tanhf, error ≤ 3.8e-7 relative); Double stays exact libm.
            forEachHalf(of: x.count, parallelFrom: parallelElementCount) { part in
                if S.self == Float.self {
                    let from = UnsafeRawPointer(source + part.lowerBound)
                        .assumingMemoryBound(to: Float.self)
                    let to = UnsafeMutableRawPointer(target + part.lowerBound)
                        .assumingMemoryBound(to: Float.self)
                    // Named functions, not a closure value: each inlines into its loop.
                    switch function {
                    case .tanh:
                        FastFloatMath.apply(from, to, count: part.count, FastFloatMath.tanh)
                        return
                    case .sigmoid:
                        FastFloatMath.apply(from, to, count: part.count, FastFloatMath.sigmoid)
                        return
                    case .exp:
                        FastFloatMath.apply(from, to, count: part.count, FastFloatMath.exp)
                        return
                    case .log, .squareRoot, .square, .magnitude:
                        break  // no SIMD approximation: the exact loop below
                    }
                }
                switch function {
                case .tanh: for i in part { target[i] = S.tanh(source[i]) }
                case .sigmoid: for i in part { target[i] = S.sigmoid(source[i]) }
                case .exp: for i in part { target[i] = S.exp(source[i]) }
                case .log: for i in part { target[i] = S.log(source[i]) }
                case .squareRoot: for i in part { target[i] = source[i].squareRoot() }
                case .square: for i in part { target[i] = source[i] * source[i] }
                case .magnitude: for i in part { target[i] = source[i].magnitude }
                }
            }
        }
    }
    return Tensor(uncheckedShape: a.shape, scalars: values)
}
