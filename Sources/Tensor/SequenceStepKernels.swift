// Time-step access and fused step kernels for the vanilla RNN's time loop (the LSTM's are
// in LSTMCellKernels.swift).
//
// Why: `x[..., step]` and `h[..., step] = …` go through the generic slicing subscript,
// which is not specialised for Float or Double and copied element by element through
// value-witness calls; a (N, T, H) step copy cost more than the step's elementwise math.
// These read and write whole rows in place and are specialised. They compute the same
// values in the same order as the tensor expressions, so results are bit-identical.

/// Writes `(N, W)` `value` into step `step` of `(N, T, W)` `x`: `x[:, step, :] = value`.
@_specialize(where S == Float)
@_specialize(where S == Double)
package func setTimeStep<S: TensorScalar>(_ x: inout Tensor<S>, _ step: Int, _ value: Tensor<S>) {
    let (n, t, w) = (x.shape[0], x.shape[1], x.shape[2])
    precondition(
        step >= 0 && step < t && value.shape == [n, w],
        "cannot write \(value.shape) into step \(step) of \(x.shape)")
    value.withUnsafeBufferPointer { source in
        x.withUnsafeMutableBufferPointer { target in
            guard let target = target.baseAddress, let source = source.baseAddress else { return }
            // On both cores from a few dozen rows: the rows land T·W values apart in a
            // tensor not yet in cache, and one core alone waited on its misses (perf: 0.7 %
            // of an rnn N100 step's main thread, while the other core spun).
            forEachHalf(of: n, parallelFrom: computeBoundRows(hidden: w)) { rows in
                for row in rows {
                    (target + (row * t + step) * w).update(from: source + row * w, count: w)
                }
            }
        }
    }
}

/// `tanh(projected[:, step] + b + y)`: one vanilla-RNN step from the input projection
/// x · Wx `(N, T, H)`, the bias `(H,)` and h · Wh `(N, H)`, in one pass.
///
/// The same operations in the same order as `(x · Wx + b)[:, step] + y` then `.tanh()`,
/// so Double results are identical; Float uses the SIMD tanh of `Tensor.tanh()`. It was
/// three passes (bias, step add, tanh): at N = 100, T = 16, H = 512, rnnForward went
/// from 3.62 to 3.18 ms.
@_specialize(where S == Float)
@_specialize(where S == Double)
package func tanhStep<S: TensorScalar>(
    _ projected: Tensor<S>, _ step: Int, bias: Tensor<S>,
    plus y: Tensor<S>
) -> Tensor<S> {
    let (n, t, w) = (projected.shape[0], projected.shape[1], projected.shape[2])
    precondition(
        step >= 0 && step < t && y.shape == [n, w] && bias.shape == [w],
        "tanhStep: projected \(projected.shape), bias \(bias.shape), y \(y.shape)")
    guard n * w > 0 else { return y }
    return tanhOfSums(rows: n, width: w, of: [projected, bias, y]) { inputs, row in
        (inputs[0] + (row * t + step) * w, inputs[1], inputs[2] + row * w)
    }
}

/// `tanh(x + y + b)` for `(N, W)` x and y and a `(W,)` bias, in one pass: a vanilla-RNN
/// step as `rnnStepForward` writes it, `(x · Wx + prevH · Wh + b).tanh()`, in that order
/// of additions (so Double results are identical, and Float's equal the three passes'
/// bit for bit: the same sums, then the SIMD tanh of `Tensor.tanh()`). For decoding, where
/// the three passes over the step's (N, H) values were 8 % of greedy sampling (perf).
@_specialize(where S == Float)
@_specialize(where S == Double)
package func tanhOfSum<S: TensorScalar>(
    _ x: Tensor<S>, _ y: Tensor<S>, plus bias: Tensor<S>
) -> Tensor<S> {
    precondition(
        x.rank == 2 && y.shape == x.shape && bias.shape == [x.shape[1]],
        "tanhOfSum: x \(x.shape), y \(y.shape), bias \(bias.shape)")
    let (n, w) = (x.shape[0], x.shape[1])
    guard n * w > 0 else { return y }
    return tanhOfSums(rows: n, width: w, of: [x, y, bias]) { inputs, row in
        (inputs[0] + row * w, inputs[1] + row * w, inputs[2])
    }
}

/// `tanh((a + b) + c)` for `n` rows of `w` values, in one pass over both cores: row r's
/// three operands are where `operands` puts them in the tensors `of` (a bias is the same
/// pointer for every row). Float uses the SIMD tanh of `Tensor.tanh()`, Double libm's.
@inline(__always)
private func tanhOfSums<S: TensorScalar>(
    rows n: Int, width w: Int, of tensors: [Tensor<S>],
    _ operands: ([UnsafePointer<S>], Int) -> (UnsafePointer<S>, UnsafePointer<S>, UnsafePointer<S>)
) -> Tensor<S> {
    let values = [S](unsafeUninitializedCapacity: n * w) { out, initialized in
        initialized = n * w
        withStorage(of: tensors) { inputs in
            guard let o = out.baseAddress else { return }
            forEachHalf(of: n, parallelFrom: computeBoundRows(hidden: w)) { rows in
                for row in rows {
                    let (a, b, c) = operands(inputs, row)
                    let target = o + row * w
                    if S.self == Float.self {
                        tanhStepRow(a, b, c, target, count: w)
                    } else {
                        for j in 0..<w { target[j] = S.tanh(a[j] + b[j] + c[j]) }
                    }
                }
            }
        }
    }
    return Tensor(shape: [n, w], scalars: values)
}

/// One row of `tanhOfSums` for Float, in SIMD16 lanes: tanh((a + b) + y).
@inline(__always)
private func tanhStepRow<S>(
    _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ y: UnsafePointer<S>,
    _ out: UnsafeMutablePointer<S>, count: Int
) {
    func float(_ p: UnsafePointer<S>) -> UnsafePointer<Float> {
        UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
    }
    let (a, b, y) = (float(a), float(b), float(y))
    let out = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)
    @inline(__always) func columns(_ j: Int, _ width: Int) {
        let sum =
            PartialLanes.load(a + j, width) + PartialLanes.load(b + j, width)
            + PartialLanes.load(y + j, width)
        PartialLanes.store(FastFloatMath.tanh(sum), out + j, width)
    }
    PartialLanes.forEachBlock(of: count, columns)
}

/// `(dh[:, step] + dNext) ⊙ (1 − h[:, step]²)`: the gradient at the pre-activation of the
/// tanh step that produced `h[:, step]`, in one pass over `(N, T, H)` dh and h, also
/// written into step `step` of the `(N, T, H)` pre-activation gradients `da`. The same
/// operations in the same order as the tensor expression, so Double results are identical.
@_specialize(where S == Float)
@_specialize(where S == Double)
package func tanhStepGradient<S: TensorScalar>(
    dh: Tensor<S>, dNext: Tensor<S>, h: Tensor<S>,
    step: Int, recordingInto da: inout Tensor<S>
) -> Tensor<S> {
    let (n, t, w) = (h.shape[0], h.shape[1], h.shape[2])
    precondition(
        step >= 0 && step < t && dh.shape == h.shape && dNext.shape == [n, w]
            && da.shape == h.shape,
        "tanhStepGradient: dh \(dh.shape), dNext \(dNext.shape), h \(h.shape), "
            + "da \(da.shape)")
    guard n * w > 0 else { return dNext }
    let values = dh.withUnsafeBufferPointer { dh in
        dNext.withUnsafeBufferPointer { dNext in
            h.withUnsafeBufferPointer { h in
                da.withUnsafeMutableBufferPointer { da in
                    [S](unsafeUninitializedCapacity: n * w) { out, initialized in
                        initialized = n * w
                        guard let dh = dh.baseAddress, let dNext = dNext.baseAddress,
                            let h = h.baseAddress, let da = da.baseAddress,
                            let out = out.baseAddress
                        else { return }
                        forEachHalf(of: n, parallelFrom: computeBoundRows(hidden: w)) { rows in
                            for row in rows {
                                let offset = (row * t + step) * w
                                let (d, e, y) = (dh + offset, dNext + row * w, h + offset)
                                let o = out + row * w
                                for j in 0..<w {
                                    (o + j).initialize(to: (d[j] + e[j]) * (1 - y[j] * y[j]))
                                }
                                (da + offset).update(from: o, count: w)
                            }
                        }
                    }
                }
            }
        }
    }
    return Tensor(shape: [n, w], scalars: values)
}

/// The states that feed each step: `[h0, h_0, …, h_{T−2}]` as `(N, T, H)`.
@_specialize(where S == Float)
@_specialize(where S == Double)
package func shiftedRight<S: TensorScalar>(_ h: Tensor<S>, first: Tensor<S>) -> Tensor<S> {
    let (n, t, w) = (h.shape[0], h.shape[1], h.shape[2])
    precondition(first.shape == [n, w], "shiftedRight: first \(first.shape), h \(h.shape)")
    guard n * t * w > 0 else { return h }  // nothing to shift (and no buffer to write into)
    // Row copies (memcpy): the slicing-subscript form went element by element, generically.
    let values = h.withUnsafeBufferPointer { h in
        first.withUnsafeBufferPointer { first in
            [S](unsafeUninitializedCapacity: n * t * w) { out, initialized in
                guard let out = out.baseAddress, let first = first.baseAddress,
                    let h = h.baseAddress
                else { return }  // not reached: not empty
                // On both cores when large (3.2 MB at N = 100, T = 16, H = 512).
                let parallelFrom = max(1, parallelElementCount / (t * w))
                forEachHalf(of: n, parallelFrom: parallelFrom) { rows in
                    for row in rows {
                        let target = out + row * t * w
                        target.initialize(from: first + row * w, count: w)
                        (target + w).initialize(from: h + row * t * w, count: (t - 1) * w)
                    }
                }
                initialized = n * t * w
            }
        }
    }
    return Tensor(shape: [n, t, w], scalars: values)
}
