import Foundation
import Given
import Reference
import Tensor

/// What one benchmark run measured.
public struct BenchmarkResult: Codable, Sendable {
    public var what: String
    public var cell: String
    public var batch, hidden, wordvec, vocab, timesteps, threads: Int
    /// The median wall time of one step (or one sampling run), in milliseconds.
    public var medianMilliseconds: Double
    public var gflops: Double
    /// The sgemm rate measured in the same run on the step's largest product shape.
    public var sgemmPeakGflops: Double
    /// FLOPs / sgemm peak: the time the products alone would take at peak.
    public var flopLimitMilliseconds: Double
    /// Resident memory added by the benchmark at its peak, and the bytes of parameters,
    /// activations and gradients one step needs (nil for sampling).
    public var peakExtraResidentBytes: Int?
    public var activationAndGradientBytes: Int?
}

/// Times `CaptioningRNN<Float>` training steps or sampling runs with Reference.
public enum TrainingStepBenchmark {
    public static func run(_ o: BenchmarkOptions) throws -> BenchmarkResult {
        let baseline = MemoryUsage.residentBytes
        var vocabulary = ["<NULL>": 0, "<START>": 1, "<END>": 2, "<UNK>": 3]
        for i in 4..<o.vocab { vocabulary["w\(i)"] = i }
        let model = try CaptioningRNN<Float>(
            wordToIdx: vocabulary, inputDim: o.input,
            wordvecDim: o.wordvec, hiddenDim: o.hidden,
            cellType: o.cell, seed: 1)
        var generator = SeededGenerator(seed: 2)
        let features = Tensor<Float>.randomNormal(shape: [o.batch, o.input], using: &generator)
        // Captions like COCO's: <START>, words, <END>, then <NULL> padding of random length.
        var captions = Tensor<Int>.randomIntegers(
            below: o.vocab, shape: [o.batch, o.timesteps + 1],
            using: &generator)
        for row in 0..<o.batch {
            for column in 1...o.timesteps { captions[row, column] = max(4, captions[row, column]) }
            captions[row, 0] = 1
            let length = 8 + generator.nextInt(below: max(1, o.timesteps - 8))
            for column in length..<(o.timesteps + 1) {
                captions[row, column] = column == length ? 2 : 0
            }
        }
        let flops = o.measure == .step ? FlopCount.trainingStep(o) : FlopCount.sampling(o)
        let work: () throws -> Void =
            o.measure == .step
            ? { _ = try model.loss(features: features, captions: captions) }
            : { _ = try model.sample(features: features, maxLength: o.sampleLength) }
        try work()  // warm-up: first-touch page faults, thread start
        var times: [Double] = []
        for _ in 0..<o.repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try work()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let median = times.sorted()[times.count / 2]
        let peak = sgemmPeak(m: o.batch * o.timesteps, k: o.hidden, n: o.vocab)
        let threads = o.threads ?? ProcessInfo.processInfo.activeProcessorCount
        var extra: Int?
        if let peak = MemoryUsage.peakResidentBytes, let baseline { extra = peak - baseline }
        return BenchmarkResult(
            what: o.measure.rawValue, cell: o.cell.rawValue, batch: o.batch, hidden: o.hidden,
            wordvec: o.wordvec, vocab: o.vocab, timesteps: o.timesteps, threads: threads,
            medianMilliseconds: median, gflops: flops / median / 1e6, sgemmPeakGflops: peak,
            flopLimitMilliseconds: flops / peak / 1e6,
            peakExtraResidentBytes: o.measure == .step ? extra : nil,
            activationAndGradientBytes: o.measure == .step ? stepBytes(o) : nil)
    }

    /// The sgemm rate (GFLOP/s) of an m×k by k×n Float product: the best of six.
    static func sgemmPeak(m: Int, k: Int, n: Int) -> Double {
        var generator = SeededGenerator(seed: 3)
        let a = Tensor<Float>.randomNormal(shape: [m, k], using: &generator)
        let b = Tensor<Float>.randomNormal(shape: [k, n], using: &generator)
        var best = Double.infinity
        for _ in 0..<6 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = a.matmul(b)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
        }
        return 2 * Double(m) * Double(k) * Double(n) / best
    }

    /// Bytes a training step must hold at once: parameters and their gradients, and the
    /// activations the backward pass reads (embeddings, projections, hidden states and
    /// gates, scores) with their gradients, all Float.
    static func stepBytes(_ o: BenchmarkOptions) -> Int {
        let (n, t, d, w, h, v, k) = (
            o.batch, o.timesteps, o.input, o.wordvec, o.hidden, o.vocab,
            o.cell.gateCount
        )
        let parameters = v * w + d * h + h + w * k * h + h * k * h + k * h + h * v + v
        let activations = n * d + n * t * w + n * t * k * h + n * t * (k + 2) * h + n * t * v
        return 4 * (2 * parameters + 2 * activations)
    }
}
