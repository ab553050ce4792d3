/// A matrix stored once in the order the matrix-product kernel reads its right operand,
/// for many products `x · B` with the same `B`.
///
/// Every product packs its right operand into cache-sized panels before multiplying.
/// For the recurrent weight `Wh`, multiplied at every time step, that packing is as
/// costly as the product itself (measured: 100×2048·(512×2048)ᵀ, 0.71 ms of which the
/// transposing copy of `Wh` is most); packing it once per sequence saves it T − 1 times.
/// The results are the same, bit for bit, as `matmul` and `matmulTransposed`.
///
/// ```swift
/// let wh = PackedMatrix(wh)                   // B = Wh, for h · Wh
/// let whT = PackedMatrix(transposing: wh)     // B = Whᵀ, for da · Whᵀ
/// let next = previous.matmul(wh)
/// ```
public struct PackedMatrix<Element: TensorScalar>: Sendable {
    /// The shape `(K, P)` of B, the right operand.
    public let shape: [Int]
    /// The matrix as given, B or Bᵀ.
    let source: Tensor<Element>
    let isTransposed: Bool
    /// B in panels (FloatGEMM.swift, `packWholeB`); nil for element types without a kernel.
    let panels: [Element]?
    /// Whether every product reads the panels, also one of a few rows with Bᵀ, which the
    /// public initialisers leave to the dot products of `matmulTransposed`.
    let alwaysReadsPanels: Bool

    /// B = `matrix`, a `(K, P)` matrix.
    public init(_ matrix: Tensor<Element>) {
        self.init(matrix, transposed: false)
    }

    /// B = `matrix`ᵀ, for a `(P, K)` matrix, without forming the transpose.
    public init(transposing matrix: Tensor<Element>) {
        self.init(matrix, transposed: true)
    }

    /// B = `matrix`ᵀ, read from the panels by every product, for the recurrences' many
    /// products of a few rows (N ≤ 32) with the same Whᵀ: there the panels beat the dot
    /// products `matmulTransposed` uses (one thread, 25×2048·(512×2048)ᵀ: 0.23 against
    /// 0.33 ms; two threads 0.12 and 0.17), which it packs once instead of at every step.
    /// For a few rows the results are not those of `matmulTransposed` bit for bit (the
    /// panels sum each element in order, the dot products in 16 partial sums).
    package init(transposingForPanels matrix: Tensor<Element>) {
        self.init(matrix, transposed: true, alwaysReadsPanels: true)
    }

    private init(_ matrix: Tensor<Element>, transposed: Bool, alwaysReadsPanels: Bool = false) {
        self.alwaysReadsPanels = alwaysReadsPanels
        guard matrix.rank == 2 else {
            shapeFailure("PackedMatrix: needs a matrix, got shape \(matrix.shape.shapeDescription)")
        }
        let (k, n) =
            transposed
            ? (matrix.shape[1], matrix.shape[0])
            : (matrix.shape[0], matrix.shape[1])
        shape = [k, n]
        source = matrix
        isTransposed = transposed
        panels = packedRightOperand(matrix.scalars, k: k, n: n, transposed: transposed)
    }
}

extension Tensor where Element: TensorScalar {
    /// The matrix product `self · B` with a packed B: equal to `matmul(B)` (or
    /// `matmulTransposed` for `PackedMatrix(transposing:)`), without packing B again.
    ///
    /// `self` is `(M, K)` or `(…, K)` (leading axes kept); the result is `(…, P)`.
    public func matmul(_ other: PackedMatrix<Element>) -> Tensor {
        guard rank >= 2, shape[rank - 1] == other.shape[0] else {
            shapeFailure(
                "matmul: \(shape.shapeDescription) · packed "
                    + "\(other.shape.shapeDescription): the left operand must be (…, "
                    + "\(other.shape[0])), B's number of rows")
        }
        let (m, k, n) = (shape.dropLast().reduce(1, *), other.shape[0], other.shape[1])
        return Tensor(
            uncheckedShape: Array(shape.dropLast()) + [n],
            scalars: matrixProduct(
                scalars, other.source.scalars, m: m, n: n, k: k,
                transposeA: false, transposeB: other.isTransposed,
                packedB: other.panels, readsPanels: other.alwaysReadsPanels))
    }
}
