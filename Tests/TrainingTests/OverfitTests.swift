import Foundation
import Given
import Reference
import Tensor
import Training
import XCTest

/// The notebooks' small-data overfit runs, on Shapes instead of COCO, with their recipe:
/// 50 training captions (`load_coco_data(max_train=50)`), input_dim 512, hidden 512,
/// wordvec 256, adam, learning_rate 5e-3, batch 25, 50 epochs (100 iterations),
/// lr_decay 0.95 (rnn) / 0.995 (lstm); bound "final loss < 0.1" (rnn) / "< 0.5" (lstm).
///
/// The data is the grader's: the default Shapes configuration with seed 231. `seed` fixes
/// the 50-caption subset, the model's initial weights and the solver's minibatches (231
/// in the grader and the notebook).
final class OverfitTests: XCTestCase {
    func overfit(cellType: CellType, lrDecay: Double, seed: UInt64 = 231) throws -> [Float] {
        let shapes = try ShapesDataset(configuration: .init(seed: 231))
        var generator = SeededGenerator(seed: seed)
        let smallData = try shapes.data.subsetTrain(maxTrain: 50, using: &generator)
        let model = try CaptioningRNN<Float>(
            wordToIdx: smallData.wordToIdx, inputDim: 512,
            wordvecDim: 256, hiddenDim: 512,
            cellType: cellType, seed: seed)
        var solver = try CaptioningSolver(
            model: model, data: smallData, updateRule: .adam,
            optimConfig: .init(learningRate: 5e-3),
            lrDecay: lrDecay, batchSize: 25, numEpochs: 50,
            printEvery: 10, verbose: true, seed: seed)
        XCTAssertEqual(solver.iterationCount, 100)
        try solver.train()
        let final = solver.lossHistory.last ?? .nan
        print(
            "Overfit \(cellType.rawValue), seed \(seed): final loss \(final) after "
                + "\(solver.lossHistory.count) iterations")
        return solver.lossHistory
    }

    func testRNNOverfitsSmallData() throws {
        let history = try overfit(cellType: .rnn, lrDecay: 0.95)
        XCTAssertEqual(history.count, 100)
        XCTAssertLessThan(try XCTUnwrap(history.last), 0.1)
    }

    /// The rnn bound holds with margin for other subsets and initialisations too, not just
    /// the grader's (measured: seed 231 0.041, 1 0.048, 2 0.036, 3 0.045; lstm 0.013,
    /// 0.014, 0.012, 0.027, not rerun here for time).
    func testRNNOverfitsOtherSubsets() throws {
        for seed: UInt64 in [1, 2, 3] {
            let history = try overfit(cellType: .rnn, lrDecay: 0.95, seed: seed)
            XCTAssertLessThan(try XCTUnwrap(history.last), 0.1, "seed \(seed)")
        }
    }

    func testLSTMOverfitsSmallData() throws {
        let history = try overfit(cellType: .lstm, lrDecay: 0.995)
        XCTAssertEqual(history.count, 100)
        XCTAssertLessThan(try XCTUnwrap(history.last), 0.5)
    }
}
