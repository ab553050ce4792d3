import Given
import Tensor

// The GRU (gated recurrent unit) — not in the original assignment: its rnn_layers.py heads
// a GRU section but never writes one. We follow the formulation PyTorch documents for
// `nn.GRU`, in the assignment's layout (weights on the right, x · Wx):
//
//   xp = x · Wx + b          hp = prevH · Wh + bh          both (N, 3H), blocks [r | z | n]
//   r  = σ(xp_r + hp_r)                                     reset gate
//   z  = σ(xp_z + hp_z)                                     update gate
//   n  = tanh(xp_n + r ⊙ hp_n)                              candidate; hp_n INCLUDES bh_n
//   nextH = (1 − z) ⊙ n + z ⊙ prevH
//
// Gate order r, z, n, as PyTorch's. Wx is (D, 3H), Wh is (H, 3H). Because the reset gate
// multiplies the hidden projection together with its bias (r ⊙ (W_hn h + b_hn)), the
// input-side and hidden-side biases of the candidate are not interchangeable, so a GRU
// has two biases: `b` (3H,) on the input side and `bh` (3H,) on the hidden side. (For r
// and z only b + bh matters; for n they differ.)
//
// Mapping to PyTorch (`torch.nn.GRU(D, H, batch_first=True)`, one layer):
//   weight_ih_l0 (3H, D) = Wxᵀ, rows [W_ir; W_iz; W_in]
//   weight_hh_l0 (3H, H) = Whᵀ, rows [W_hr; W_hz; W_hn]
//   bias_ih_l0   (3H,)   = b,   bias_hh_l0 (3H,) = bh
// so `gruForward(x:h0:...)` equals `nn.GRU(...)(x, h0[None])[0]`.
//
// Cho et al. (2014), the original GRU, differs in two ways: the reset gate is applied to
// the hidden state BEFORE the hidden product, n = tanh(W x + U (r ⊙ h)) (PyTorch and
// cuDNN apply it after: r ⊙ (U h + b_hn)); and their update reads h' = z ⊙ h + (1 − z) ⊙ n
// with the same meaning of z as ours (z near 1 keeps the old state) — some texts write
// h' = (1 − z) ⊙ h + z ⊙ n instead, which is the same cell with z replaced by 1 − z.

/// The gates of one GRU step, each `(N, H)`: reset r and update z (sigmoids), the
/// candidate n (tanh), and the hidden side of the candidate's pre-activation,
/// hn = prevH · Wh_n + bh_n, which the reset gate multiplies.
package struct GRUGates<S: TensorScalar>: Sendable {
    /// Reset gate, update gate, candidate and hidden-side candidate projection.
    package let r, z, n, hn: Tensor<S>

    /// Computes the gates from the input projection xp = x · Wx + b and the hidden
    /// projection hp = prevH · Wh + bh, both `(N, 3H)` with blocks [r | z | n].
    init(inputProjection xp: Tensor<S>, hiddenProjection hp: Tensor<S>) {
        let h = xp.shape[1] / 3
        r = (xp[..., 0..<h] + hp[..., 0..<h]).sigmoid()
        z = (xp[..., h..<(2 * h)] + hp[..., h..<(2 * h)]).sigmoid()
        hn = hp[..., (2 * h)...]
        n = (xp[..., (2 * h)...] + r * hn).tanh()
    }

    /// nextH = (1 − z) ⊙ n + z ⊙ prevH.
    func nextH(prevH: Tensor<S>) -> Tensor<S> { (1 - z) * n + z * prevH }
}

/// What `gruStepBackward` needs from `gruStepForward`.
package struct GRUStepCache<S: TensorScalar>: Sendable {
    /// The step's input `(N, D)`, previous hidden state `(N, H)` and weights.
    package let x, prevH, wx, wh: Tensor<S>
    /// The gates of the step.
    package let gates: GRUGates<S>
}

/// `gru_step_forward` (not in the original: the GRU section the source heads but never
/// writes): one GRU step in PyTorch's formulation, gate order r, z, n.
///
/// xp = x · Wx + b, hp = prevH · Wh + bh; r = σ(xp_r + hp_r), z = σ(xp_z + hp_z),
/// n = tanh(xp_n + r ⊙ hp_n); nextH = (1 − z) ⊙ n + z ⊙ prevH.
///
/// - Parameters: x `(N, D)`, prevH `(N, H)`, wx `(D, 3H)`, wh `(H, 3H)`, b `(3H,)` (input
///   side), bh `(3H,)` (hidden side; PyTorch's bias_hh).
/// - Returns: nextH `(N, H)` and the cache.
package func gruStepForward<S: TensorScalar>(
    x: Tensor<S>, prevH: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
) -> (nextH: Tensor<S>, cache: GRUStepCache<S>) {
    checkGRUWeights(wh: wh, b: b, bh: bh, h: prevH.shape.last ?? 0, operation: "gruStepForward")
    let gates = GRUGates(
        inputProjection: x.matmul(wx) + b,
        hiddenProjection: prevH.matmul(wh) + bh)
    return (
        gates.nextH(prevH: prevH),
        GRUStepCache(x: x, prevH: prevH, wx: wx, wh: wh, gates: gates)
    )
}

/// `gru_step_backward`: the gradients of one GRU step.
///
/// The reset gate makes the input and hidden projections get different gradients:
/// dxp = [dar | daz | dan] but dhp = [dar | daz | dan ⊙ r]; prevH also gets dNextH ⊙ z
/// directly.
///
/// - Parameters: dNextH `(N, H)`, the cache of `gruStepForward`.
/// - Returns: dx `(N, D)`, dPrevH `(N, H)`, dWx `(D, 3H)`, dWh `(H, 3H)`, db `(3H,)`,
///   dbh `(3H,)`.
package func gruStepBackward<S: TensorScalar>(
    dNextH: Tensor<S>, cache: GRUStepCache<S>
) -> (
    dx: Tensor<S>, dPrevH: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>,
    dbh: Tensor<S>
) {
    let (dxp, dhp, direct) = gruCellBackward(
        dNextH: dNextH, gates: cache.gates,
        prevH: cache.prevH)
    return (
        dxp.matmulTransposed(cache.wx), direct + dhp.matmulTransposed(cache.wh),
        cache.x.transposedMatmul(dxp), cache.prevH.transposedMatmul(dhp),
        dxp.sum(alongAxes: 0), dhp.sum(alongAxes: 0)
    )
}

/// What `gruBackward` needs from `gruForward`.
package struct GRUCache<S: TensorScalar>: Sendable {
    /// The inputs `(N, T, D)`, the initial state `(N, H)` and the weights.
    package let x, h0, wx, wh: Tensor<S>
    /// Every hidden state `(N, T, H)`, the output of `gruForward`.
    package let h: Tensor<S>
    /// The gates of every step, in time order.
    package let gates: [GRUGates<S>]
}

/// `gru_forward`: runs a GRU over a whole sequence from h0 (PyTorch's `nn.GRU` with
/// `batch_first=True`).
///
/// The input projection of every step is one product, x · Wx + b; only the recurrence
/// (prevH · Wh + bh and the gates) steps through time.
///
/// - Parameters: x `(N, T, D)`, h0 `(N, H)`, wx `(D, 3H)`, wh `(H, 3H)`, b `(3H,)`,
///   bh `(3H,)`.
/// - Returns: h `(N, T, H)` (h0 not included) and the cache.
package func gruForward<S: TensorScalar>(
    x: Tensor<S>, h0: Tensor<S>, wx: Tensor<S>, wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>
) -> (h: Tensor<S>, cache: GRUCache<S>) {
    let (n, t) = sequenceShape(x, h0, operation: "gruForward")
    let hidden = h0.shape[1]
    checkGRUWeights(wh: wh, b: b, bh: bh, h: hidden, operation: "gruForward")
    let projected = x.matmul(wx) + b
    var h = Tensor<S>.zeros(n, t, hidden)
    var previous = h0
    var allGates: [GRUGates<S>] = []
    allGates.reserveCapacity(t)
    let whPacked = PackedMatrix(wh)  // packed once for all T products (PackedMatrix.swift)
    for step in 0..<t {
        let gates = GRUGates(
            inputProjection: projected[..., step],
            hiddenProjection: previous.matmul(whPacked) + bh)
        previous = gates.nextH(prevH: previous)
        allGates.append(gates)
        h[..., step] = previous
    }
    return (h, GRUCache(x: x, h0: h0, wx: wx, wh: wh, h: h, gates: allGates))
}

/// `gru_backward`: backpropagation through time for `gruForward`.
///
/// The per-step gradients of the input projection and of the hidden projection are
/// collected, so dx, dWx, dWh, db and dbh are one product (or sum) each.
///
/// - Parameters: dh `(N, T, H)` (upstream gradients of the hidden states from the losses
///   only), the cache of `gruForward`.
/// - Returns: dx `(N, T, D)`, dh0 `(N, H)`, dWx `(D, 3H)`, dWh `(H, 3H)`, db `(3H,)`,
///   dbh `(3H,)`.
package func gruBackward<S: TensorScalar>(
    dh: Tensor<S>, cache: GRUCache<S>
) -> (
    dx: Tensor<S>, dh0: Tensor<S>, dWx: Tensor<S>, dWh: Tensor<S>, db: Tensor<S>,
    dbh: Tensor<S>
) {
    guard dh.shape == cache.h.shape else {
        shapeFailure(
            "gruBackward: dh has shape \(dh.shape.shapeDescription), the hidden states "
                + "have \(cache.h.shape.shapeDescription)")
    }
    let (n, t, hidden) = (dh.shape[0], dh.shape[1], dh.shape[2])
    var dxp = Tensor<S>.zeros(n, t, 3 * hidden)
    var dhp = Tensor<S>.zeros(n, t, 3 * hidden)
    var dNext = Tensor<S>.zeros(like: cache.h0)
    let whTransposed = PackedMatrix(transposingForPanels: cache.wh)  // dhpStep · Whᵀ
    for step in (0..<t).reversed() {
        let prevH = step == 0 ? cache.h0 : cache.h[..., step - 1]
        let (dxpStep, dhpStep, direct) = gruCellBackward(
            dNextH: dh[..., step] + dNext, gates: cache.gates[step], prevH: prevH)
        dxp[..., step] = dxpStep
        dhp[..., step] = dhpStep
        dNext = direct + dhpStep.matmul(whTransposed)
    }
    let previous = shiftedRight(cache.h, first: cache.h0)
    return (
        dxp.matmulTransposed(cache.wx), dNext, cache.x.transposedMatmul(dxp),
        previous.transposedMatmul(dhp), dxp.sum(alongAxes: 0, 1), dhp.sum(alongAxes: 0, 1)
    )
}

/// The gradients of one step's input projection, hidden projection (both `(N, 3H)`) and
/// the part of dPrevH that bypasses Wh (dNextH ⊙ z).
func gruCellBackward<S: TensorScalar>(
    dNextH: Tensor<S>, gates: GRUGates<S>, prevH: Tensor<S>
) -> (dxp: Tensor<S>, dhp: Tensor<S>, direct: Tensor<S>) {
    let (r, z, n) = (gates.r, gates.z, gates.n)
    let dan = dNextH * (1 - z) * (1 - n.squared())
    let daz = dNextH * (prevH - n) * z * (1 - z)
    let dar = dan * gates.hn * r * (1 - r)
    return (
        Tensor.concatenated([dar, daz, dan], alongAxis: 1),
        Tensor.concatenated([dar, daz, dan * r], alongAxis: 1), dNextH * z
    )
}

func checkGRUWeights<S: TensorScalar>(
    wh: Tensor<S>, b: Tensor<S>, bh: Tensor<S>, h: Int,
    operation: String
) {
    guard wh.rank == 2, wh.shape == [h, 3 * h] else {
        shapeFailure(
            "\(operation): Wh must be (H, 3H) = (\(h), \(3 * h)) for the three blocks "
                + "r, z, n; got \(wh.shape.shapeDescription)")
    }
    guard b.shape == [3 * h], bh.shape == [3 * h] else {
        shapeFailure(
            "\(operation): b and bh must be (3H,) = (\(3 * h),); got "
                + "\(b.shape.shapeDescription) and \(bh.shape.shapeDescription)")
    }
}
