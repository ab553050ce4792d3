import CommandLineOptions
import Foundation
import Tensor
import Training
import Vision

/// `captioning encoder bench`: the default encoder's forward pass and training step
/// (forward, attribute loss, every gradient) on a batch of random images, as the median
/// of K timed repetitions after one untimed warm-up, in images per second.
struct EncoderBenchCommand {
    /// The command line, parsed against `CaptioningInterface.encoderBench`.
    let arguments: ParsedArguments

    func run() throws {
        let a = arguments
        if let threads = a.integer("--threads") {
            // Read once, when the first large product starts the thread pool.
            setenv("RNNCAPTIONING_THREADS", "\(threads)", 1)
        }
        let batch = a.integer("--batch") ?? 50
        let steps = a.integer("--steps") ?? 10
        let model = try AttributeModel<Float>(seed: 0)
        let side = model.encoder.architecture.imageSize
        var generator = SeededGenerator(seed: 1)
        let images = Tensor<Float>.randomUniform(shape: [batch, 3, side, side], using: &generator)
        let targets = AttributeTargets(
            (0..<batch).map { _ in ShapesDataset.randomScene(using: &generator) })
        let forward = median(steps) { _ = model.encoder.forward(images) }
        let step = median(steps) { _ = model.loss(images: images, targets: targets) }
        let flops = Double(batch) * forwardFlops(model.encoder.architecture)
        say(
            String(
                format: "encoder %@ on %d×%d×3, batch %d, threads %@: forward %.2f ms (%.0f "
                    + "images/s, %.1f GFLOP/s); training step %.2f ms (%.0f images/s, ≈%.1f "
                    + "GFLOP/s at 3× the forward's FLOPs)",
                model.encoder.architecture.channels.map(String.init).joined(separator: "→"),
                side, side, batch, a.value("--threads") ?? "all", forward * 1e3,
                Double(batch) / forward, flops / forward / 1e9, step * 1e3,
                Double(batch) / step, 3 * flops / step / 1e9))
    }

    /// The median wall time of `count` runs of `body`, in seconds, after one warm-up run.
    private func median(_ count: Int, _ body: () -> Void) -> Double {
        body()
        let times = (0..<count).map { _ -> Double in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.sorted()
        return times[times.count / 2]
    }

    /// Multiply-adds × 2 of one image's forward pass: the convolutions and the projection.
    private func forwardFlops(_ architecture: EncoderArchitecture) -> Double {
        var total = 0.0
        var (channels, side) = (EncoderArchitecture.inputChannels, architecture.imageSize)
        for filters in architecture.channels {
            total += 2 * Double(filters * channels * 9 * side * side)
            (channels, side) = (filters, side / 2)
        }
        return total + 2 * Double(architecture.flattenedSize * architecture.featureDim)
    }
}
