/// An n-dimensional array stored contiguously in row-major order, like a C-ordered
/// NumPy array. `Tensor` is a value type: assigning it copies (lazily, on write), so a
/// layer can never change its caller's arrays by accident.
///
/// The element type is usually `Float` (training) or `Double` (gradient checks); index
/// tensors such as captions use `Int`, and masks `Bool`. Arithmetic, matrix products and
/// the elementary functions are available when `Element` is a ``TensorScalar``.
///
/// ```swift
/// let nextH = (x.matmul(wx) + prevH.matmul(wh) + b).tanh()   // rnn_step_forward
/// ```
public struct Tensor<Element: Sendable>: Sendable {
    /// The size of each axis, outermost first: `[N, T, D]` for a sequence batch.
    public internal(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public internal(set) var scalars: [Element]

    /// Creates a tensor of the given shape from its row-major elements.
    ///
    /// Traps with a message naming both counts if `scalars` does not fill `shape`.
    public init(shape: [Int], scalars: [Element]) {
        Self.checkShape(shape)
        let count = shape.reduce(1, *)
        guard count == scalars.count else {
            shapeFailure(
                "Tensor(shape: \(shape.shapeDescription), scalars:) needs \(count) "
                    + "elements, got \(scalars.count)")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor of the given shape with every element equal to `value`.
    ///
    /// Specialised: the generic version filled each element through a value-witness
    /// call, ~4% of a training step (perf) for the zero-filled gradients.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    @_specialize(where Element == Int)
    public init(repeating value: Element, shape: [Int]) {
        Self.checkShape(shape)
        self.shape = shape
        self.scalars = Array(repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a rank-0 tensor (a scalar with shape `[]`).
    public init(scalar: Element) {
        self.shape = []
        self.scalars = [scalar]
    }

    /// Creates a rank-1 tensor from an array: shape `[values.count]`.
    public init(_ values: [Element]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// Creates a rank-2 tensor from rows of equal length: shape `[rows, columns]`.
    public init(_ rows: [[Element]]) {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != columns {
            shapeFailure("Tensor(rows): row \(i) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a rank-3 tensor from nested arrays: shape `[planes, rows, columns]`.
    public init(_ planes: [[[Element]]]) {
        let inner = planes.map { Tensor($0) }
        let innerShape = inner.first?.shape ?? [0, 0]
        for (i, plane) in inner.enumerated() where plane.shape != innerShape {
            shapeFailure(
                "Tensor(planes): plane \(i) has shape \(plane.shape.shapeDescription), "
                    + "plane 0 has \(innerShape.shapeDescription)")
        }
        self.init(shape: [planes.count] + innerShape, scalars: inner.flatMap { $0.scalars })
    }

    /// The number of axes: 2 for a matrix, 3 for an `(N, T, D)` batch of sequences.
    public var rank: Int { shape.count }

    /// The number of elements (the product of the shape).
    public var count: Int { scalars.count }

    private static func checkShape(_ shape: [Int]) {
        if let bad = shape.first(where: { $0 < 0 }) {
            shapeFailure("shape \(shape.shapeDescription) has a negative size \(bad)")
        }
        // Every later `shape.reduce(1, *)` relies on this: the element count fits an Int.
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else {
                shapeFailure(
                    "shape \(shape.shapeDescription) has more elements than an Int can "
                        + "count")
            }
            count = product
        }
    }
}

extension Tensor {
    /// Calls `body` with the elements' storage for reading, without copying.
    public func withUnsafeBufferPointer<R>(
        _ body: (UnsafeBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the elements' storage for writing in place; the shape is fixed.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Reads or writes the element at row-major position `index` (0 ..< count),
    /// whatever the shape: the way numeric-gradient code walks every element.
    public subscript(flat index: Int) -> Element {
        get {
            checkFlatIndex(index)
            return scalars[index]
        }
        set {
            checkFlatIndex(index)
            scalars[index] = newValue
        }
    }

    private func checkFlatIndex(_ index: Int) {
        guard index >= 0 && index < count else {
            shapeFailure(
                "flat index \(index) is out of range for a tensor of \(count) elements "
                    + "(shape \(shape.shapeDescription))")
        }
    }

    /// Internal: builds a tensor without re-checking invariants the caller guarantees.
    init(uncheckedShape shape: [Int], scalars: [Element]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// Internal: in-place access for kernels in this module.
    mutating func replaceScalars(_ body: (inout [Element]) -> Void) {
        body(&scalars)
    }
}

extension Tensor: Equatable where Element: Equatable {}

extension Tensor: CustomStringConvertible {
    /// A NumPy-like rendering: nested brackets, with the shape on a first line.
    public var description: String {
        var text = "Tensor\(shape.shapeDescription)\n"
        guard !shape.isEmpty else { return text + "\(scalars[0])" }
        func render(axis: Int, offset: Int, indent: String) -> String {
            let size = shape[axis]
            let stride = shape[(axis + 1)...].reduce(1, *)
            if axis == shape.count - 1 {
                let items = (0..<size).map { "\(scalars[offset + $0])" }
                return "[" + items.joined(separator: ", ") + "]"
            }
            let items = (0..<size).map {
                render(axis: axis + 1, offset: offset + $0 * stride, indent: indent + " ")
            }
            return "[" + items.joined(separator: ",\n" + indent + " ") + "]"
        }
        text += render(axis: 0, offset: 0, indent: "")
        return text
    }
}
