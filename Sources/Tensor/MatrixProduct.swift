extension Tensor where Element: TensorScalar {
    /// The matrix product `self · other`, like NumPy's `x.dot(w)`.
    ///
    /// `self` is `(M, K)` or, with more axes, `(…, K)`: its leading axes are flattened,
    /// so an `(N, T, D)` batch times a `(D, H)` weight is `(N, T, H)`, one product for the
    /// whole sequence. `other` is `(K, P)`.
    public func matmul(_ other: Tensor) -> Tensor {
        let (m, k) = matrixView(of: self, role: "left operand of matmul")
        guard other.rank == 2, other.shape[0] == k else {
            shapeFailure(
                "matmul: \(shape.shapeDescription) · \(other.shape.shapeDescription): "
                    + "the right operand must be a matrix with \(k) rows (the left's last axis)")
        }
        let p = other.shape[1]
        return Tensor(
            uncheckedShape: Array(shape.dropLast()) + [p],
            scalars: matrixProduct(
                self.scalars, other.scalars, m: m, n: p, k: k,
                transposeA: false, transposeB: false))
    }

    /// `selfᵀ · other` without forming the transpose: the weight gradient `xᵀ · dout`.
    ///
    /// Both operands' leading axes are flattened into rows, so for `x` `(N, T, D)` and
    /// `dout` `(N, T, H)` this is the `(D, H)` gradient summed over every time step.
    public func transposedMatmul(_ other: Tensor) -> Tensor {
        let (rows, m) = matrixView(of: self, role: "left operand of transposedMatmul")
        let (otherRows, p) = matrixView(of: other, role: "right operand of transposedMatmul")
        guard rows == otherRows else {
            shapeFailure(
                "transposedMatmul: \(shape.shapeDescription)ᵀ · "
                    + "\(other.shape.shapeDescription): both need the same number of rows "
                    + "(\(rows) vs \(otherRows))")
        }
        return Tensor(
            uncheckedShape: [m, p],
            scalars: matrixProduct(
                self.scalars, other.scalars, m: m, n: p, k: rows,
                transposeA: true, transposeB: false))
    }

    /// `self · otherᵀ` without forming the transpose: the input gradient `dout · Wᵀ`.
    ///
    /// `self` is `(…, P)` (leading axes kept), `other` is `(K, P)`; the result is `(…, K)`.
    public func matmulTransposed(_ other: Tensor) -> Tensor {
        let (m, p) = matrixView(of: self, role: "left operand of matmulTransposed")
        guard other.rank == 2, other.shape[1] == p else {
            shapeFailure(
                "matmulTransposed: \(shape.shapeDescription) · "
                    + "\(other.shape.shapeDescription)ᵀ: the right operand must be a matrix with "
                    + "\(p) columns (the left's last axis)")
        }
        let k = other.shape[0]
        return Tensor(
            uncheckedShape: Array(shape.dropLast()) + [k],
            scalars: matrixProduct(
                self.scalars, other.scalars, m: m, n: k, k: p,
                transposeA: false, transposeB: true))
    }
}

private func matrixView<E>(of t: Tensor<E>, role: String) -> (rows: Int, columns: Int) {
    guard t.rank >= 2 else {
        shapeFailure("the \(role) must have at least 2 axes, got shape \(t.shape.shapeDescription)")
    }
    // The rows are the product of the leading axes, also when the last axis is empty.
    return (t.shape.dropLast().reduce(1, *), t.shape[t.rank - 1])
}

/// C (m×n) = op(A) · op(B), where op(A) is m×k and op(B) is k×n; all row-major.
///
/// Float and Double go to the packed, cache-blocked SIMD kernels of FloatGEMM.swift
/// (the type test is resolved at compile time in each specialisation); any other
/// `TensorScalar` uses the plain i-k-j loop. `packedB` is op(B) from `PackedMatrix`;
/// `readsPanels` makes a Float product of a few rows with Bᵀ read it too.
@_specialize(where S == Float)
@_specialize(where S == Double)
func matrixProduct<S: TensorScalar>(
    _ a: [S], _ b: [S], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool,
    packedB: [S]? = nil, readsPanels: Bool = false
) -> [S] {
    if S.self == Float.self {
        return unsafeBitCast(
            floatMatrixProduct(
                unsafeBitCast(a, to: [Float].self), unsafeBitCast(b, to: [Float].self),
                m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                packedB: packedB.map { unsafeBitCast($0, to: [Float].self) },
                readsPanels: readsPanels),
            to: [S].self)
    }
    if S.self == Double.self {
        return unsafeBitCast(
            doubleMatrixProduct(
                unsafeBitCast(a, to: [Double].self),
                unsafeBitCast(b, to: [Double].self),
                m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                packedB: packedB.map { unsafeBitCast($0, to: [Double].self) }),
            to: [S].self)
    }
    var c = [S](repeating: 0, count: m * n)
    guard m > 0, n > 0, k > 0 else { return c }
    plainProduct(a, b, &c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
    return c
}
