// In-place access to tensors for the fused time-step kernels (LSTMCell.swift): the
// kernels read and write one time step of an (N, T, W) tensor where it lies, through
// pointers that are valid only inside these closures.

/// Rows of a matrix inside a larger buffer: row r starts at `base + r · stride`. One time
/// step of an (N, T, W) tensor is `Rows(base: p + step · W, stride: T · W)`, so the
/// kernels read and write time steps in place.
package struct Rows<S> {
    package let base: UnsafeMutablePointer<S>
    package let stride: Int

    package init(_ base: UnsafeMutablePointer<S>, stride: Int) {
        self.base = base
        self.stride = stride
    }

    package init(_ base: UnsafePointer<S>, stride: Int) {
        self.init(UnsafeMutablePointer(mutating: base), stride: stride)
    }

    /// Step `step` of an (N, T, W) buffer.
    package init(_ base: UnsafeMutablePointer<S>, step: Int, steps: Int, width: Int) {
        self.init(base + step * width, stride: steps * width)
    }

    /// Step `step` of an (N, T, W) buffer that is only read.
    package init(_ base: UnsafePointer<S>, step: Int, steps: Int, width: Int) {
        self.init(UnsafeMutablePointer(mutating: base), step: step, steps: steps, width: width)
    }

    @inline(__always)
    package subscript(row: Int) -> UnsafeMutablePointer<S> { base + row * stride }
}

extension Rows {
    /// The same rows seen as another element type of the same size (Float in a
    /// specialisation that has already checked `S == Float`).
    @inline(__always)
    package func cast<T>() -> Rows<T> {
        Rows<T>(UnsafeMutableRawPointer(base).assumingMemoryBound(to: T.self), stride: stride)
    }
}

/// Runs `body` with the storage of each of `tensors`, in order. Every tensor must be
/// non-empty.
package func withStorage<S: TensorScalar, R>(
    of tensors: [Tensor<S>], _ body: ([UnsafePointer<S>]) -> R
) -> R {
    func open(_ index: Int, _ opened: [UnsafePointer<S>]) -> R {
        guard index < tensors.count else { return body(opened) }
        return tensors[index].withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                preconditionFailure("withStorage: tensor \(index) is empty")
            }
            return open(index + 1, opened + [base])
        }
    }
    return open(0, [])
}

/// Runs `body` with the writable storage of two non-empty tensors.
package func withMutableStorage<S: TensorScalar, R>(
    of a: inout Tensor<S>, _ b: inout Tensor<S>,
    _ body: (UnsafeMutablePointer<S>, UnsafeMutablePointer<S>) -> R
) -> R {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            guard let pa = a.baseAddress, let pb = b.baseAddress else {
                preconditionFailure("withMutableStorage: an empty tensor")
            }
            return body(pa, pb)
        }
    }
}

/// Runs `body` with the writable storage of four non-empty tensors.
package func withMutableStorage<S: TensorScalar, R>(
    of a: inout Tensor<S>, _ b: inout Tensor<S>, _ c: inout Tensor<S>, _ d: inout Tensor<S>,
    _ body: (
        UnsafeMutablePointer<S>, UnsafeMutablePointer<S>, UnsafeMutablePointer<S>,
        UnsafeMutablePointer<S>
    ) -> R
) -> R {
    withMutableStorage(of: &a, &b) { pa, pb in
        withMutableStorage(of: &c, &d) { pc, pd in body(pa, pb, pc, pd) }
    }
}

/// A new `(count, width)` matrix holding `count` rows of `rows`: a time step copied out
/// as the contiguous left operand of the next product. On both cores from `parallelRows`:
/// the LSTM backward copies 100 rows of 2048 (800 KB) at every step, and the other core
/// waited for it.
@_specialize(where S == Float)
@_specialize(where S == Double)
package func matrix<S: TensorScalar>(_ rows: Rows<S>, count: Int, width: Int) -> Tensor<S> {
    let values = [S](unsafeUninitializedCapacity: count * width) { out, initialized in
        if let target = out.baseAddress {
            forEachHalf(of: count, parallelFrom: parallelRows(hidden: width)) { part in
                for r in part { (target + r * width).initialize(from: rows[r], count: width) }
            }
        }
        initialized = count * width
    }
    return Tensor(shape: [count, width], scalars: values)
}

/// A tensor of the given shape whose elements are not set: for outputs that a kernel
/// overwrites entirely before anything reads them, which saves a zero-filling pass
/// (23 MB for the LSTM forward's states at N = 100, T = 16, H = 512).
package func unfilledTensor<S: TensorScalar>(of type: S.Type, shape: [Int]) -> Tensor<S> {
    let count = shape.reduce(1, *)
    return Tensor(
        shape: shape,
        scalars: [S](unsafeUninitializedCapacity: count) { _, initialized in
            initialized = count
        })
}

/// From how many rows a step kernel splits its rows over the two threads (`inHalves`):
/// rows of `hidden` values, about 64 K values in all. The step's values come from
/// memory, not cache (the whole sequence's gates are 13 MB at N = 100, H = 512), and one
/// core does not reach the memory bandwidth.
package func parallelRows(hidden: Int) -> Int { max(2, (1 << 16) / max(hidden, 1)) }

/// `parallelRows` for a pass whose arithmetic, not memory, takes the time (a tanh per
/// value): rows of `hidden` values, about 16 K values in all.
package func computeBoundRows(hidden: Int) -> Int { max(2, (1 << 14) / max(hidden, 1)) }

/// Loads and stores of up to 16 Floats; past `width` the lanes are zero and not stored,
/// as in `FastFloatMath.apply`.
package enum PartialLanes {
    /// Calls `body(j, width)` for the blocks of 16 columns of `0 ..< count`, then once for
    /// the shorter tail. The full blocks pass the literal 16, so once inlined their loads
    /// and stores compile to single vector moves (a variable width there made the fused
    /// LSTM step 128-bit code with spills: 196 µs instead of 66 at N = 100, H = 512).
    @inline(__always)
    package static func forEachBlock(of count: Int, _ body: (Int, Int) -> Void) {
        var j = 0
        while j + 16 <= count {
            body(j, 16)
            j += 16
        }
        if j < count { body(j, count - j) }
    }

    @inline(__always)
    package static func load(_ p: UnsafePointer<Float>, _ width: Int) -> SIMD16<Float> {
        if width == 16 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }
        var v = SIMD16<Float>(repeating: 0)
        for k in 0..<width { v[k] = p[k] }
        return v
    }

    @inline(__always)
    package static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ width: Int) {
        if width == 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
            return
        }
        for k in 0..<width { p[k] = v[k] }
    }
}
