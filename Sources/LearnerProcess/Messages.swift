import Given
import Tensor

/// The layers a learner writes, as the grader names them on the wire.
public enum LayerFunction: UInt8, CaseIterable, Sendable {
    case rnnStep, rnn, wordEmbedding, lstmStep, lstm, gruStep, gru
}

/// One call of a layer: its inputs in the order of the original's signature, and what to
/// compute besides the forward pass.
public struct LayerCall: Sendable {
    public var function: LayerFunction
    /// Double arrays, and word indices for the word embedding's `x`.
    public var inputs: [WireTensor]
    /// The upstream gradients (`dnext_h`, or `dnext_h` and `dnext_c`); the backward pass runs
    /// when they are given.
    public var upstream: [Tensor<Double>]?
    /// The inputs (by position) whose central-difference gradient of the learner's own
    /// forward pass is wanted, for the upstream gradients.
    public var numericInputs: [Int]
    /// The step h of the central differences.
    public var step: Double

    public init(
        function: LayerFunction, inputs: [WireTensor], upstream: [Tensor<Double>]? = nil,
        numericInputs: [Int] = [], step: Double = 1e-5
    ) {
        (self.function, self.inputs, self.upstream, self.numericInputs, self.step) =
            (function, inputs, upstream, numericInputs, step)
    }
}

/// How to build a learner's `CaptioningRNN`: the arguments of its initialiser.
public struct ModelSpec: Sendable {
    public var cell: CellType
    public var wordToIdx: [String: Int]
    public var inputDim, wordvecDim, hiddenDim: Int
    public var seed: UInt64

    public init(
        cell: CellType, wordToIdx: [String: Int], inputDim: Int, wordvecDim: Int,
        hiddenDim: Int, seed: UInt64
    ) {
        (self.cell, self.wordToIdx, self.inputDim, self.wordvecDim, self.hiddenDim, self.seed) =
            (cell, wordToIdx, inputDim, wordvecDim, hiddenDim, seed)
    }
}

/// What to do with a learner's model (in Double) once the given parameters are set.
public enum ModelAction: Sendable {
    /// `loss(features:captions:)`; with a step, also the central-difference gradient of the
    /// learner's loss for every parameter named.
    case loss(
        features: Tensor<Double>, captions: Tensor<Int>, numericStep: Double?,
        numericParameters: [String])
    /// `sample(features:maxLength:)`, called twice (the two must agree).
    case sample(features: Tensor<Double>, maxLength: Int)
}

/// The notebook's small-data overfit run, in Float, with the given solver.
public struct OverfitCall: Sendable {
    public var spec: ModelSpec
    public var trainFeatures: Tensor<Float>
    public var trainCaptions: Tensor<Int>
    public var trainImageIdxs: Tensor<Int>
    public var learningRate, lrDecay: Double
    public var batchSize, epochs: Int
    public var seed: UInt64

    public init(
        spec: ModelSpec, trainFeatures: Tensor<Float>, trainCaptions: Tensor<Int>,
        trainImageIdxs: Tensor<Int>, learningRate: Double, lrDecay: Double,
        batchSize: Int, epochs: Int, seed: UInt64
    ) {
        (self.spec, self.trainFeatures, self.trainCaptions, self.trainImageIdxs) =
            (spec, trainFeatures, trainCaptions, trainImageIdxs)
        (self.learningRate, self.lrDecay, self.batchSize, self.epochs, self.seed) =
            (learningRate, lrDecay, batchSize, epochs, seed)
    }
}

/// What the grader asks a learner process to compute. Nothing in it is an expected value.
public enum LearnerRequest: Sendable {
    case layer(LayerCall)
    case model(ModelSpec, parameters: [String: Tensor<Double>], ModelAction)
    case overfit(OverfitCall)
}

/// What a learner process answers: values only, which the grader checks. Nothing in a
/// reply is trusted: every field is validated before it is compared.
public enum LearnerReply: Sendable {
    /// The forward outputs, the gradients (when asked) and the numeric gradients.
    case layer(outputs: [WireTensor], gradients: [WireTensor], numeric: [WireTensor])
    /// The loss, its gradients, the numeric gradients and the shapes the learner's
    /// initialiser gave each parameter.
    case loss(
        Double, gradients: [String: WireTensor], numeric: [String: WireTensor],
        initialShapes: [String: WireTensor])
    /// Two greedy samples of the same features, and the initial parameter shapes.
    case sample(first: WireTensor, second: WireTensor, initialShapes: [String: WireTensor])
    /// The training loss per iteration and the trained parameters.
    case trained(lossHistory: [Double], parameters: [String: WireTensor])
    /// A stub: `NotImplemented`'s text.
    case notImplemented(String)
    /// The learner's code threw: the error's type and text.
    case threw(type: String, message: String)
}

// MARK: Encoding

extension WireWriter {
    mutating func write(_ spec: ModelSpec) {
        write(spec.cell.rawValue)
        write(spec.wordToIdx)
        [spec.inputDim, spec.wordvecDim, spec.hiddenDim].forEach { write($0) }
        write(Int(bitPattern: UInt(spec.seed)))
    }

    mutating func write(doubles: [Double]) {
        write(.double(Tensor(doubles)))
    }
}

extension WireReader {
    mutating func readSpec() throws -> ModelSpec {
        let name = try readString()
        guard let cell = CellType(rawValue: name) else { throw WireError("unknown cell \(name)") }
        return ModelSpec(
            cell: cell, wordToIdx: try readVocabulary(), inputDim: try readInt(),
            wordvecDim: try readInt(), hiddenDim: try readInt(),
            seed: UInt64(UInt(bitPattern: try readInt())))
    }

    mutating func readDoubleTensor() throws -> Tensor<Double> {
        guard case .double(let t) = try readTensor() else { throw WireError("expected Double") }
        return t
    }

    mutating func readIntTensor() throws -> Tensor<Int> {
        guard case .int(let t) = try readTensor() else { throw WireError("expected indices") }
        return t
    }

    mutating func readFloatTensor() throws -> Tensor<Float> {
        guard case .float(let t) = try readTensor() else { throw WireError("expected Float") }
        return t
    }
}

extension LearnerRequest {
    /// The message's bytes.
    public func encoded() -> [UInt8] {
        var w = WireWriter()
        switch self {
        case .layer(let call):
            w.write(UInt8(0))
            w.write(call.function.rawValue)
            w.write(call.inputs)
            w.write(call.upstream != nil)
            w.write((call.upstream ?? []).map(WireTensor.double))
            w.write(call.numericInputs.count)
            call.numericInputs.forEach { w.write($0) }
            w.write(call.step)
        case .model(let spec, let parameters, let action):
            w.write(UInt8(1))
            w.write(spec)
            w.write(parameters.mapValues(WireTensor.double))
            switch action {
            case .loss(let features, let captions, let step, let names):
                w.write(UInt8(0))
                w.write(.double(features))
                w.write(.int(captions))
                w.write(step ?? -1)
                w.write(names)
            case .sample(let features, let maxLength):
                w.write(UInt8(1))
                w.write(.double(features))
                w.write(maxLength)
            }
        case .overfit(let call):
            w.write(UInt8(2))
            w.write(call.spec)
            w.write(.float(call.trainFeatures))
            w.write(.int(call.trainCaptions))
            w.write(.int(call.trainImageIdxs))
            [call.learningRate, call.lrDecay].forEach { w.write($0) }
            [call.batchSize, call.epochs].forEach { w.write($0) }
            w.write(Int(bitPattern: UInt(call.seed)))
        }
        return w.bytes
    }

    /// Decodes a request (in the learner process, from the grader).
    public init(decoding bytes: [UInt8]) throws {
        var r = WireReader(bytes)
        switch try r.readByte() {
        case 0:
            guard let function = LayerFunction(rawValue: try r.readByte()) else {
                throw WireError("unknown layer function")
            }
            let inputs = try r.readTensors()
            let hasUpstream = try r.readBool()
            let upstream = try r.readTensors().map(\.doubles)
            let numeric = try (0..<r.readCount()).map { _ in try r.readInt() }
            self = .layer(
                LayerCall(
                    function: function, inputs: inputs,
                    upstream: hasUpstream ? upstream : nil,
                    numericInputs: numeric, step: try r.readDouble()))
        case 1:
            let spec = try r.readSpec()
            let parameters = try r.readNamedTensors().mapValues(\.doubles)
            switch try r.readByte() {
            case 0:
                let features = try r.readDoubleTensor(), captions = try r.readIntTensor()
                let step = try r.readDouble()
                self = .model(
                    spec, parameters: parameters,
                    .loss(
                        features: features, captions: captions, numericStep: step > 0 ? step : nil,
                        numericParameters: try r.readStrings()))
            default:
                self = .model(
                    spec, parameters: parameters,
                    .sample(features: try r.readDoubleTensor(), maxLength: try r.readInt()))
            }
        case 2:
            let spec = try r.readSpec()
            let (f, c, i) = (try r.readFloatTensor(), try r.readIntTensor(), try r.readIntTensor())
            self = .overfit(
                OverfitCall(
                    spec: spec, trainFeatures: f, trainCaptions: c, trainImageIdxs: i,
                    learningRate: try r.readDouble(), lrDecay: try r.readDouble(),
                    batchSize: try r.readInt(), epochs: try r.readInt(),
                    seed: UInt64(UInt(bitPattern: try r.readInt()))))
        default:
            throw WireError("unknown request")
        }
    }
}

extension LearnerReply {
    /// The message's bytes.
    public func encoded() -> [UInt8] {
        var w = WireWriter()
        switch self {
        case .layer(let outputs, let gradients, let numeric):
            w.write(UInt8(0))
            w.write(outputs)
            w.write(gradients)
            w.write(numeric)
        case .loss(let loss, let gradients, let numeric, let shapes):
            w.write(UInt8(1))
            w.write(loss)
            w.write(gradients)
            w.write(numeric)
            w.write(shapes)
        case .sample(let first, let second, let shapes):
            w.write(UInt8(2))
            w.write(first)
            w.write(second)
            w.write(shapes)
        case .trained(let history, let parameters):
            w.write(UInt8(3))
            w.write(doubles: history)
            w.write(parameters)
        case .notImplemented(let text):
            w.write(UInt8(4))
            w.write(text)
        case .threw(let type, let message):
            w.write(UInt8(5))
            w.write(type)
            w.write(message)
        }
        return w.bytes
    }

    /// Decodes a reply (in the grader): anything malformed is a `WireError`.
    public init(decoding bytes: [UInt8]) throws {
        var r = WireReader(bytes)
        switch try r.readByte() {
        case 0:
            self = .layer(
                outputs: try r.readTensors(), gradients: try r.readTensors(),
                numeric: try r.readTensors())
        case 1:
            self = .loss(
                try r.readDouble(), gradients: try r.readNamedTensors(),
                numeric: try r.readNamedTensors(), initialShapes: try r.readNamedTensors())
        case 2:
            self = .sample(
                first: try r.readTensor(), second: try r.readTensor(),
                initialShapes: try r.readNamedTensors())
        case 3:
            self = .trained(
                lossHistory: try r.readDoubleTensor().scalars,
                parameters: try r.readNamedTensors())
        case 4:
            self = .notImplemented(try r.readString())
        case 5:
            self = .threw(type: try r.readString(), message: try r.readString())
        default:
            throw WireError("unknown reply")
        }
        guard r.isAtEnd else { throw WireError("the reply has extra bytes") }
    }
}
