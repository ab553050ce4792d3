import Foundation
import Reference
import Tensor
import Training
import XCTest

/// The notebooks' small-data overfit runs, on Shapes instead of COCO, with their recipe:
/// 50 training captions (`load_coco_data(max_train=50)`), input_dim 512, hidden 512,
/// wordvec 256, adam, learning_rate 5e-3, batch 25, 50 epochs (100 iterations),
/// lr_decay 0.95 (rnn) / 0.995 (lstm); bound "final loss < 0.1" (rnn) / "< 0.5" (lstm).
final class OverfitTests: XCTestCase {
    func overfit(cellType: CellType, lrDecay: Double) throws -> [Float] {
        // One caption per scene: a row's object order would otherwise be an arbitrary bit
        // to memorise per image (see the report; with variants rnn ends near 0.3).
        let shapes = try ShapesDataset(configuration: .init(seed: 231, captionVariants: false))
        var generator = SeededGenerator(seed: 231)
        let smallData = try shapes.data.subsetTrain(maxTrain: 50, using: &generator)
        let model = try CaptioningRNN<Float>(wordToIdx: smallData.wordToIdx, inputDim: 512,
                                             wordvecDim: 256, hiddenDim: 512,
                                             cellType: cellType, seed: 231)
        var solver = try CaptioningSolver(model: model, data: smallData, updateRule: .adam,
                                          optimConfig: .init(learningRate: 5e-3),
                                          lrDecay: lrDecay, batchSize: 25, numEpochs: 50,
                                          printEvery: 10, verbose: true, seed: 231)
        XCTAssertEqual(solver.iterationCount, 100)
        let start = Date()
        try solver.train()
        let seconds = Date().timeIntervalSince(start)
        let final = solver.lossHistory.last ?? .nan
        print("Overfit \(cellType.rawValue): final loss \(final) after "
            + "\(solver.lossHistory.count) iterations in \(String(format: "%.1f", seconds)) s")
        return solver.lossHistory
    }

    func testRNNOverfitsSmallData() throws {
        let history = try overfit(cellType: .rnn, lrDecay: 0.95)
        XCTAssertEqual(history.count, 100)
        XCTAssertLessThan(try XCTUnwrap(history.last), 0.1)
    }

    func testLSTMOverfitsSmallData() throws {
        let history = try overfit(cellType: .lstm, lrDecay: 0.995)
        XCTAssertEqual(history.count, 100)
        XCTAssertLessThan(try XCTUnwrap(history.last), 0.5)
    }
}
