import Given
import Grading
import Reference
import Tensor

/// Hidden fixtures nobody has seen: every fixture set's cases drawn at random shapes from
/// one seed and computed by Reference (`grader fixtures generate --seed S --into DIR`).
///
/// Each file is named `<set>_seed<S>.json`, so it adds its cases to the built-in ones
/// instead of replacing a file, and is marked hidden, so reports show "hidden case k of
/// n" and none of its values. The same seed gives the same bytes.
///
/// The cases of a set take turns in three roles, so three cases (the default) hold all
/// of them: a large upstream gradient (gradients above 10), a batch of one with one time
/// step, and a general case. D ≠ H everywhere. Every case is one that Reference passes
/// with room to spare (`redrawn`), so a hidden case never fails correct code.
package enum SeededFixtures {
    /// Cases per fixture set when the instructor does not say.
    package static let defaultCaseCount = 3

    /// The sets in the order their generators are seeded: adding a set at the end keeps
    /// every earlier set's cases for the same seed.
    static var sets: [(fixture: String, make: (inout SeededGenerator, Int) -> [FixtureCase])] {
        [
            ("rnn_step", { rnnStepCases(&$0, count: $1) }),
            ("rnn", { rnnCases(&$0, count: $1) }),
            ("word_embedding", { wordEmbeddingCases(&$0, count: $1) }),
            ("lstm_step", { lstmStepCases(&$0, count: $1) }),
            ("lstm", { lstmCases(&$0, count: $1) }),
            ("gru_step", { gruStepCases(&$0, count: $1) }),
            ("gru", { gruCases(&$0, count: $1) }),
            ("captioning_rnn", { modelCases(.rnn, &$0, count: $1) }),
            ("captioning_lstm", { modelCases(.lstm, &$0, count: $1) }),
            ("captioning_gru", { modelCases(.gru, &$0, count: $1) }),
        ]
    }

    /// The file name of a set's generated cases: never a built-in file's name.
    package static func fileName(fixture: String, seed: UInt64) -> String {
        "\(fixture)_seed\(seed).json"
    }

    /// Every set's generated file, keyed by file name; `count` cases per set (at least 1).
    package static func files(seed: UInt64, count: Int = defaultCaseCount) -> [String: FixtureFile]
    {
        // One generator per set, seeded from the root: a set's cases do not depend on how
        // many numbers the sets before it drew.
        var root = SeededGenerator(seed: seed)
        var files: [String: FixtureFile] = [:]
        for (fixture, make) in sets {
            var generator = SeededGenerator(seed: root.next())
            var file = FixtureFile(fixture: fixture, cases: make(&generator, max(1, count)))
            for index in file.cases.indices {
                file.cases[index].name = "seed\(seed)-\(index + 1)-" + file.cases[index].name
            }
            file.hidden = true
            files[fileName(fixture: fixture, seed: seed)] = file
        }
        return files
    }

    // MARK: Roles and sizes

    /// What a case is for; case k takes role k mod 3.
    enum Role: CaseIterable {
        /// The upstream gradient is scaled so that some gradient exceeds 10 in magnitude.
        case largeUpstream
        /// N = 1 and T = 1 (a step layer: N = 1).
        case single
        case general

        init(index: Int) { self = Role.allCases[index % Role.allCases.count] }

        var note: String {
            switch self {
            case .largeUpstream: return "a large upstream gradient (some gradient above 10)"
            case .single: return "a batch of one with one time step"
            case .general: return "seeded normal inputs"
            }
        }
    }

    /// The sizes of a layer case: batch N, steps T, input D and hidden H, with D ≠ H.
    struct Sizes {
        let n, t, d, h: Int

        init(_ role: Role, using g: inout SeededGenerator) {
            let single = role == .single
            n = single ? 1 : draw(2...5, &g)
            t = single ? 1 : draw(2...6, &g)
            d = draw(2...7, &g)
            h = drawDifferent(from: d, 2...7, &g)
        }

        var label: String { "n\(n)-t\(t)-d\(d)-h\(h)" }
    }

    /// A normal array whose scale keeps a pre-activation near unit variance (as the
    /// original's initialisation does), so gates do not saturate and hide mistakes.
    static func weight(
        _ rows: Int, _ columns: Int, using g: inout SeededGenerator
    ) -> Tensor<Double> {
        Tensor.randomNormal(shape: [rows, columns], using: &g) * (1 / Double(rows).squareRoot())
    }

    static func randn(_ shape: Int..., using g: inout SeededGenerator) -> Tensor<Double> {
        Tensor.randomNormal(shape: shape, using: &g)
    }

    /// The factor for the upstream gradients of a case: 1, or for `.largeUpstream` one that
    /// lifts the largest gradient of a unit upstream (`largest`) to 15. Gradients are
    /// linear in the upstream, so the case is computed again with it.
    static func upstreamScale(_ role: Role, largest: Double) -> Double {
        guard role == .largeUpstream else { return 1 }
        return max(10, 15 / max(largest, 1e-3))
    }

    static func largestMagnitude(_ arrays: [Tensor<Double>]) -> Double {
        arrays.map { $0.scalars.map(abs).max() ?? 0 }.max() ?? 0
    }

    static func arrays(_ named: [String: Tensor<Double>]) -> [String: FixtureArray] {
        named.mapValues(FixtureArray.init)
    }

    // MARK: Layers

    static func rnnStepCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        (0..<count).compactMap { index in
            redrawn("rnn_step", using: &g) { g in
                let role = Role(index: index)
                let s = Sizes(role, using: &g)
                let (x, h, wx, wh, b) = (
                    randn(s.n, s.d, using: &g), randn(s.n, s.h, using: &g),
                    weight(s.d, s.h, using: &g), weight(s.h, s.h, using: &g),
                    randn(s.h, using: &g)
                )
                let unit = randn(s.n, s.h, using: &g)
                func compute(_ dNext: Tensor<Double>) -> FixtureCase {
                    let (out, cache) = rnnStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b)
                    let grads = rnnStepBackward(dNextH: dNext, cache: cache)
                    return FixtureCase(
                        name: "n\(s.n)-d\(s.d)-h\(s.h)",
                        description: "rnn_step with " + role.note + ".",
                        inputs: arrays([
                            "x": x, "prev_h": h, "Wx": wx, "Wh": wh, "b": b,
                            "dnext_h": dNext,
                        ]),
                        outputs: arrays([
                            "next_h": out, "dx": grads.dx, "dprev_h": grads.dPrevH,
                            "dWx": grads.dWx, "dWh": grads.dWh, "db": grads.db,
                        ]))
                }
                return scaled(role, compute: compute, upstream: unit)
            }
        }
    }

    static func rnnCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        sequenceCases("rnn", gates: 1, &g, count: count) { x, h0, wx, wh, b, dout in
            let (h, cache) = rnnForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
            return (h, rnnBackward(dh: dout, cache: cache))
        }
    }

    static func lstmCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        sequenceCases("lstm", gates: 4, &g, count: count) { x, h0, wx, wh, b, dout in
            let (h, cache) = lstmForward(x: x, h0: h0, wx: wx, wh: wh, b: b)
            return (h, lstmBackward(dh: dout, cache: cache))
        }
    }

    /// The cases of an rnn or lstm over a sequence (`gates` H-wide blocks in Wx, Wh, b):
    /// `layer` runs Reference's forward and backward for an upstream gradient.
    static func sequenceCases(
        _ name: String, gates k: Int, _ g: inout SeededGenerator, count: Int,
        layer:
            @escaping (
                Tensor<Double>, Tensor<Double>, Tensor<Double>, Tensor<Double>,
                Tensor<Double>, Tensor<Double>
            ) -> (Tensor<Double>, SequenceGradients<Double>)
    ) -> [FixtureCase] {
        (0..<count).compactMap { index in
            redrawn(name, using: &g) { g in
                let role = Role(index: index)
                let s = Sizes(role, using: &g)
                let (x, h0) = (randn(s.n, s.t, s.d, using: &g), randn(s.n, s.h, using: &g))
                let (wx, wh, b) = (
                    weight(s.d, k * s.h, using: &g), weight(s.h, k * s.h, using: &g),
                    randn(k * s.h, using: &g)
                )
                let unit = randn(s.n, s.t, s.h, using: &g)
                func compute(_ dout: Tensor<Double>) -> FixtureCase {
                    let (h, grads) = layer(x, h0, wx, wh, b, dout)
                    return FixtureGenerator.sequenceCase(
                        s.label, "\(name) with " + role.note + ".", x: x, h0: h0, wx: wx, wh: wh,
                        b: b, dout: dout, h: h, g: grads)
                }
                return scaled(role, compute: compute, upstream: unit)
            }
        }
    }

    static func wordEmbeddingCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        (0..<count).compactMap { index in
            redrawn("word_embedding", using: &g) { g in
                let role = Role(index: index)
                let single = role == .single
                let (n, t) = single ? (1, 1) : (draw(2...5, &g), draw(2...6, &g))
                let v = draw(3...8, &g)
                let d = drawDifferent(from: v, 2...6, &g)
                var x = Tensor<Int>.randomIntegers(below: v, shape: [n, t], using: &g)
                // A repeated word, so assigning instead of accumulating dW loses a gradient.
                if x.count > 1 { x[flat: x.count - 1] = x[flat: 0] }
                let w = randn(v, d, using: &g)
                let unit = randn(n, t, d, using: &g)
                func compute(_ dout: Tensor<Double>) -> FixtureCase {
                    let (out, cache) = wordEmbeddingForward(x: x, w: w)
                    var inputs = arrays(["W": w, "dout": dout])
                    inputs["x"] = FixtureArray(x)
                    return FixtureCase(
                        name: "n\(n)-t\(t)-v\(v)-d\(d)",
                        description: "word_embedding with " + role.note
                            + (single ? "." : "; the last word repeats the first."),
                        inputs: inputs,
                        outputs: arrays([
                            "out": out,
                            "dW": wordEmbeddingBackward(dout: dout, cache: cache),
                        ]))
                }
                return scaled(role, compute: compute, upstream: unit)
            }
        }
    }

    static func lstmStepCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        (0..<count).compactMap { index in
            redrawn("lstm_step", using: &g) { g in
                let role = Role(index: index)
                let s = Sizes(role, using: &g)
                let (x, h, c) = (
                    randn(s.n, s.d, using: &g), randn(s.n, s.h, using: &g),
                    randn(s.n, s.h, using: &g)
                )
                let (wx, wh, b) = (
                    weight(s.d, 4 * s.h, using: &g), weight(s.h, 4 * s.h, using: &g),
                    randn(4 * s.h, using: &g)
                )
                let unit = randn(s.n, 2 * s.h, using: &g)
                func compute(_ upstream: Tensor<Double>) -> FixtureCase {
                    let (dh, dc) = (upstream[..., 0..<s.h], upstream[..., s.h..<(2 * s.h)])
                    let (nextH, nextC, cache) = lstmStepForward(
                        x: x, prevH: h, prevC: c, wx: wx,
                        wh: wh, b: b)
                    let grads = lstmStepBackward(dNextH: dh, dNextC: dc, cache: cache)
                    return FixtureCase(
                        name: "n\(s.n)-d\(s.d)-h\(s.h)",
                        description: "lstm_step with " + role.note + ".",
                        inputs: arrays([
                            "x": x, "prev_h": h, "prev_c": c, "Wx": wx, "Wh": wh, "b": b,
                            "dnext_h": dh, "dnext_c": dc,
                        ]),
                        outputs: arrays([
                            "next_h": nextH, "next_c": nextC, "dx": grads.dx,
                            "dprev_h": grads.dPrevH, "dprev_c": grads.dPrevC,
                            "dWx": grads.dWx, "dWh": grads.dWh, "db": grads.db,
                        ]))
                }
                return scaled(role, compute: compute, upstream: unit)
            }
        }
    }

    static func gruStepCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        (0..<count).compactMap { index in
            redrawn("gru_step", using: &g) { g in
                let role = Role(index: index)
                let s = Sizes(role, using: &g)
                let (x, h) = (randn(s.n, s.d, using: &g), randn(s.n, s.h, using: &g))
                let (wx, wh) = (weight(s.d, 3 * s.h, using: &g), weight(s.h, 3 * s.h, using: &g))
                let (b, bh) = (randn(3 * s.h, using: &g), randn(3 * s.h, using: &g))
                let unit = randn(s.n, s.h, using: &g)
                func compute(_ dNext: Tensor<Double>) -> FixtureCase {
                    let (out, cache) = gruStepForward(x: x, prevH: h, wx: wx, wh: wh, b: b, bh: bh)
                    let grads = gruStepBackward(dNextH: dNext, cache: cache)
                    return FixtureCase(
                        name: "n\(s.n)-d\(s.d)-h\(s.h)",
                        description: "gru_step with " + role.note + ".",
                        inputs: arrays([
                            "x": x, "prev_h": h, "Wx": wx, "Wh": wh, "b": b, "bh": bh,
                            "dnext_h": dNext,
                        ]),
                        outputs: arrays([
                            "next_h": out, "dx": grads.dx, "dprev_h": grads.dPrevH,
                            "dWx": grads.dWx, "dWh": grads.dWh, "db": grads.db,
                            "dbh": grads.dbh,
                        ]))
                }
                return scaled(role, compute: compute, upstream: unit)
            }
        }
    }

    static func gruCases(_ g: inout SeededGenerator, count: Int) -> [FixtureCase] {
        (0..<count).compactMap { index in
            redrawn("gru", using: &g) { g in
                let role = Role(index: index)
                let s = Sizes(role, using: &g)
                let (x, h0) = (randn(s.n, s.t, s.d, using: &g), randn(s.n, s.h, using: &g))
                let (wx, wh) = (weight(s.d, 3 * s.h, using: &g), weight(s.h, 3 * s.h, using: &g))
                let (b, bh) = (randn(3 * s.h, using: &g), randn(3 * s.h, using: &g))
                let unit = randn(s.n, s.t, s.h, using: &g)
                func compute(_ dout: Tensor<Double>) -> FixtureCase {
                    let (h, cache) = gruForward(x: x, h0: h0, wx: wx, wh: wh, b: b, bh: bh)
                    let grads = gruBackward(dh: dout, cache: cache)
                    return FixtureCase(
                        name: s.label, description: "gru with " + role.note + ".",
                        inputs: arrays([
                            "x": x, "h0": h0, "Wx": wx, "Wh": wh, "b": b, "bh": bh,
                            "dout": dout,
                        ]),
                        outputs: arrays([
                            "h": h, "dx": grads.dx, "dh0": grads.dh0, "dWx": grads.dWx,
                            "dWh": grads.dWh, "db": grads.db, "dbh": grads.dbh,
                        ]))
                }
                return scaled(role, compute: compute, upstream: unit)
            }
        }
    }

    /// The case computed with the upstream gradient its role asks for. The gradients are
    /// every output whose key starts with "d" (the forward outputs never do).
    static func scaled(
        _ role: Role, compute: (Tensor<Double>) -> FixtureCase,
        upstream unit: Tensor<Double>
    ) -> FixtureCase {
        let first = compute(unit)
        guard role == .largeUpstream else { return first }
        let gradients = first.outputs.filter { $0.key.hasPrefix("d") }.values
            .map { Tensor(shape: $0.shape, scalars: $0.data) }
        return compute(unit * upstreamScale(role, largest: largestMagnitude(gradients)))
    }
}

extension SeededFixtures {
    /// A draw is kept once Reference's own numeric-gradient checks on it are within this
    /// fraction of their bounds, so central differences cannot fail correct code on it.
    static let numericMargin = 0.1
    static let maxDraws = 20

    /// A case from `draw`, drawn again while Reference's numeric-gradient checks on it
    /// come closer than `numericMargin` to their bounds (a saturated gate or cell makes a
    /// gradient tiny next to the round-off); the best of `maxDraws` draws otherwise.
    static func redrawn(
        _ fixture: String, using g: inout SeededGenerator,
        draw: (inout SeededGenerator) -> FixtureCase?
    ) -> FixtureCase? {
        var best: (fixtureCase: FixtureCase, ratio: Double)?
        for _ in 0..<maxDraws {
            guard let candidate = draw(&g) else { continue }
            let ratio = numericRatio(of: candidate, in: fixture)
            if ratio < best?.ratio ?? .infinity { best = (candidate, ratio) }
            if ratio <= numericMargin { break }
        }
        return best?.fixtureCase
    }

    /// The largest error / bound of the numeric-gradient measurements of `fixture`'s
    /// checks when Reference answers them on `fixtureCase`, measured by the grader's own
    /// check code in this process; infinity when any check fails.
    static func numericRatio(of fixtureCase: FixtureCase, in fixture: String) -> Double {
        let context = CheckContext(
            learner: InProcessLearner(ReferenceAssignment()),
            fixtures: FixtureStore(candidates: [fixture: [fixtureCase]]))
        var worst = 0.0
        for check in CheckCatalog.all where check.fixture == fixture {
            let result = check.run(in: context)
            guard result.status == .pass else { return .infinity }
            for measurement in result.measurements
            where measurement.label.hasSuffix("vs numeric gradient") {
                worst = max(worst, measurement.error / measurement.threshold)
            }
        }
        return worst
    }
}

/// A uniform integer in `range`.
func draw(_ range: ClosedRange<Int>, _ g: inout SeededGenerator) -> Int {
    range.lowerBound + g.nextInt(below: range.count)
}

/// A uniform integer in `range` other than `excluded` (the range must hold another).
func drawDifferent(from excluded: Int, _ range: ClosedRange<Int>, _ g: inout SeededGenerator) -> Int
{
    guard range.contains(excluded) else { return draw(range, &g) }
    let value = range.lowerBound + g.nextInt(below: range.count - 1)
    return value >= excluded ? value + 1 : value
}
