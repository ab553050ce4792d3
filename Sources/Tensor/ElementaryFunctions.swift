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

@inline(__always)
func stableSigmoid<S: TensorScalar>(_ x: S) -> S {
    if x >= 0 { return 1 / (1 + S.exp(-x)) }
    let e = S.exp(x)
    return e / (1 + e)
}

@_specialize(where S == Float)
@_specialize(where S == Double)
func unary<S: TensorScalar>(_ a: Tensor<S>, _ function: UnaryFunction) -> Tensor<S> {
    var result = a
    result.withUnsafeMutableBufferPointer { v in
        switch function {
        case .tanh: for i in v.indices { v[i] = S.tanh(v[i]) }
        case .sigmoid: for i in v.indices { v[i] = stableSigmoid(v[i]) }
        case .exp: for i in v.indices { v[i] = S.exp(v[i]) }
        case .log: for i in v.indices { v[i] = S.log(v[i]) }
        case .squareRoot: for i in v.indices { v[i] = v[i].squareRoot() }
        case .square: for i in v.indices { v[i] = v[i] * v[i] }
        case .magnitude: for i in v.indices { v[i] = v[i].magnitude }
        }
    }
    return result
}
