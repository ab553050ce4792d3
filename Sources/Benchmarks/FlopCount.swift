import Given
import Reference

/// Floating-point operations of the matrix products in a training step or a sampling run:
/// the lower bound on work that the FLOP limit (FLOPs / sgemm peak) is computed from.
/// Element-wise work is not counted: it is memory-bound and small beside the products.
public enum FlopCount {
    /// Loss and every gradient: each product of the recurrent layer appears three times
    /// (forward, input gradient, weight gradient); the projection of the features twice
    /// (the features need no gradient); the vocabulary scores three times, for the
    /// `scoredSteps` of the N·T steps whose target is not `<NULL>` (the only ones
    /// `CaptioningRNN.loss` scores).
    public static func trainingStep(_ o: BenchmarkOptions, scoredSteps: Int) -> Double {
        let (n, t, d, w, h, v) = (
            Double(o.batch), Double(o.timesteps), Double(o.input),
            Double(o.wordvec), Double(o.hidden), Double(o.vocab)
        )
        let k = Double(o.cell.gateCount)
        let recurrent = 3 * 2 * n * t * (w * k * h + h * k * h)
        return recurrent + 3 * 2 * Double(scoredSteps) * h * v + 2 * 2 * n * d * h
    }

    /// Greedy sampling of `sampleLength` words: forward products only.
    public static func sampling(_ o: BenchmarkOptions) -> Double {
        let (n, d, w, h, v) = (
            Double(o.batch), Double(o.input), Double(o.wordvec),
            Double(o.hidden), Double(o.vocab)
        )
        let k = Double(o.cell.gateCount)
        return 2 * n * Double(o.sampleLength) * (w * k * h + h * k * h + h * v) + 2 * n * d * h
    }

    /// Beam search of `sampleLength` words with `beamWidth` captions per image: greedy
    /// sampling's products for width × N rows (an upper bound: finished captions stop).
    public static func beamSearch(_ o: BenchmarkOptions) -> Double {
        var wide = o
        wide.batch = o.batch * o.beamWidth
        return sampling(wide)
    }
}
