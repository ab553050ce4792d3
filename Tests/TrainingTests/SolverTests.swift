import Foundation
import Given
import Reference
import Tensor
import Training
import XCTest

/// A one-parameter model whose loss is w + mean(features) and whose gradient is always 1,
/// so every update is visible in `w` and every loss reveals the minibatch drawn.
struct ConstantGradientModel: CaptioningModel {
    var params: [String: Tensor<Double>] = ["w": Tensor([0.0])]
    var wordToIdx: [String: Int] { ["<NULL>": 0, "<START>": 1, "<END>": 2] }
    var failing = false

    func loss(
        features: Tensor<Double>, captions: Tensor<Int>
    ) throws
        -> (loss: Double, gradients: [String: Tensor<Double>])
    {
        if failing { throw CaptioningError.malformedFeatures("test failure") }
        return (params["w"]![flat: 0] + features.mean(), ["w": Tensor([1.0])])
    }

    func sample(features: Tensor<Double>, maxLength: Int) throws -> Tensor<Int> {
        Tensor(repeating: 0, shape: [features.shape[0], maxLength])
    }
}

/// Collects printed lines; only touched under its lock.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

final class SolverTests: XCTestCase {
    /// `trainCount` caption rows over 4 images with features 0, 10, 20, 30 (D = 2).
    func toyData(trainCount: Int) throws -> CaptioningData<Double> {
        let features = Tensor<Double>([[0, 0], [10, 10], [20, 20], [30, 30]])
        let captions = Tensor<Int>(
            shape: [trainCount, 3],
            scalars: (0..<trainCount).flatMap { _ in [1, 2, 0] })
        let idxs = Tensor<Int>((0..<trainCount).map { $0 % 4 })
        return try CaptioningData(
            trainFeatures: features, trainCaptions: captions,
            trainImageIdxs: idxs, valFeatures: features,
            valCaptions: Tensor<Int>([[1, 2, 0]]),
            valImageIdxs: Tensor<Int>([1]),
            wordToIdx: ["<NULL>": 0, "<START>": 1, "<END>": 2],
            idxToWord: ["<NULL>", "<START>", "<END>"])
    }

    func testIterationCountsAndLossHistory() throws {
        var solver = try CaptioningSolver(
            model: ConstantGradientModel(),
            data: toyData(trainCount: 10), updateRule: .sgd,
            batchSize: 3, numEpochs: 4, verbose: false)
        XCTAssertEqual(solver.iterationsPerEpoch, 3)  // 10 // 3
        XCTAssertEqual(solver.iterationCount, 12)
        try solver.train()
        XCTAssertEqual(solver.lossHistory.count, 12)
        XCTAssertEqual(solver.epoch, 4)
        // Twelve sgd steps of lr 1e-2 against a gradient of 1.
        XCTAssertEqual(solver.model.params["w"]![flat: 0], -0.12, accuracy: 1e-12)

        // A batch larger than the data still gives one iteration per epoch.
        let big = try CaptioningSolver(
            model: ConstantGradientModel(),
            data: toyData(trainCount: 2), batchSize: 100,
            numEpochs: 5, verbose: false)
        XCTAssertEqual(big.iterationsPerEpoch, 1)
        XCTAssertEqual(big.iterationCount, 5)
    }

    func testLearningRateDecaysAtEachEpochEnd() throws {
        var solver = try CaptioningSolver(
            model: ConstantGradientModel(),
            data: toyData(trainCount: 4), updateRule: .sgd,
            optimConfig: .init(learningRate: 0.1), lrDecay: 0.5,
            batchSize: 2, numEpochs: 3, verbose: false)
        var rates: [Double] = []
        var epochs: [Int] = []
        try solver.train { progress in
            rates.append(progress.learningRate)
            epochs.append(progress.epoch)
        }
        XCTAssertEqual(rates, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
        XCTAssertEqual(epochs, [0, 1, 1, 2, 2, 3])
        XCTAssertEqual(solver.optimConfigs["w"]?.learningRate ?? 0, 0.0125, accuracy: 1e-15)
        XCTAssertEqual(solver.model.params["w"]![flat: 0], -(0.2 + 0.1 + 0.05), accuracy: 1e-12)
    }

    func testDeterministicFromSeed() throws {
        func run(seed: UInt64) throws -> [Double] {
            var solver = try CaptioningSolver(
                model: ConstantGradientModel(),
                data: toyData(trainCount: 8), updateRule: .adam,
                batchSize: 2, numEpochs: 5, verbose: false,
                seed: seed)
            try solver.train()
            return solver.lossHistory
        }
        XCTAssertEqual(try run(seed: 7), try run(seed: 7))
        XCTAssertNotEqual(try run(seed: 7), try run(seed: 8))
    }

    func testMinibatchesAreDrawnWithReplacement() throws {
        let data = try toyData(trainCount: 4)
        var generator = SeededGenerator(seed: 1)
        let batch = try data.sampleMinibatch(batchSize: 40, split: .train, using: &generator)
        XCTAssertEqual(batch.captions.shape, [40, 3])
        XCTAssertEqual(batch.features.shape, [40, 2])
        XCTAssertEqual(Set(batch.imageIndices.scalars), [0, 1, 2, 3])  // 40 draws of 4 rows
        for (row, image) in batch.imageIndices.scalars.enumerated() {
            XCTAssertEqual(batch.features[flat: 2 * row], Double(10 * image))
        }
        // A batch of 4 from 4 rows repeats a row most of the time (1 − 4!/4⁴ ≈ 91%).
        var repeats = 0
        for _ in 0..<50 {
            let small = try data.sampleMinibatch(batchSize: 4, using: &generator)
            if Set(small.imageIndices.scalars).count < 4 { repeats += 1 }
        }
        XCTAssertGreaterThan(repeats, 30)
        // The solver's minibatches too: 3 iterations of batch 4 from 2 rows.
        var solver = try CaptioningSolver(
            model: ConstantGradientModel(),
            data: toyData(trainCount: 2), batchSize: 4,
            numEpochs: 3, verbose: false)
        try solver.train()
        XCTAssertEqual(solver.lossHistory.count, 3)
    }

    func testVerbosePrintsEveryPrintEvery() throws {
        let collector = LineCollector()
        var solver = try CaptioningSolver(
            model: ConstantGradientModel(),
            data: toyData(trainCount: 4), updateRule: "sgd",
            batchSize: 1, numEpochs: 2, printEvery: 3,
            output: { collector.append($0) })
        try solver.train()
        XCTAssertEqual(collector.lines.count, 3)  // t = 0, 3, 6 of 8
        XCTAssertTrue(collector.lines[0].hasPrefix("(Iteration 1 / 8) loss: "))
        XCTAssertTrue(collector.lines[2].hasPrefix("(Iteration 7 / 8) loss: "))
        let expected = String(format: "(Iteration 4 / 8) loss: %f", solver.lossHistory[3])
        XCTAssertEqual(collector.lines[1], expected)
    }

    func testErrorsPropagate() throws {
        var failing = ConstantGradientModel()
        failing.failing = true
        var solver = try CaptioningSolver(
            model: failing, data: toyData(trainCount: 4),
            verbose: false)
        XCTAssertThrowsError(try solver.train()) { error in
            XCTAssertEqual(error as? CaptioningError, .malformedFeatures("test failure"))
        }
        XCTAssertThrowsError(
            try CaptioningSolver(
                model: failing, data: toyData(trainCount: 4),
                updateRule: "adagrad")
        ) { error in
            XCTAssertEqual(error as? TrainingError, .unknownUpdateRule("adagrad"))
        }
    }

    /// A parameter without a gradient stops the step with its name, before any update, and
    /// the model keeps all its parameters (the step takes them out while updating).
    func testMissingGradientNamesTheParameterAndLeavesTheModelWhole() throws {
        var model = ConstantGradientModel()
        model.params["b"] = Tensor([5.0])  // the loss returns no gradient for it
        let before = model.params
        var solver = try CaptioningSolver(
            model: model, data: toyData(trainCount: 4),
            verbose: false)
        let states = solver.optimConfigs
        XCTAssertThrowsError(try solver.step()) { error in
            XCTAssertEqual(error as? TrainingError, .missingGradient("b"))
        }
        XCTAssertEqual(solver.model.params, before)
        XCTAssertEqual(solver.optimConfigs, states)
    }

    func testTrainsAnExistentialModel() throws {
        let model: any CaptioningModel<Double> = ConstantGradientModel()
        var solver = try CaptioningSolver(
            anyModel: model, data: toyData(trainCount: 4),
            updateRule: .sgdMomentum, batchSize: 2,
            numEpochs: 2, verbose: false)
        try solver.train()
        XCTAssertEqual(solver.lossHistory.count, 4)
        let trained = solver.model.base
        XCTAssertLessThan(trained.params["w"]![flat: 0], 0)
        XCTAssertNotNil(solver.optimConfigs["w"]?.velocity)
    }

    func testSubsetTrainAndDecode() throws {
        let data = try toyData(trainCount: 4)
        var generator = SeededGenerator(seed: 3)
        let small = try data.subsetTrain(maxTrain: 10, using: &generator)
        XCTAssertEqual(small.trainCaptions.shape, [10, 3])
        XCTAssertEqual(small.trainImageIdxs.shape, [10])
        XCTAssertEqual(small.trainFeatures, data.trainFeatures)  // features are not subset
        XCTAssertEqual(small.valCaptions, data.valCaptions)

        let idxToWord = ["<NULL>", "<START>", "<END>", "<UNK>", "a", "cat"]
        XCTAssertEqual(
            decodeCaption([1, 4, 5, 2, 0, 0], idxToWord: idxToWord),
            "<START> a cat <END>")
        XCTAssertEqual(decodeCaption([4, 0, 5, 2, 4, 5], idxToWord: idxToWord), "a cat <END>")
        XCTAssertEqual(
            decodeCaptions(Tensor<Int>([[1, 5, 0], [5, 5, 2]]), idxToWord: idxToWord),
            ["<START> cat", "cat cat <END>"])
    }
}
