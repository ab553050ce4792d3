import Foundation
import Given
import Reference
import Tensor
import Training
import XCTest

@testable import Showcase

/// Resuming continues Adam exactly: its moments and step count survive a checkpoint.
final class ResumeTests: XCTestCase {
    func testOptimizerStateSurvivesACheckpointAndContinuesTheUpdateExactly() throws {
        let shapes = try ShapesDataset(
            configuration: .init(
                seed: 5, trainSceneCount: 40,
                valSceneCount: 4))
        let data = shapes.data
        let model = try CaptioningRNN<Float>(
            wordToIdx: data.wordToIdx, inputDim: 512,
            wordvecDim: 8, hiddenDim: 6, cellType: .lstm, seed: 3)
        var first = try CaptioningSolver(
            model: model, data: data, updateRule: .adam,
            optimConfig: .init(learningRate: 1e-2), lrDecay: 0.9,
            batchSize: 10, numEpochs: 1, verbose: false, seed: 4)
        try first.train()

        // Through the file format, as `captioning train --resume` does.
        let configuration = RunConfiguration(
            cellType: "lstm", hiddenDim: 6, wordvecDim: 8,
            inputDim: 512, data: "shapes", seed: 3, epochs: 2)
        let saved = Checkpoint(
            configuration: configuration, vocabulary: data.idxToWord, epoch: 1,
            lossHistory: first.lossHistory.map(Double.init),
            params: first.model.params, optimizer: first.optimConfigs)
        let loaded = try Checkpoint(data: try saved.encoded(), file: "memory")
        XCTAssertEqual(loaded.optimizer, first.optimConfigs)
        XCTAssertEqual(loaded.optimizer?["Wx"]?.t, first.iterationCount)

        var resumedModel = model
        resumedModel.params = loaded.params
        var second = try CaptioningSolver(
            model: resumedModel, data: data, updateRule: .adam,
            optimConfig: .init(learningRate: 1e-2), lrDecay: 0.9,
            batchSize: 10, numEpochs: 1, verbose: false, seed: 4)
        try second.restoreOptimizerStates(try XCTUnwrap(loaded.optimizer))
        second.generator = first.generator
        try first.step()
        try second.step()
        for (name, value) in first.model.params {
            XCTAssertEqual(second.model.params[name], value, "\(name) after one more step")
        }
    }

    func testStatesOfAnotherRuleAreRefused() throws {
        let shapes = try ShapesDataset(
            configuration: .init(
                seed: 5, trainSceneCount: 10,
                valSceneCount: 2))
        let model = try CaptioningRNN<Float>(
            wordToIdx: shapes.data.wordToIdx, inputDim: 512,
            wordvecDim: 4, hiddenDim: 3, seed: 1)
        var solver = try CaptioningSolver(
            model: model, data: shapes.data, updateRule: .adam,
            verbose: false)
        let sgd = model.params.mapValues { _ in OptimizerState<Float>(rule: .sgd) }
        XCTAssertThrowsError(try solver.restoreOptimizerStates(sgd))
    }
}
