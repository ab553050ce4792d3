import Given
import Reference

/// Floating-point operations of the matrix products in a training step or a sampling run:
/// the lower bound on work that the FLOP limit (FLOPs / sgemm peak) is computed from.
/// Element-wise work is not counted: it is memory-bound and small beside the products.
public enum FlopCount {
    /// Loss and every gradient: each product of the forward pass appears three times
    /// (forward, input gradient, weight gradient).
    public static func trainingStep(_ o: BenchmarkOptions) -> Double {
        let (n, t, d, w, h, v) = (
            Double(o.batch), Double(o.timesteps), Double(o.input),
            Double(o.wordvec), Double(o.hidden), Double(o.vocab)
        )
        let k = Double(o.cell.gateCount)
        let perStep = w * k * h + h * k * h + h * v
        return 3 * (2 * n * t * perStep + 2 * n * d * h)
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
}
