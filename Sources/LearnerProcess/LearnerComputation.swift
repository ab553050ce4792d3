import Given
import Tensor
import Training

/// Carries out a request with one implementation of the assignment. This runs in the
/// learner process: it computes, and leaves every comparison to the grader.
public enum LearnerComputation {
    /// The reply to `request`; errors thrown by the implementation become replies too.
    public static func reply(
        to request: LearnerRequest, with assignment: any Assignment
    )
        -> LearnerReply
    {
        do {
            switch request {
            case .layer(let call): return try layer(call, assignment)
            case .model(let spec, let parameters, let action):
                return try model(spec, parameters, action, assignment)
            case .overfit(let call): return try overfit(call, assignment)
            }
        } catch let stub as NotImplemented {
            return .notImplemented(stub.description)
        } catch {
            return .threw(type: "\(type(of: error))", message: String("\(error)".prefix(4000)))
        }
    }

    /// A layer's forward pass, with its backward pass as a closure.
    typealias Layer = ([WireTensor]) throws
        -> (outputs: [Tensor<Double>], backward: ([Tensor<Double>]) throws -> [Tensor<Double>])

    static func layer(_ call: LayerCall, _ a: any Assignment) throws -> LearnerReply {
        let layer = try bind(call.function, a)
        let (outputs, backward) = try layer(call.inputs)
        var gradients: [WireTensor] = []
        var numeric: [WireTensor] = []
        if let upstream = call.upstream {
            gradients = try backward(upstream).map(WireTensor.double)
            let joined = Tensor(flattening: upstream)
            for k in call.numericInputs where call.inputs.indices.contains(k) {
                guard case .double(let x) = call.inputs[k] else { continue }
                let value = try numericGradient(at: x, upstream: joined, step: call.step) { probe in
                    var inputs = call.inputs
                    inputs[k] = .double(probe)
                    let out = try layer(inputs).outputs
                    guard out.map(\.shape) == upstream.map(\.shape) else {
                        throw ForwardShapeChanged(
                            got: out.map(\.shape), expected: upstream.map(\.shape))
                    }
                    return Tensor(flattening: out)
                }
                numeric.append(.double(value))
            }
        }
        return .layer(
            outputs: outputs.map(WireTensor.double), gradients: gradients, numeric: numeric)
    }

    /// The implementation's function for `function`, taking the wire's inputs in order.
    static func bind(_ function: LayerFunction, _ a: any Assignment) throws -> Layer {
        func d(_ inputs: [WireTensor], _ i: Int) throws -> Tensor<Double> {
            guard inputs.indices.contains(i), case .double(let t) = inputs[i] else {
                throw WireError("input \(i) is missing or not a Double array")
            }
            return t
        }
        switch function {
        case .rnnStep:
            return { v in
                let r = try a.rnnStep(
                    x: try d(v, 0), prevH: try d(v, 1), wx: try d(v, 2),
                    wh: try d(v, 3), b: try d(v, 4))
                return (
                    [r.nextH],
                    { up in
                        let g = try r.backward(up[0])
                        return [g.dx, g.dPrevH, g.dWx, g.dWh, g.db]
                    }
                )
            }
        case .rnn:
            return { v in
                let r = try a.rnn(
                    x: try d(v, 0), h0: try d(v, 1), wx: try d(v, 2), wh: try d(v, 3),
                    b: try d(v, 4))
                return (
                    [r.h],
                    { up in
                        let g = try r.backward(up[0])
                        return [g.dx, g.dh0, g.dWx, g.dWh, g.db]
                    }
                )
            }
        case .wordEmbedding:
            return { v in
                guard let x = v.first?.integers else { throw WireError("x must be word indices") }
                let r = try a.wordEmbedding(x: x, w: try d(v, 1))
                return ([r.out], { up in [try r.backward(up[0])] })
            }
        case .lstmStep:
            return { v in
                let r = try a.lstmStep(
                    x: try d(v, 0), prevH: try d(v, 1), prevC: try d(v, 2),
                    wx: try d(v, 3), wh: try d(v, 4), b: try d(v, 5))
                return (
                    [r.nextH, r.nextC],
                    { up in
                        let g = try r.backward(up[0], up[1])
                        return [g.dx, g.dPrevH, g.dPrevC, g.dWx, g.dWh, g.db]
                    }
                )
            }
        case .lstm:
            return { v in
                let r = try a.lstm(
                    x: try d(v, 0), h0: try d(v, 1), wx: try d(v, 2), wh: try d(v, 3),
                    b: try d(v, 4))
                return (
                    [r.h],
                    { up in
                        let g = try r.backward(up[0])
                        return [g.dx, g.dh0, g.dWx, g.dWh, g.db]
                    }
                )
            }
        case .gruStep:
            return { v in
                let r = try a.gruStep(
                    x: try d(v, 0), prevH: try d(v, 1), wx: try d(v, 2),
                    wh: try d(v, 3), b: try d(v, 4), bh: try d(v, 5))
                return (
                    [r.nextH],
                    { up in
                        let g = try r.backward(up[0])
                        return [g.dx, g.dPrevH, g.dWx, g.dWh, g.db, g.dbh]
                    }
                )
            }
        case .gru:
            return { v in
                let r = try a.gru(
                    x: try d(v, 0), h0: try d(v, 1), wx: try d(v, 2), wh: try d(v, 3),
                    b: try d(v, 4), bh: try d(v, 5))
                return (
                    [r.h],
                    { up in
                        let g = try r.backward(up[0])
                        return [g.dx, g.dh0, g.dWx, g.dWh, g.db, g.dbh]
                    }
                )
            }
        }
    }

    static func model(
        _ spec: ModelSpec, _ parameters: [String: Tensor<Double>],
        _ action: ModelAction, _ a: any Assignment
    ) throws -> LearnerReply {
        var model = try a.captioningModel(
            wordToIdx: spec.wordToIdx, inputDim: spec.inputDim, wordvecDim: spec.wordvecDim,
            hiddenDim: spec.hiddenDim, cellType: spec.cell, seed: spec.seed, scalar: Double.self)
        let shapes = model.params.mapValues { WireTensor.int(Tensor($0.shape)) }
        for (name, value) in parameters { model.params[name] = value }
        switch action {
        case .loss(let features, let captions, let step, let names):
            let (loss, gradients) = try model.loss(features: features, captions: captions)
            var numeric: [String: WireTensor] = [:]
            if let step {
                for name in names {
                    guard let value = model.params[name] else { continue }
                    var probe = model
                    numeric[name] = .double(
                        try numericGradient(at: value, step: step) { x in
                            probe.params[name] = x
                            return try probe.loss(features: features, captions: captions).loss
                        })
                }
            }
            return .loss(
                loss, gradients: gradients.mapValues(WireTensor.double), numeric: numeric,
                initialShapes: shapes)
        case .sample(let features, let maxLength):
            let first = try model.sample(features: features, maxLength: maxLength)
            let second = try model.sample(features: features, maxLength: maxLength)
            return .sample(first: .int(first), second: .int(second), initialShapes: shapes)
        }
    }

    static func overfit(_ call: OverfitCall, _ a: any Assignment) throws -> LearnerReply {
        let spec = call.spec
        let model = try a.captioningModel(
            wordToIdx: spec.wordToIdx, inputDim: spec.inputDim, wordvecDim: spec.wordvecDim,
            hiddenDim: spec.hiddenDim, cellType: spec.cell, seed: spec.seed, scalar: Float.self)
        var idxToWord = [String](repeating: "", count: (spec.wordToIdx.values.max() ?? -1) + 1)
        for (word, index) in spec.wordToIdx where index >= 0 { idxToWord[index] = word }
        // The solver reads only the training split; the validation split repeats it.
        let data = try CaptioningData<Float>(
            trainFeatures: call.trainFeatures, trainCaptions: call.trainCaptions,
            trainImageIdxs: call.trainImageIdxs, valFeatures: call.trainFeatures,
            valCaptions: call.trainCaptions, valImageIdxs: call.trainImageIdxs,
            wordToIdx: spec.wordToIdx, idxToWord: idxToWord)
        var solver = try CaptioningSolver(
            model: AnyCaptioningModel(model), data: data, updateRule: .adam,
            optimConfig: .init(learningRate: call.learningRate), lrDecay: call.lrDecay,
            batchSize: call.batchSize, numEpochs: call.epochs, printEvery: 10, verbose: false,
            seed: call.seed)
        try solver.train()
        return .trained(
            lossHistory: solver.lossHistory.map(Double.init),
            parameters: solver.model.params.mapValues(WireTensor.float))
    }
}

/// The learner's forward pass gave differently shaped outputs for a perturbed input.
struct ForwardShapeChanged: Error, CustomStringConvertible {
    let got: [[Int]], expected: [[Int]]

    var description: String {
        "the forward output has shape \(got.map(\.shapeDescription).joined(separator: ", ")) "
            + "for a slightly changed input, expected \(expected.map(\.shapeDescription).joined(separator: ", "))"
    }
}

extension Tensor where Element: TensorScalar {
    /// Every tensor's elements, one after another, as a vector.
    init(flattening tensors: [Tensor<Element>]) {
        self.init(tensors.flatMap(\.scalars))
    }
}
