import Foundation
import Given
import Imaging
import Tensor
import Training

/// A saved model: its configuration, vocabulary, training progress and parameters.
///
/// File format (version 1), all integers little-endian:
///
///     bytes 0..<8    the magic "RNNCKPT1"
///     bytes 8..<16   UInt64 n: the length of the JSON header
///     next n bytes   the JSON header (UTF-8): format, configuration, vocabulary, epoch,
///                    lossHistory, bleu, ciderD, rougeL (optional), parameters
///                    [{name, shape}], optimizer (optional:
///                    each parameter's update rule and its scalars), payloadBytes, payloadCRC32
///     the payload    every array of `parameters` as raw little-endian Float32, in the
///                    header's order, C (row-major) order within each: the model's
///                    parameters, then the optimiser's slots named `<parameter>#<slot>`
///
/// Files are written to a temporary name and renamed into place, so a crash never leaves
/// a half-written checkpoint under the real name. Reading checks the magic, the header,
/// the payload's length and CRC-32, and each parameter's element count.
public struct Checkpoint: Sendable, Equatable {
    /// The run's configuration.
    public var configuration: RunConfiguration
    /// `idx_to_word`.
    public var vocabulary: [String]
    /// Epochs completed.
    public var epoch: Int
    /// Every iteration's minibatch loss so far.
    public var lossHistory: [Double]
    /// Validation BLEU-1…4 when the checkpoint was written, if evaluated.
    public var bleu: [Double]?
    /// Validation CIDEr-D and ROUGE-L when the checkpoint was written, if evaluated (nil in
    /// checkpoints written before the kit computed them).
    public var ciderD: Double?, rougeL: Double?
    /// The parameters, by the original's names.
    public var params: [String: Tensor<Float>]
    /// Each parameter's optimiser state (learning rate, Adam's moments and step count, ...),
    /// so that `--resume` continues the update exactly; nil in checkpoints without it.
    public var optimizer: [String: OptimizerState<Float>]?

    /// A checkpoint of the given state.
    public init(
        configuration: RunConfiguration, vocabulary: [String], epoch: Int,
        lossHistory: [Double], bleu: [Double]? = nil, ciderD: Double? = nil,
        rougeL: Double? = nil, params: [String: Tensor<Float>],
        optimizer: [String: OptimizerState<Float>]? = nil
    ) {
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.epoch = epoch
        self.lossHistory = lossHistory
        self.bleu = bleu
        self.ciderD = ciderD
        self.rougeL = rougeL
        self.params = params
        self.optimizer = optimizer
    }

    /// `word_to_idx`, the inverse of `vocabulary`.
    public var wordToIdx: [String: Int] {
        Dictionary(
            vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static let magic = Data("RNNCKPT1".utf8)

    struct Header: CheckpointHeader {
        var format: Int
        var configuration: RunConfiguration
        var vocabulary: [String]
        var epoch: Int
        var lossHistory: [Double]
        var bleu: [Double]?
        var ciderD: Double?
        var rougeL: Double?
        var parameters: [CheckpointEntry]
        var optimizer: [String: SavedOptimizer]?
        var payloadBytes: Int
        var payloadCRC32: UInt32
    }

    /// The checkpoint's bytes in the format above.
    public func encoded() throws -> Data {
        var slots: [String: Tensor<Float>] = [:]
        for (name, state) in optimizer ?? [:] {
            slots.merge(SavedOptimizer.slots(of: state, parameter: name)) { first, _ in first }
        }
        let arrays = params.merging(slots) { first, _ in first }
        let (entries, payload) = CheckpointContainer<Header>.payload(
            of: (params.keys.sorted() + slots.keys.sorted()).compactMap { name in
                arrays[name].map { (name, $0) }
            })
        let header = Header(
            format: 1, configuration: configuration, vocabulary: vocabulary,
            epoch: epoch, lossHistory: lossHistory, bleu: bleu, ciderD: ciderD,
            rougeL: rougeL, parameters: entries,
            optimizer: optimizer?.mapValues(SavedOptimizer.init),
            payloadBytes: payload.count, payloadCRC32: CRC32.checksum(payload))
        return try CheckpointContainer.encoded(magic: Self.magic, header: header, payload: payload)
    }

    /// Writes the checkpoint atomically (`AtomicFile`): a run stopped meanwhile leaves the
    /// previous checkpoint whole.
    ///
    /// - Throws: `CheckpointError.io` naming the file.
    public func write(to url: URL) throws {
        do {
            try AtomicFile.write(try encoded(), to: url)
        } catch {
            throw CheckpointError.io(
                file: url.path,
                reason: "cannot write the checkpoint: "
                    + "\(error.localizedDescription)")
        }
    }

    /// Reads a checkpoint written by `write(to:)`.
    ///
    /// - Throws: `CheckpointError.io` for a missing file, `.corrupt` for anything damaged.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CheckpointError.io(
                file: url.path,
                reason: "cannot read the checkpoint: "
                    + "\(error.localizedDescription)")
        }
        try self.init(data: data, file: url.path)
    }

    /// Decodes a checkpoint's bytes; `file` names it in error messages.
    ///
    /// - Throws: `CheckpointError.corrupt`.
    public init(data raw: Data, file: String) throws {
        let data = Data(raw)
        func corrupt(_ why: String) -> CheckpointError { .corrupt(file: file, reason: why) }
        guard data.count >= 16, data.prefix(8) == Self.magic else {
            throw corrupt("it does not start with \"RNNCKPT1\" (not a checkpoint of this kit)")
        }
        let (header, payload) = try CheckpointContainer<Header>(data: data, corrupt: corrupt)
            .parts
        var params: [String: Tensor<Float>] = [:]
        var offset = 0
        for entry in header.parameters {
            guard entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw corrupt("\(entry.name) has a negative size")
            }
            // The header can claim any shape: its byte count is computed without overflow
            // and checked against the bytes left before anything is read.
            var bytes = 4
            for size in entry.shape {
                let (product, overflow) = bytes.multipliedReportingOverflow(by: size)
                guard !overflow else {
                    throw corrupt(
                        "\(entry.name) has the shape \(entry.shape), larger than any "
                            + "checkpoint can hold")
                }
                bytes = product
            }
            guard bytes <= payload.count - offset else {
                throw corrupt("\(entry.name) runs past the end of the parameters")
            }
            guard params[entry.name] == nil else {
                throw corrupt("the parameter \(entry.name) is listed twice")
            }
            let count = bytes / 4
            let scalars = CheckpointContainer<Header>.floats(
                in: payload, at: offset, count: count)
            params[entry.name] = Tensor(shape: entry.shape, scalars: scalars)
            offset += 4 * count
        }
        guard offset == payload.count else {
            throw corrupt("unexplained bytes after the parameters")
        }
        let slots = params.filter { $0.key.contains("#") }
        params = params.filter { !$0.key.contains("#") }
        try Self.checkParameters(params, against: header, corrupt: corrupt)
        var optimizer: [String: OptimizerState<Float>]?
        if let saved = header.optimizer {
            do {
                optimizer = try Dictionary(
                    uniqueKeysWithValues: saved.map { name, entry in
                        (name, try entry.state(parameter: name, arrays: slots))
                    })
            } catch {
                throw corrupt("its optimiser state is damaged (\(error))")
            }
        }
        self.init(
            configuration: header.configuration, vocabulary: header.vocabulary,
            epoch: header.epoch, lossHistory: header.lossHistory, bleu: header.bleu,
            ciderD: header.ciderD, rougeL: header.rougeL,
            params: params, optimizer: optimizer)
    }

    /// Holds the parameters to the model the header describes: a known cell, positive
    /// sizes, and exactly the parameters of that model with their shapes (V is the
    /// vocabulary's size). Sampling and resuming build a model from the configuration and
    /// give it these parameters, so a checkpoint whose sizes disagree with its arrays (or
    /// claim a hidden size no array backs) must stop here.
    private static func checkParameters(
        _ params: [String: Tensor<Float>], against header: Header,
        corrupt: (String) -> CheckpointError
    ) throws {
        let c = header.configuration
        guard let cell = try? CellType(named: c.cellType) else {
            throw corrupt(
                "its cell type \"\(c.cellType)\" is not one of "
                    + CellType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard c.inputDim > 0, c.wordvecDim > 0, c.hiddenDim > 0, !header.vocabulary.isEmpty else {
            throw corrupt(
                "its sizes must be positive: input \(c.inputDim), word vectors "
                    + "\(c.wordvecDim), hidden \(c.hiddenDim), vocabulary \(header.vocabulary.count)"
            )
        }
        let expected = cell.parameterShapes(
            vocabSize: header.vocabulary.count, inputDim: c.inputDim,
            wordvecDim: c.wordvecDim, hiddenDim: c.hiddenDim)
        for name in Set(expected.keys).union(params.keys).sorted()
        where params[name]?.shape != expected[name] {
            guard let shape = expected[name] else {
                throw corrupt("it has a parameter \(name), which a \(cell.rawValue) model does not")
            }
            guard let found = params[name]?.shape else {
                throw corrupt("the parameter \(name) is missing")
            }
            throw corrupt(
                "\(name) has shape \(found), but its configuration (\(cell.rawValue), "
                    + "input \(c.inputDim), word vectors \(c.wordvecDim), hidden \(c.hiddenDim), "
                    + "\(header.vocabulary.count) words) needs \(shape)")
        }
    }

    /// Refuses the checkpoint if its model settings differ from `requested`'s.
    ///
    /// - Throws: `CheckpointError.mismatch` listing each difference.
    public func requireCompatible(with requested: RunConfiguration, file: String) throws {
        let saved = Dictionary(uniqueKeysWithValues: configuration.modelIdentity)
        let differences = requested.modelIdentity.compactMap { name, value -> String? in
            saved[name] == value ? nil : "\(name) is \(saved[name] ?? "?") there, \(value) here"
        }
        if !differences.isEmpty {
            throw CheckpointError.mismatch(file: file, differences: differences)
        }
    }
}
