import Foundation
import Given
import Reference
import Showcase
import Tensor

/// What one benchmark run measured.
public struct BenchmarkResult: Codable, Sendable {
    /// `step`, `sample` or `beam` (`BenchmarkOptions.Measure`).
    public var what: String
    /// The recurrent cell: `rnn`, `lstm` or `gru`.
    public var cell: String
    /// The sizes N, H, W, V and T of the run, and its matrix-product threads.
    public var batch, hidden, wordvec, vocab, timesteps, threads: Int
    /// The median wall time of one step (or one sampling run), in milliseconds.
    public var medianMilliseconds: Double
    /// The products' floating-point operations over the median time, in GFLOP/s.
    public var gflops: Double
    /// The sgemm rate measured in the same run on the step's largest product shape.
    public var sgemmPeakGflops: Double
    /// FLOPs / sgemm peak: the time the products alone would take at peak.
    public var flopLimitMilliseconds: Double
    /// Resident memory added by the benchmark at its peak, and the bytes of parameters,
    /// activations and gradients one step needs (for sampling: the parameters and one
    /// decoding step's arrays, `samplingBytes`).
    public var peakExtraResidentBytes: Int?
    /// The bytes the run needs at least, as `peakExtraResidentBytes` says.
    public var activationAndGradientBytes: Int?
    /// The Float matrix product's register tile this process ran: `swift`, `avx2` or
    /// `avx512` (chosen at run time, Sources/Tensor/GEMMKernelChoice.swift).
    public var kernel: String
}

/// Times `CaptioningRNN<Float>` training steps or sampling runs with Reference, or beam
/// search with Showcase's decoder.
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
        let flops: Double
        let work: () throws -> Void
        switch o.measure {
        case .step:
            let scored = captions[..., 1...].scalars.filter { $0 != 0 }.count
            flops = FlopCount.trainingStep(o, scoredSteps: scored)
            work = { _ = try model.loss(features: features, captions: captions) }
        case .sample:
            flops = FlopCount.sampling(o)
            work = { _ = try model.sample(features: features, maxLength: o.sampleLength) }
        case .beam:
            flops = FlopCount.beamSearch(o)
            let decoder = try RecurrentDecoder(
                params: model.params, wordToIdx: vocabulary, cellType: o.cell)
            work = {
                _ = try decoder.beamSearch(
                    features: features, width: o.beamWidth, maxLength: o.sampleLength)
            }
        }
        // The peak from here on: the parameters and data are resident, the temporaries of
        // their initialisation are not counted.
        MemoryUsage.resetPeak()
        try work()  // warm-up: first-touch page faults, thread start
        var times: [Double] = []
        for _ in 0..<o.repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try work()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let median = times.sorted()[times.count / 2]
        // Read before the sgemm measurement below, whose operands are not the work's.
        var extra: Int?
        if let peak = MemoryUsage.peakResidentBytes, let baseline { extra = peak - baseline }
        let peak = sgemmPeak(m: o.batch * o.timesteps, k: o.hidden, n: o.vocab)
        let threads = o.threads ?? ProcessInfo.processInfo.activeProcessorCount
        return BenchmarkResult(
            what: o.measure.rawValue, cell: o.cell.rawValue, batch: o.batch, hidden: o.hidden,
            wordvec: o.wordvec, vocab: o.vocab, timesteps: o.timesteps, threads: threads,
            medianMilliseconds: median, gflops: flops / median / 1e6, sgemmPeakGflops: peak,
            flopLimitMilliseconds: flops / peak / 1e6,
            peakExtraResidentBytes: extra,
            activationAndGradientBytes: o.measure == .step ? stepBytes(o) : samplingBytes(o),
            kernel: FloatGEMMKernel.selected.rawValue)
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

    /// Bytes greedy sampling (or beam search, with width × N rows) must hold at once: the
    /// parameters and one step's arrays (word vectors, the two projections and their sum,
    /// the gates of an LSTM or GRU, h and c, the scores), all Float.
    static func samplingBytes(_ o: BenchmarkOptions) -> Int {
        let (n, d, w, h, v, k) = (
            o.batch * (o.measure == .beam ? o.beamWidth : 1), o.input, o.wordvec, o.hidden,
            o.vocab, o.cell.gateCount
        )
        let parameters = v * w + d * h + h + w * k * h + h * k * h + k * h + h * v + v
        let step = n * (w + 3 * k * h + k * h + 2 * h + v)
        return 4 * (parameters + step)
    }
}
