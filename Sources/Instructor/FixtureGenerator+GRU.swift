import Given
import Grading
import Reference
import Tensor

/// The GRU fixtures (not in the original: the GRU section its source heads but never
/// writes). Same recipes as the LSTM's: a notebook-like linspace case, then seeded normal
/// cases with D ≠ H, a batch of one with one step, and a longer sequence (T = 12).
extension FixtureGenerator {
    static func gruStep() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Double>, h: Tensor<Double>,
            wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>,
            bh: Tensor<Double>, dNext: Tensor<Double>
        ) -> FixtureCase {
            let (out, cache) = gruStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b, bh: bh)
            let g = gruStepBackward(dNextH: dNext, cache: cache)
            return FixtureCase(
                name: name, description: description,
                inputs: arrays([
                    "x": x, "prev_h": h, "Wx": wx, "Wh": wh, "b": b, "bh": bh,
                    "dnext_h": dNext,
                ]),
                outputs: arrays([
                    "next_h": out, "dx": g.dx, "dprev_h": g.dPrevH, "dWx": g.dWx,
                    "dWh": g.dWh, "db": g.db, "dbh": g.dbh,
                ]))
        }
        var g = SeededGenerator(seed: 240)
        var cases = [
            makeCase(
                "notebook-like",
                "The lstm_step_forward notebook recipe carried over to the GRU "
                    + "(N, D, H = 3, 4, 5; Wx, Wh, b, bh linspaces with 3H columns), with a seeded "
                    + "upstream gradient.",
                x: linspace(-0.4, 1.2, 3, 4), h: linspace(-0.3, 0.7, 3, 5),
                wx: linspace(-2.1, 1.3, 4, 15), wh: linspace(-0.7, 2.2, 5, 15),
                b: linspace(0.3, 0.7, 15), bh: linspace(-0.2, 0.4, 15),
                dNext: randn(3, 5, using: &g))
        ]
        for (n, d, h) in [(4, 5, 6), (1, 3, 2)] {
            cases.append(
                makeCase(
                    "random-n\(n)-d\(d)-h\(h)",
                    "Seeded normal inputs with D ≠ H"
                        + (n == 1 ? " and a batch of one." : "."),
                    x: randn(n, d, using: &g), h: randn(n, h, using: &g),
                    wx: randn(d, 3 * h, using: &g), wh: randn(h, 3 * h, using: &g),
                    b: randn(3 * h, using: &g), bh: randn(3 * h, using: &g),
                    dNext: randn(n, h, using: &g)))
        }
        return FixtureFile(fixture: "gru_step", cases: cases)
    }

    static func gru() -> FixtureFile {
        func makeCase(
            _ name: String, _ description: String, x: Tensor<Double>, h0: Tensor<Double>,
            wx: Tensor<Double>, wh: Tensor<Double>, b: Tensor<Double>,
            bh: Tensor<Double>, dout: Tensor<Double>
        ) -> FixtureCase {
            let (h, cache) = gruForward(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
            let g = gruBackward(dh: dout, cache: cache)
            return FixtureCase(
                name: name, description: description,
                inputs: arrays([
                    "x": x, "h0": h0, "Wx": wx, "Wh": wh, "b": b, "bh": bh,
                    "dout": dout,
                ]),
                outputs: arrays([
                    "h": h, "dx": g.dx, "dh0": g.dh0, "dWx": g.dWx, "dWh": g.dWh,
                    "db": g.db, "dbh": g.dbh,
                ]))
        }
        var g = SeededGenerator(seed: 241)
        var cases = [
            makeCase(
                "notebook-like",
                "The lstm_forward notebook recipe carried over to the GRU "
                    + "(N, D, H, T = 2, 5, 4, 3; Wx, Wh, b, bh linspaces with 3H columns), with a "
                    + "seeded upstream gradient.",
                x: linspace(-0.4, 0.6, 2, 3, 5), h0: linspace(-0.4, 0.8, 2, 4),
                wx: linspace(-0.2, 0.9, 5, 12), wh: linspace(-0.3, 0.6, 4, 12),
                b: linspace(0.2, 0.7, 12), bh: linspace(-0.1, 0.3, 12),
                dout: randn(2, 3, 4, using: &g))
        ]
        for (n, t, d, h) in [(2, 12, 3, 6), (1, 1, 5, 3), (3, 4, 4, 2)] {
            cases.append(
                makeCase(
                    "random-n\(n)-t\(t)-d\(d)-h\(h)",
                    "Seeded normal inputs with D ≠ H"
                        + (t == 1
                            ? ", one step and a batch of one."
                            : t > 10 ? ", a longer sequence." : "."),
                    x: randn(n, t, d, using: &g), h0: randn(n, h, using: &g),
                    wx: randn(d, 3 * h, using: &g), wh: randn(h, 3 * h, using: &g),
                    b: randn(3 * h, using: &g), bh: randn(3 * h, using: &g),
                    dout: randn(n, t, h, using: &g)))
        }
        return FixtureFile(fixture: "gru", cases: cases)
    }

    /// The notebook's expected CaptioningRNN loss for the description of the loss case.
    static func notebookLossNote(_ cell: CellType) -> String {
        switch cell {
        case .rnn: return "expected loss 9.83235591003"
        case .lstm: return "expected loss 9.82445935443"
        case .gru:
            return "the GRU is not in the original, so no published loss (our recipe "
                + "with the lstm's features)"
        }
    }
}
