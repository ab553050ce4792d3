import Given
import Tensor

/// Hints that point at the likely mistake, by check and by the array that was wrong.
public enum Hints {
    static func hint(check: String, label: String) -> String? {
        let array = label.split(separator: " ").first.map(String.init) ?? label
        switch (check, array) {
        case (_, "nan"):
            return "A NaN or infinite loss usually means an unshifted softmax or a log of 0."
        case ("rnnStepForward", _), ("rnnForward", _):
            return "next_h = tanh(x · Wx + prev_h · Wh + b); rnn_forward runs the step for t = 0 "
                + "..< T, feeding each output into the next step, and returns every h_t but not h0."
        case ("rnnStepBackward", "dx"), ("rnnStepBackward", "dprev_h"):
            return "With da = dnext_h ⊙ (1 − next_h²) (tanh' from the output, not the input): "
                + "dx = da · Wxᵀ and dprev_h = da · Whᵀ."
        case ("rnnStepBackward", "dWx"), ("rnnStepBackward", "dWh"):
            return "dWx = xᵀ · da and dWh = prev_hᵀ · da, where da = dnext_h ⊙ (1 − next_h²)."
        case ("rnnStepBackward", "db"):
            return "db sums da over the batch: da.sum(alongAxes: 0)."
        case ("rnnBackward", "dh0"):
            return "dh0 is the gradient flowing out of step 0 into h0, after the whole loop."
        case ("rnnBackward", _), ("lstmBackward", _):
            return "At step t the gradient of h_t is dh[:, t] plus the gradient flowing back from "
                + "step t + 1; dWx, dWh and db accumulate (+=) over every step."
        case ("wordEmbeddingForward", _):
            return "out[n, t] = W[x[n, t]]: with our Tensor, W[rows: x]."
        case ("wordEmbeddingBackward", _):
            return "Repeated words must accumulate: dW.add(dout, atRows: x) (np.add.at), not "
                + "assignment, starting from zeros of W's shape."
        case ("lstmStepForward", _), ("lstmForward", _):
            return "Split a = x · Wx + prev_h · Wh + b into [i | f | o | g] in that order; i, f, o "
                + "are sigmoids, g is tanh; next_c = f ⊙ prev_c + i ⊙ g; next_h = o ⊙ tanh(next_c); "
                + "lstm_forward starts from c0 = 0."
        case ("lstmStepBackward", "dprev_c"):
            return "The cell gradient dc = dnext_c + dnext_h ⊙ o ⊙ (1 − tanh²(next_c)) reaches "
                + "prev_c through the forget gate: dprev_c = dc ⊙ f."
        case ("lstmStepBackward", _):
            return
                "Backpropagate into the four gate blocks in the order i, f, o, g (σ' = σ(1 − σ), "
                + "tanh' = 1 − tanh²), join them into da (N, 4H), then dx = da · Wxᵀ, "
                + "dWx = xᵀ · da, dWh = prev_hᵀ · da."
        case ("gruStepForward", _), ("gruForward", _):
            return
                "Gate order r, z, n: xp = x · Wx + b, hp = prev_h · Wh + bh; r = σ(xp_r + hp_r), "
                + "z = σ(xp_z + hp_z), n = tanh(xp_n + r ⊙ hp_n) (the reset gate multiplies bh_n "
                + "too); next_h = (1 − z) ⊙ n + z ⊙ prev_h."
        case ("gruStepBackward", "dprev_h"), ("gruBackward", "dh0"):
            return "prev_h reaches next_h twice: dprev_h = dnext_h ⊙ z + dhp · Whᵀ."
        case ("gruStepBackward", "dbh"), ("gruStepBackward", "dWh"), ("gruBackward", "dbh"),
            ("gruBackward", "dWh"):
            return "The hidden projection's n-block gets da_n ⊙ r, not da_n: dhp = [da_r | da_z | "
                + "da_n ⊙ r], dWh = prev_hᵀ · dhp, dbh = Σ dhp."
        case ("gruStepBackward", _), ("gruBackward", _):
            return
                "Backpropagate through next_h = (1 − z) ⊙ n + z ⊙ prev_h, then the gates r, z, n "
                + "(σ' = σ(1 − σ), tanh' = 1 − tanh²); dxp = [da_r | da_z | da_n], dx = dxp · Wxᵀ, "
                + "dWx = xᵀ · dxp, db = Σ dxp; over a sequence dWx, dWh, db, dbh accumulate."
        case (let c, _) where c.hasPrefix("captioningLoss"):
            return "captions_in = captions[:, :-1], captions_out = captions[:, 1:], mask = "
                + "captions_out != <NULL>; h0 = features · W_proj + b_proj; the loss is summed "
                + "over time and averaged over N (temporalSoftmaxLoss does that)."
        case (let c, "W_embed") where c.hasPrefix("captioningGradients"):
            return "dW_embed comes from word_embedding_backward of captions_in, with the dx "
                + "your recurrent layer's backward returns."
        case (let c, let a)
        where c.hasPrefix("captioningGradients")
            && ["W_proj", "b_proj"].contains(a):
            return "dW_proj = featuresᵀ · dh0 and db_proj = Σ dh0, with the dh0 your recurrent "
                + "layer's backward returns."
        case (let c, let a)
        where c.hasPrefix("captioningGradients")
            && ["W_vocab", "b_vocab"].contains(a):
            return "dW_vocab and db_vocab come from temporal_affine_backward of dscores, the "
                + "softmax loss's gradient (already averaged over N)."
        case (let c, let a)
        where c.hasPrefix("captioningGradients")
            && ["Wx", "Wh", "b"].contains(a):
            return "dWx, dWh and db come from your recurrent layer's backward of dh, the dx of "
                + "temporal_affine_backward."
        case (let c, _) where c.hasPrefix("captioningGradients"):
            return "Run the backward passes in reverse order of the forward ones and return a "
                + "gradient for every parameter, keyed like model.params."
        default:
            return nil
        }
    }

    /// Looks at the sampled captions for the usual sampling mistakes.
    static func sampleHint(
        first: Tensor<Int>, expected: Tensor<Int>,
        wordToIdx: [String: Int]
    ) -> String {
        if let start = wordToIdx["<START>"], first.rank == 2, first.shape[1] > 0,
            first[..., 0].scalars.allSatisfy({ $0 == start })
        {
            return "Column 0 must be the first generated word, not <START>."
        }
        if first.rank == 2, first.shape[1] > 1,
            (1..<first.shape[1]).allSatisfy({ first[..., $0] == first[..., 0] }),
            expected.shape == first.shape, first[..., 0] == expected[..., 0]
        {
            return "Every step gives the same word: feed each chosen word back in as the next "
                + "input, and carry the hidden (and cell) state from step to step."
        }
        return "Start from h0 = features · W_proj + b_proj (and c0 = 0), feed <START> first, then "
            + "at each step embed the previous word, take one rnn/lstm step, score with W_vocab, "
            + "b_vocab and pick the argmax."
    }
}
