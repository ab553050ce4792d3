// The elementwise work of one LSTM step, forward and backward, fused into one pass over
// the batch rows.
//
// Why: written as tensor expressions, one step was about 13 passes forward and 20
// backward over (N, H) arrays, each allocating its result; at N = 100, T = 16, H = 512
// that was about 4 ms of the 16 ms forward and 6 ms of the 32 ms backward (stage timings
// against the products alone). Fused, a step takes 66 µs forward and 34 µs backward
// (microbenchmark, same sizes), and its rows are split over both cores (`inHalves`).
// Each value is computed with the same operations in the same order as the tensor
// expressions in the comments, so Double results are bit for bit those of the unfused
// code (the fixtures verify this), and Float uses the same SIMD sigmoid and tanh as
// `Tensor.sigmoid()` and `Tensor.tanh()`.

/// The forward pass of the cell for `n` rows of `hidden` values:
///
///     a = preActivation (+ bias) (+ addend), in that order, or with `addendFirst`
///         preActivation (+ addend) (+ bias); blocks [i | f | o | g] of H
///     i, f, o = σ(a_i), σ(a_f), σ(a_o);  g = tanh(a_g)
///     nextC = f ⊙ prevC + i ⊙ g;  tanhC = tanh(nextC);  nextH = o ⊙ tanhC
///
/// `gates` receives [i | f | o | g].
@_specialize(where S == Float)
@_specialize(where S == Double)
package func lstmCellForward<S: TensorScalar>(
    rows n: Int, hidden: Int, preActivation a: Rows<S>, bias: UnsafePointer<S>?,
    plus addend: Rows<S>?, addendFirst: Bool = false, prevC: Rows<S>, gates: Rows<S>,
    nextC: Rows<S>, tanhC: Rows<S>, nextH: Rows<S>
) {
    forEachHalf(of: n, parallelFrom: parallelRows(hidden: 4 * hidden)) { part in
        if S.self == Float.self {
            lstmCellForwardFloat(
                rows: part, hidden: hidden, preActivation: a.cast(),
                bias: bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) },
                plus: addend?.cast(), addendFirst: addendFirst, prevC: prevC.cast(),
                gates: gates.cast(),
                nextC: nextC.cast(), tanhC: tanhC.cast(), nextH: nextH.cast())
        } else {
            lstmCellForwardScalar(
                rows: part, hidden: hidden, preActivation: a, bias: bias,
                plus: addend, addendFirst: addendFirst, prevC: prevC, gates: gates, nextC: nextC,
                tanhC: tanhC, nextH: nextH)
        }
    }
}

/// `lstmCellForward` one value at a time, for Double: libm's tanh and the exact sigmoid.
private func lstmCellForwardScalar<S: TensorScalar>(
    rows: Range<Int>, hidden h: Int, preActivation a: Rows<S>, bias: UnsafePointer<S>?,
    plus addend: Rows<S>?, addendFirst: Bool, prevC: Rows<S>, gates: Rows<S>, nextC: Rows<S>,
    tanhC: Rows<S>,
    nextH: Rows<S>
) {
    for r in rows {
        let (a, g, c) = (a[r], gates[r], prevC[r])
        let (cOut, tOut, hOut) = (nextC[r], tanhC[r], nextH[r])
        @inline(__always) func row(_ a: (Int) -> S) {
            for j in 0..<h {
                let (i, f, o, gg) = (
                    S.sigmoid(a(j)), S.sigmoid(a(h + j)), S.sigmoid(a(2 * h + j)),
                    S.tanh(a(3 * h + j))
                )
                (g[j], g[h + j], g[2 * h + j], g[3 * h + j]) = (i, f, o, gg)
                let cell = f * c[j] + i * gg  // gates.f * prevC + gates.i * gates.g
                let t = S.tanh(cell)
                (cOut[j], tOut[j], hOut[j]) = (cell, t, o * t)
            }
        }
        // a = timeStep(x · Wx + b, step, plus: h · Wh): the projection first; decoding's
        // a = x · Wx + h · Wh + b (`addendFirst`).
        switch (bias, addend?[r]) {
        case (let bias?, let extra?) where addendFirst: row { a[$0] + extra[$0] + bias[$0] }
        case (let bias?, let extra?): row { a[$0] + bias[$0] + extra[$0] }
        case (let bias?, nil): row { a[$0] + bias[$0] }
        case (nil, let extra?): row { a[$0] + extra[$0] }
        case (nil, nil): row { a[$0] }
        }
    }
}

/// `lstmCellForward` for Float: 16 columns at a time with the SIMD sigmoid and tanh.
private func lstmCellForwardFloat(
    rows: Range<Int>, hidden h: Int, preActivation a: Rows<Float>, bias: UnsafePointer<Float>?,
    plus addend: Rows<Float>?, addendFirst: Bool,
    prevC: Rows<Float>, gates: Rows<Float>, nextC: Rows<Float>, tanhC: Rows<Float>,
    nextH: Rows<Float>
) {
    for r in rows {
        let (a, g, c) = (a[r], gates[r], prevC[r])
        let extra = addend?[r]
        let (cOut, tOut, hOut) = (nextC[r], tanhC[r], nextH[r])
        // Columns j ..< j + width, width ≤ 16 (`PartialLanes.forEachBlock`).
        @inline(__always) func columns(_ j: Int, _ width: Int) {
            @inline(__always) func preActivation(_ block: Int) -> SIMD16<Float> {
                var value = PartialLanes.load(a + block * h + j, width)
                if addendFirst, let extra {
                    value = value + PartialLanes.load(extra + block * h + j, width)
                }
                if let bias { value = value + PartialLanes.load(bias + block * h + j, width) }
                if !addendFirst, let extra {
                    value = value + PartialLanes.load(extra + block * h + j, width)
                }
                return value
            }
            let i = FastFloatMath.sigmoid(preActivation(0))
            let f = FastFloatMath.sigmoid(preActivation(1))
            let o = FastFloatMath.sigmoid(preActivation(2))
            let gg = FastFloatMath.tanh(preActivation(3))
            let cell = f * PartialLanes.load(c + j, width) + i * gg
            let t = FastFloatMath.tanh(cell)
            PartialLanes.store(i, g + j, width)
            PartialLanes.store(f, g + h + j, width)
            PartialLanes.store(o, g + 2 * h + j, width)
            PartialLanes.store(gg, g + 3 * h + j, width)
            PartialLanes.store(cell, cOut + j, width)
            PartialLanes.store(t, tOut + j, width)
            PartialLanes.store(o * t, hOut + j, width)
        }
        PartialLanes.forEachBlock(of: h, columns)
    }
}

/// The backward pass of the cell for `n` rows of `hidden` values, with d = dh (+ dNextH):
///
///     dc = dNextC + d ⊙ o ⊙ (1 − tanhC²)
///     da = [dc ⊙ g ⊙ i ⊙ (1 − i) | dc ⊙ prevC ⊙ f ⊙ (1 − f) | d ⊙ tanhC ⊙ o ⊙ (1 − o)
///           | dc ⊙ i ⊙ (1 − g²)]
///     dPrevC = dc ⊙ f
///
/// `dPrevC` may be `dNextC` itself (each value is read before it is overwritten).
@_specialize(where S == Float)
@_specialize(where S == Double)
package func lstmCellBackward<S: TensorScalar>(
    rows n: Int, hidden h: Int, dh: Rows<S>, plus dNextH: Rows<S>?, dNextC: Rows<S>,
    gates: Rows<S>, tanhC: Rows<S>, prevC: Rows<S>, da: Rows<S>, dPrevC: Rows<S>
) {
    forEachHalf(of: n, parallelFrom: parallelRows(hidden: 4 * h)) { part in
        if S.self == Float.self {
            lstmCellBackwardFloat(
                rows: part, hidden: h, dh: dh.cast(), plus: dNextH?.cast(),
                dNextC: dNextC.cast(), gates: gates.cast(),
                tanhC: tanhC.cast(), prevC: prevC.cast(), da: da.cast(),
                dPrevC: dPrevC.cast())
        } else {
            lstmCellBackwardScalar(
                rows: part, hidden: h, dh: dh, plus: dNextH, dNextC: dNextC,
                gates: gates, tanhC: tanhC, prevC: prevC, da: da,
                dPrevC: dPrevC)
        }
    }
}

/// `lstmCellBackward` one value at a time, for Double.
private func lstmCellBackwardScalar<S: TensorScalar>(
    rows: Range<Int>, hidden h: Int, dh: Rows<S>, plus dNextH: Rows<S>?, dNextC: Rows<S>,
    gates: Rows<S>, tanhC: Rows<S>, prevC: Rows<S>, da: Rows<S>, dPrevC: Rows<S>
) {
    for r in rows {
        let (dh, dcIn, g, t, c, out, dcOut) = (
            dh[r], dNextC[r], gates[r], tanhC[r], prevC[r],
            da[r], dPrevC[r]
        )
        @inline(__always) func row(_ upstream: (Int) -> S) {
            for j in 0..<h {
                let d = upstream(j)
                let (i, f, o, gg) = (g[j], g[h + j], g[2 * h + j], g[3 * h + j])
                let dc = dcIn[j] + d * o * (1 - t[j] * t[j])
                out[j] = dc * gg * i * (1 - i)
                out[h + j] = dc * c[j] * f * (1 - f)
                out[2 * h + j] = d * t[j] * o * (1 - o)
                out[3 * h + j] = dc * i * (1 - gg * gg)
                dcOut[j] = dc * f
            }
        }
        // timeStep(dh, step, plus: dNextH): the loss's gradient first.
        if let extra = dNextH?[r] { row { dh[$0] + extra[$0] } } else { row { dh[$0] } }
    }
}

/// `lstmCellBackward` for Float, 16 columns at a time. The same operations in the same
/// order as the scalar loop, in SIMD16 lanes: LLVM did not vectorise the scalar loop
/// (measured at N = 100, H = 512: 104–110 µs a step before, 34 µs in lanes).
private func lstmCellBackwardFloat(
    rows: Range<Int>, hidden h: Int, dh: Rows<Float>, plus dNextH: Rows<Float>?,
    dNextC: Rows<Float>, gates: Rows<Float>, tanhC: Rows<Float>, prevC: Rows<Float>,
    da: Rows<Float>, dPrevC: Rows<Float>
) {
    for r in rows {
        let (dh, dcIn, g, tc, c, out, dcOut) = (
            dh[r], dNextC[r], gates[r], tanhC[r], prevC[r],
            da[r], dPrevC[r]
        )
        let extra = dNextH?[r]
        // Columns j ..< j + width, width ≤ 16 (`PartialLanes.forEachBlock`).
        @inline(__always) func columns(_ j: Int, _ width: Int) {
            var d = PartialLanes.load(dh + j, width)
            if let extra { d = d + PartialLanes.load(extra + j, width) }
            let i = PartialLanes.load(g + j, width), f = PartialLanes.load(g + h + j, width)
            let o = PartialLanes.load(g + 2 * h + j, width),
                gg = PartialLanes.load(g + 3 * h + j, width)
            let t = PartialLanes.load(tc + j, width)
            let dc = PartialLanes.load(dcIn + j, width) + d * o * (1 - t * t)
            PartialLanes.store(dc * gg * i * (1 - i), out + j, width)
            PartialLanes.store(
                dc * PartialLanes.load(c + j, width) * f * (1 - f), out + h + j, width)
            PartialLanes.store(d * t * o * (1 - o), out + 2 * h + j, width)
            PartialLanes.store(dc * i * (1 - gg * gg), out + 3 * h + j, width)
            PartialLanes.store(dc * f, dcOut + j, width)
        }
        PartialLanes.forEachBlock(of: h, columns)
    }
}
