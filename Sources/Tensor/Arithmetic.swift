// The four element-wise operators, with NumPy broadcasting.

/// From this many elements an elementwise pass is split over the two threads
/// (`inHalves`): one core does not reach the memory bandwidth (the sum of two 512×2048
/// tensors: 0.095 ms on one thread, 0.050 on two).
let parallelElementCount = 1 << 18

enum ArithmeticOperation: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

@_specialize(where S == Float)
@_specialize(where S == Double)
func elementwise<S: TensorScalar>(
    _ a: Tensor<S>, _ b: Tensor<S>, _ op: ArithmeticOperation
) -> Tensor<S> {
    let shape =
        a.shape == b.shape
        ? a.shape : broadcastShape(a.shape, b.shape, operation: "operator \(op.rawValue)")
    let plan = a.shape == b.shape ? .same : BroadcastPlan(a.shape, b.shape, result: shape)
    let total = shape.reduce(1, *)
    let values = [S](unsafeUninitializedCapacity: total) { out, initialized in
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                guard total > 0, let o = out.baseAddress, let xs = x.baseAddress,
                    let ys = y.baseAddress
                else { return }
                // One loop per operation, the operator a static type, so each inner loop
                // is a simple, vectorisable body also inside the closures of `inHalves`
                // (a closure parameter there stayed an indirect call per element: a bias
                // added to 1600×1004 scores took 1.0 ms instead of 0.43).
                switch op {
                case .add: run(Add.self, plan, xs, ys, o, total, shape)
                case .subtract: run(Subtract.self, plan, xs, ys, o, total, shape)
                case .multiply: run(Multiply.self, plan, xs, ys, o, total, shape)
                case .divide: run(Divide.self, plan, xs, ys, o, total, shape)
                }
            }
        }
        initialized = total
    }
    return Tensor(uncheckedShape: shape, scalars: values)
}

/// The four arithmetic operators as types, for `run`'s specialisation.
private protocol BinaryOperator {
    static func apply<S: TensorScalar>(_ x: S, _ y: S) -> S
}
private enum Add: BinaryOperator {
    @inline(__always) static func apply<S: TensorScalar>(_ x: S, _ y: S) -> S { x + y }
}
private enum Subtract: BinaryOperator {
    @inline(__always) static func apply<S: TensorScalar>(_ x: S, _ y: S) -> S { x - y }
}
private enum Multiply: BinaryOperator {
    @inline(__always) static func apply<S: TensorScalar>(_ x: S, _ y: S) -> S { x * y }
}
private enum Divide: BinaryOperator {
    @inline(__always) static func apply<S: TensorScalar>(_ x: S, _ y: S) -> S { x / y }
}

/// out = x `Op` y elementwise under `plan`; large inputs in two halves (`inHalves`).
@inline(__always)
private func run<S: TensorScalar, Op: BinaryOperator>(
    _ op: Op.Type, _ plan: BroadcastPlan, _ xs: UnsafePointer<S>, _ ys: UnsafePointer<S>,
    _ o: UnsafeMutablePointer<S>, _ total: Int, _ shape: [Int]
) {
    switch plan {
    case .same:
        forEachHalf(of: total, parallelFrom: parallelElementCount) { part in
            for i in part { (o + i).initialize(to: Op.apply(xs[i], ys[i])) }
        }
    case .rightRepeats(let period):
        // Whole periods (rows) per half: a bias added to every row of the scores.
        forEachHalf(of: total / period, parallelFrom: parallelElementCount / period) { rows in
            for start in stride(
                from: rows.lowerBound * period, to: rows.upperBound * period,
                by: period)
            {
                for j in 0..<period {
                    (o + start + j).initialize(to: Op.apply(xs[start + j], ys[j]))
                }
            }
        }
    case .leftRepeats(let period):
        forEachHalf(of: total / period, parallelFrom: parallelElementCount / period) { rows in
            for start in stride(
                from: rows.lowerBound * period, to: rows.upperBound * period,
                by: period)
            {
                for j in 0..<period {
                    (o + start + j).initialize(to: Op.apply(xs[j], ys[start + j]))
                }
            }
        }
    case .general(let left, let right):
        forEachBroadcastIndex(shape: shape, left: left, right: right) { i, l, r in
            (o + i).initialize(to: Op.apply(xs[l], ys[r]))
        }
    }
}

@_specialize(where S == Float)
@_specialize(where S == Double)
func elementwise<S: TensorScalar>(
    _ a: Tensor<S>, scalar: S, _ op: ArithmeticOperation, scalarOnLeft: Bool
) -> Tensor<S> {
    // One pass into a new buffer (copy-then-modify was two; see `unary`).
    let values = a.withUnsafeBufferPointer { x in
        [S](unsafeUninitializedCapacity: x.count) { v, initialized in
            initialized = x.count
            guard let x = x.baseAddress, let v = v.baseAddress else { return }
            forEachHalf(of: initialized, parallelFrom: parallelElementCount) { indices in
                switch (op, scalarOnLeft) {
                case (.add, _): for i in indices { v[i] = x[i] + scalar }
                case (.multiply, _): for i in indices { v[i] = x[i] * scalar }
                case (.subtract, false): for i in indices { v[i] = x[i] - scalar }
                case (.subtract, true): for i in indices { v[i] = scalar - x[i] }
                case (.divide, false): for i in indices { v[i] = x[i] / scalar }
                case (.divide, true): for i in indices { v[i] = scalar / x[i] }
                }
            }
        }
    }
    return Tensor(uncheckedShape: a.shape, scalars: values)
}

@_specialize(where S == Float)
@_specialize(where S == Double)
func elementwiseInPlace<S: TensorScalar>(
    _ a: inout Tensor<S>, _ b: Tensor<S>, _ op: ArithmeticOperation
) {
    let shape =
        a.shape == b.shape
        ? a.shape : broadcastShape(a.shape, b.shape, operation: "operator \(op.rawValue)=")
    guard shape == a.shape else {
        shapeFailure(
            "operator \(op.rawValue)=: the result of broadcasting "
                + "\(a.shape.shapeDescription) with \(b.shape.shapeDescription) has shape "
                + "\(shape.shapeDescription), which does not fit the left operand")
    }
    let plan =
        a.shape == b.shape ? BroadcastPlan.same : BroadcastPlan(a.shape, b.shape, result: shape)
    guard case .general = plan else {
        let total = a.count
        let period: Int
        if case .rightRepeats(let p) = plan { period = p } else { period = total }
        b.withUnsafeBufferPointer { y in
            a.withUnsafeMutableBufferPointer { x in
                guard total > 0, period > 0, let xs = x.baseAddress, let ys = y.baseAddress
                else { return }
                switch op {
                case .add: runInPlace(Add.self, xs, ys, total, period)
                case .subtract: runInPlace(Subtract.self, xs, ys, total, period)
                case .multiply: runInPlace(Multiply.self, xs, ys, total, period)
                case .divide: runInPlace(Divide.self, xs, ys, total, period)
                }
            }
        }
        return
    }
    a = elementwise(a, b, op)
}

/// x = x `Op` y in place, where y repeats every `period` elements of x (a bias row) or
/// has x's shape (`period == total`); large inputs in two halves (`inHalves`).
///
/// Why: the learner's `dWh += stepGradient` in every backward step. As one loop over
/// `start + j` with a closure operator it stayed scalar, with an overflow check per
/// element: 15 % of the LSTM overfit run (perf), 1.5 M elements per step.
@inline(__always)
private func runInPlace<S: TensorScalar, Op: BinaryOperator>(
    _ op: Op.Type, _ xs: UnsafeMutablePointer<S>, _ ys: UnsafePointer<S>, _ total: Int,
    _ period: Int
) {
    guard period < total else {
        forEachHalf(of: total, parallelFrom: parallelElementCount) { part in
            for i in part { xs[i] = Op.apply(xs[i], ys[i]) }
        }
        return
    }
    forEachHalf(of: total / period, parallelFrom: parallelElementCount / period) { rows in
        for row in rows {
            let x = xs + row * period
            for j in 0..<period { x[j] = Op.apply(x[j], ys[j]) }
        }
    }
}

extension Tensor where Element: TensorScalar {
    /// Element-wise sum with NumPy broadcasting: `x.matmul(w) + b` adds the bias row `b`
    /// (shape `(M,)`) to every row.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, .add) }
    /// Element-wise difference with NumPy broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, .subtract) }
    /// Element-wise (Hadamard) product with NumPy broadcasting; `matmul` is the matrix product.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, .multiply) }
    /// Element-wise quotient with NumPy broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, .divide) }

    /// Adds `rhs` to every element.
    public static func + (lhs: Tensor, rhs: Element) -> Tensor {
        elementwise(lhs, scalar: rhs, .add, scalarOnLeft: false)
    }
    /// Adds `lhs` to every element.
    public static func + (lhs: Element, rhs: Tensor) -> Tensor {
        elementwise(rhs, scalar: lhs, .add, scalarOnLeft: true)
    }
    /// Subtracts `rhs` from every element.
    public static func - (lhs: Tensor, rhs: Element) -> Tensor {
        elementwise(lhs, scalar: rhs, .subtract, scalarOnLeft: false)
    }
    /// `lhs - x` for every element x: `1 - h * h` is tanh's derivative from its output.
    public static func - (lhs: Element, rhs: Tensor) -> Tensor {
        elementwise(rhs, scalar: lhs, .subtract, scalarOnLeft: true)
    }
    /// Multiplies every element by `rhs`.
    public static func * (lhs: Tensor, rhs: Element) -> Tensor {
        elementwise(lhs, scalar: rhs, .multiply, scalarOnLeft: false)
    }
    /// Multiplies every element by `lhs`.
    public static func * (lhs: Element, rhs: Tensor) -> Tensor {
        elementwise(rhs, scalar: lhs, .multiply, scalarOnLeft: true)
    }
    /// Divides every element by `rhs`.
    public static func / (lhs: Tensor, rhs: Element) -> Tensor {
        elementwise(lhs, scalar: rhs, .divide, scalarOnLeft: false)
    }
    /// `lhs / x` for every element x.
    public static func / (lhs: Element, rhs: Tensor) -> Tensor {
        elementwise(rhs, scalar: lhs, .divide, scalarOnLeft: true)
    }
    /// The element-wise negation.
    public static prefix func - (operand: Tensor) -> Tensor { operand * -1 }

    /// Adds `rhs` in place (broadcast into the left operand's shape): `dWh += ...`.
    public static func += (lhs: inout Tensor, rhs: Tensor) { elementwiseInPlace(&lhs, rhs, .add) }
    /// Subtracts `rhs` in place (broadcast into the left operand's shape).
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        elementwiseInPlace(&lhs, rhs, .subtract)
    }
    /// Multiplies by `rhs` in place (broadcast into the left operand's shape).
    public static func *= (lhs: inout Tensor, rhs: Tensor) {
        elementwiseInPlace(&lhs, rhs, .multiply)
    }
    /// Divides by `rhs` in place (broadcast into the left operand's shape).
    public static func /= (lhs: inout Tensor, rhs: Tensor) {
        elementwiseInPlace(&lhs, rhs, .divide)
    }
    /// Multiplies every element by `rhs` in place.
    public static func *= (lhs: inout Tensor, rhs: Element) {
        lhs.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] *= rhs } }
    }
}
