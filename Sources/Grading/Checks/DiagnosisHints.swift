extension Hints {
    /// The hint for what was found wrong: chosen from the diagnosis where it points at a
    /// cause, otherwise the check's hint for the array (`hint(check:label:)`).
    static func hint(check: String, diagnosis: Diagnosis) -> String? {
        let array = diagnosis.array
        let fallback = hint(check: check, label: array)
        switch diagnosis.kind {
        case .scaleFactor:
            let summary = diagnosis.summary
            if summary.hasSuffix("all zeros") {
                return "Your \(array) is never filled in: compute it (or accumulate into it with "
                    + "+=) instead of leaving the zeros it started from."
            }
            if summary.contains("N·T") {
                return "A factor N·T: the loss sums over time and averages over N only once; "
                    + "look for a division by (or a missing division by) N·T."
            }
            if summary.contains("N = ") {
                return summary.contains("too large")
                    ? "The loss averages over the batch: divide by N once (dscores /= N), "
                        + "as the softmax loss does."
                    : "You divide by N twice: the softmax loss already averages over the batch."
            }
            if summary.contains("T = ") {
                return summary.contains("too small")
                    ? "A factor 1/T: the loss is summed over time steps, not averaged over them."
                    : "A factor T: something is added once per time step that should be added "
                        + "once, or is summed where it should be taken from one step."
            }
            if summary.contains(" 2 times") {
                return summary.contains("too large")
                    ? "Everything is counted twice: an accumulation (+=) that runs twice, or a "
                        + "gradient added on two paths that should be added on one."
                    : "Half of what is expected: a sum over two paths that keeps only one, or a "
                        + "factor 1/2 too many."
            }
            return "A constant factor: look for a wrong scale (a mean instead of a sum, a "
                + "leftover learning rate, a step size)."
                + (summary.contains("sign") ? " " + signHint : "")
        case .signFlip:
            return signHint
        case .transposed:
            if diagnosis.summary.hasPrefix("you use \(array) transposed") {
                return "Multiply by \(array) as given (h · \(array), not h · \(array)ᵀ): a square "
                    + "\(array) fits either way, so the shapes cannot catch it."
            }
            return "Transposed: check the order of the matrix product's operands (xᵀ · da, "
                + "not daᵀ · x) or a Wh used as Whᵀ."
        case .onlyLastStepRight:
            return "At step t the gradient of h_t is dh[:, t] plus the dprev_h that step t + 1 "
                + "sends back: carry it from one step of the loop to the next."
        case .reversedTime:
            return "The loop runs the wrong way: forward goes t = 0 ..< T, backward from "
                + "t = T − 1 down to 0, each writing its own step t."
        case .shiftedOneStep:
            return "Off by one step: check the loop's range and that step t reads h_{t−1} and "
                + "writes h_t (index t, not t ± 1)."
        case .wrongTimeSteps:
            if diagnosis.summary.contains(" in your \(array): the contribution of") {
                return "\(array) is shared by every time step: start it from zeros before the "
                    + "loop and add each step's gradient to it (+=), not assign (=)."
            }
            if diagnosis.summary.contains("depends only on time step") {
                return "Every step's gradient flows back to the initial state: \(array) is the "
                    + "dprev_h of step 0, the last step of the backward loop, once the loop ends."
            }
            return "Some steps are wrong: check the loop's bounds (every t in 0 ..< T, step 0 "
                + "and T − 1 included) and what each step reads from the one before."
        case .wrongGateBlock:
            return gateHint(check: check, diagnosis: diagnosis) ?? fallback
        case .wrongRows:
            let summary = diagnosis.summary
            if summary.contains("<NULL>") {
                return "<NULL> can be an input word: its row gets a gradient like any other; the "
                    + "mask only drops the loss of <NULL> targets."
            }
            if summary.contains("more than once") {
                return "Repeated words must accumulate: dW.add(dout, atRows: x) (np.add.at), "
                    + "not assignment (dW[x] = dout keeps only the last)."
            }
            if summary.contains("never occur") {
                return "Start dW from zeros of W's shape: a word that does not occur gets no "
                    + "gradient."
            }
            return "Each (n, t) adds dout[n, t] to the row of its word x[n, t], every n and t."
        case .clipped:
            return "Do not clip or cap gradients inside the layer: return the exact gradient "
                + "(clipping, if wanted at all, belongs to the optimiser's update)."
        case .constantOffset:
            return "A term every sample shares is missing, doubled or of the wrong sign: the "
                + "bias (… + b)"
                + (diagnosis.summary.hasPrefix("before the tanh")
                    ? " inside the tanh." : ".")
        case .fixPrerequisiteFirst:
            return "Once that check passes, run this one again: it may pass then too."
        case .missingThrow:
            return fallback ?? "This input must make the function throw: check for it before "
                + "computing, and throw the error the assignment names."
        case .wrongSampleTokens, .elementwise, .shapeMismatch, .crash:
            return fallback
        }
    }

    static let signHint =
        "The wrong sign: check a subtraction (1 − z against z − 1) or a "
        + "minus applied twice."

    /// Which gate's derivative to look at, by the gates named wrong.
    static func gateHint(check: String, diagnosis: Diagnosis) -> String? {
        let summary = diagnosis.summary
        if summary.contains("in the order") {
            return check.hasPrefix("gru")
                ? "The gate blocks are r, z, n in that order: [r | z | n] = a split into three."
                : "The gate blocks are i, f, o, g in that order: [i | f | o | g] = a split into four."
        }
        if summary.contains("gate factor") {
            return check.hasPrefix("gru")
                ? "A gate's factor is missing or doubled: next_h = (1 − z) ⊙ n + z ⊙ prev_h, "
                    + "so dprev_h gets dnext_h ⊙ z and dn gets dnext_h ⊙ (1 − z)."
                : "A gate's factor is missing or doubled: c = f ⊙ prev_c + i ⊙ g and h = o ⊙ "
                    + "tanh(c), so dprev_c = dc ⊙ f, di = dc ⊙ g, dg = dc ⊙ i, and dc gets "
                    + "dnext_h ⊙ o ⊙ (1 − tanh²(c))."
        }
        let wrong =
            summary.components(separatedBy: " block").first?
            .components(separatedBy: "the ").last?
            .components(separatedBy: ", ") ?? []
        var parts: [String] = []
        for gate in wrong {
            switch (check.hasPrefix("gru"), gate) {
            case (false, "i"): parts.append("i: da_i = dc ⊙ g ⊙ i(1 − i)")
            case (false, "f"): parts.append("f: da_f = dc ⊙ prev_c ⊙ f(1 − f)")
            case (false, "o"): parts.append("o: da_o = dnext_h ⊙ tanh(next_c) ⊙ o(1 − o)")
            case (false, "g"): parts.append("g (tanh): da_g = dc ⊙ i ⊙ (1 − g²)")
            case (true, "r"): parts.append("r: da_r = da_n ⊙ hp_n ⊙ r(1 − r)")
            case (true, "z"): parts.append("z: da_z = dnext_h ⊙ (prev_h − n) ⊙ z(1 − z)")
            case (true, "n"): parts.append("n (tanh): da_n = dnext_h ⊙ (1 − z) ⊙ (1 − n²)")
            default: break
            }
        }
        guard !parts.isEmpty else { return nil }
        let usesCell = !check.hasPrefix("gru") && !Set(wrong).isDisjoint(with: ["i", "f", "g"])
        return "Look at " + parts.joined(separator: "; ")
            + (usesCell ? ", with dc = dnext_c + dnext_h ⊙ o ⊙ (1 − tanh²(next_c))" : "") + "."
    }
}
