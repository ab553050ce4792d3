// The time loop of an LSTM over a sequence, forward and backward: the recurrent product
// and one fused pass of gate and cell arithmetic per step (LSTMCellKernels.swift),
// reading and writing whole-sequence tensors in place. Reference's `lstmForward` and
// `lstmBackward` call these, so they read like the original's equations.

/// What the forward loop leaves for the backward one: every step's gates (i, f, o, g
/// after their nonlinearities), cell state, tanh of the cell state and hidden state.
package struct LSTMRecurrence<S: TensorScalar>: Sendable {
    package let h, c, tanhC, gates: Tensor<S>

    package init(h: Tensor<S>, c: Tensor<S>, tanhC: Tensor<S>, gates: Tensor<S>) {
        (self.h, self.c, self.tanhC, self.gates) = (h, c, tanhC, gates)
    }
}

/// Runs the recurrence from h0 (and c0 = 0) over `projected` = x · Wx (N, T, 4H), adding
/// `b` and h_{t−1} · Wh inside each step.
package func lstmRecurrenceForward<S: TensorScalar>(
    projected: Tensor<S>, h0: Tensor<S>, wh: Tensor<S>, b: Tensor<S>
) -> LSTMRecurrence<S> {
    let (n, t, hidden) = (projected.shape[0], projected.shape[1], h0.shape[1])
    let (c0, whPacked) = (Tensor<S>.zeros(n, hidden), PackedMatrix(wh))
    // Every element of these is written by the step kernel before anything reads it.
    var (h, c, tanhC) = (
        unfilledTensor(of: S.self, shape: [n, t, hidden]),
        unfilledTensor(of: S.self, shape: [n, t, hidden]),
        unfilledTensor(of: S.self, shape: [n, t, hidden])
    )
    var gates = unfilledTensor(of: S.self, shape: [n, t, 4 * hidden])
    if n * t * hidden > 0 {
        withStorage(of: [projected, c0, b]) { inputs in
            withMutableStorage(of: &gates, &c, &tanhC, &h) { g, cc, tc, hh in
                var previousH = h0
                for step in 0..<t {
                    func rows(_ base: UnsafeMutablePointer<S>, _ width: Int) -> Rows<S> {
                        Rows(base, step: step, steps: t, width: width)
                    }
                    let recurrent = previousH.matmul(whPacked)
                    recurrent.withUnsafeBufferPointer { recurrent in
                        guard let recurrent = recurrent.baseAddress else { return }  // N = 0
                        lstmCellForward(
                            rows: n, hidden: hidden,
                            preActivation: Rows(inputs[0], step: step, steps: t, width: 4 * hidden),
                            bias: inputs[2], plus: Rows(recurrent, stride: 4 * hidden),
                            prevC: step == 0
                                ? Rows(inputs[1], stride: hidden)
                                : Rows(cc, step: step - 1, steps: t, width: hidden),
                            gates: rows(g, 4 * hidden), nextC: rows(cc, hidden),
                            tanhC: rows(tc, hidden), nextH: rows(hh, hidden))
                    }
                    previousH = matrix(rows(hh, hidden), count: n, width: hidden)
                }
            }
        }
    }
    return LSTMRecurrence(h: h, c: c, tanhC: tanhC, gates: gates)
}

/// Backpropagation through the recurrence: da (N, T, 4H), the gradient of every step's
/// pre-activation, and dh0 (N, H).
package func lstmRecurrenceBackward<S: TensorScalar>(
    dh: Tensor<S>, recurrence: LSTMRecurrence<S>, wh: Tensor<S>
) -> (da: Tensor<S>, dh0: Tensor<S>) {
    let (n, t, hidden) = (dh.shape[0], dh.shape[1], dh.shape[2])
    var da = unfilledTensor(of: S.self, shape: [n, t, 4 * hidden])  // every step writes its part
    var dNextH = Tensor<S>.zeros(n, hidden)
    var dNextC = Tensor<S>.zeros(n, hidden)  // updated in place to dPrevC at every step
    let c0 = Tensor<S>.zeros(n, hidden)
    let whTransposed = PackedMatrix(transposingForPanels: wh)  // daStep · Whᵀ, packed once
    if n * t * hidden > 0 {
        withStorage(of: [dh, recurrence.gates, recurrence.tanhC, recurrence.c, c0]) { inputs in
            withMutableStorage(of: &da, &dNextC) { da, dc in
                for step in (0..<t).reversed() {
                    func rows(_ base: UnsafePointer<S>, _ width: Int) -> Rows<S> {
                        Rows(base, step: step, steps: t, width: width)
                    }
                    dNextH.withUnsafeBufferPointer { dNextH in
                        guard let dNextH = dNextH.baseAddress else { return }  // N = 0
                        lstmCellBackward(
                            rows: n, hidden: hidden, dh: rows(inputs[0], hidden),
                            plus: Rows(dNextH, stride: hidden),
                            dNextC: Rows(dc, stride: hidden), gates: rows(inputs[1], 4 * hidden),
                            tanhC: rows(inputs[2], hidden),
                            prevC: step == 0
                                ? Rows(inputs[4], stride: hidden)
                                : Rows(
                                    inputs[3], step: step - 1, steps: t,
                                    width: hidden),
                            da: rows(da, 4 * hidden), dPrevC: Rows(dc, stride: hidden))
                    }
                    dNextH = matrix(rows(da, 4 * hidden), count: n, width: 4 * hidden)
                        .matmul(whTransposed)
                }
            }
        }
    }
    return (da, dNextH)
}

/// One LSTM step's gate and cell arithmetic from its pre-activation a = x · Wx + h · Wh + b
/// (N, 4H): the gates [i | f | o | g] after their nonlinearities, nextC, tanh(nextC), nextH.
/// The pre-activation is `(a + addend) + bias`, summed in the same pass, each term if given
/// (decoding: a = x · Wx and addend = h · Wh, in the step function's order; the separate
/// sum was a pass of its own over (N, 4H), on one core, at every decoded word).
package func lstmCell<S: TensorScalar>(
    _ a: Tensor<S>, plus addend: Tensor<S>? = nil, bias: Tensor<S>? = nil, prevC: Tensor<S>
)
    -> (gates: Tensor<S>, nextC: Tensor<S>, tanhC: Tensor<S>, nextH: Tensor<S>)
{
    let (n, hidden) = (prevC.shape[0], prevC.shape[1])
    // Not zero-filled: the kernel writes every element (decoding allocated 1.4 MB of
    // zeros per word at N = 100, H = 512).
    var (gates, nextC) = (
        unfilledTensor(of: S.self, shape: [n, 4 * hidden]),
        unfilledTensor(of: S.self, shape: [n, hidden])
    )
    var (tanhC, nextH) = (
        unfilledTensor(of: S.self, shape: [n, hidden]),
        unfilledTensor(of: S.self, shape: [n, hidden])
    )
    if n * hidden > 0 {
        precondition(
            bias.map { $0.shape == [4 * hidden] } ?? true,
            "lstmCell: bias \(bias?.shape ?? []), needs (4H,) = [\(4 * hidden)]")
        precondition(
            addend.map { $0.shape == a.shape } ?? true,
            "lstmCell: addend \(addend?.shape ?? []), a \(a.shape)")
        let optional = [bias, addend].compactMap { $0 }
        withStorage(of: [a, prevC] + optional) { inputs in
            withMutableStorage(of: &gates, &nextC, &tanhC, &nextH) { g, c, tc, hh in
                lstmCellForward(
                    rows: n, hidden: hidden,
                    preActivation: Rows(inputs[0], stride: 4 * hidden),
                    bias: bias == nil ? nil : inputs[2],
                    plus: addend == nil ? nil : Rows(inputs[inputs.count - 1], stride: 4 * hidden),
                    addendFirst: true,
                    prevC: Rows(inputs[1], stride: hidden),
                    gates: Rows(g, stride: 4 * hidden), nextC: Rows(c, stride: hidden),
                    tanhC: Rows(tc, stride: hidden), nextH: Rows(hh, stride: hidden))
            }
        }
    }
    return (gates, nextC, tanhC, nextH)
}

/// The gradient of `lstmCell`: da (N, 4H) and dPrevC (N, H).
package func lstmCellGradient<S: TensorScalar>(
    dNextH: Tensor<S>, dNextC: Tensor<S>, gates: Tensor<S>, tanhC: Tensor<S>, prevC: Tensor<S>
) -> (da: Tensor<S>, dPrevC: Tensor<S>) {
    let (n, hidden) = (prevC.shape[0], prevC.shape[1])
    var (da, dPrevC) = (Tensor<S>.zeros(n, 4 * hidden), Tensor<S>.zeros(n, hidden))
    if n * hidden > 0 {
        withStorage(of: [dNextH, dNextC, gates, tanhC, prevC]) { inputs in
            withMutableStorage(of: &da, &dPrevC) { da, dPrevC in
                lstmCellBackward(
                    rows: n, hidden: hidden, dh: Rows(inputs[0], stride: hidden),
                    plus: nil, dNextC: Rows(inputs[1], stride: hidden),
                    gates: Rows(inputs[2], stride: 4 * hidden),
                    tanhC: Rows(inputs[3], stride: hidden),
                    prevC: Rows(inputs[4], stride: hidden),
                    da: Rows(da, stride: 4 * hidden),
                    dPrevC: Rows(dPrevC, stride: hidden))
            }
        }
    }
    return (da, dPrevC)
}
