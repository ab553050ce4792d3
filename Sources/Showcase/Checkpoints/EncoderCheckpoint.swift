import Foundation
import Imaging
import Tensor
import Vision

/// A trained image encoder (`captioning encoder train`): its architecture, how it was
/// trained, how well it names attributes, and its parameters (the encoder's and the
/// attribute read-out's).
///
/// File format (version 1), all integers little-endian, like `Checkpoint`'s:
///
///     bytes 0..<8    the magic "RNNENC01"
///     bytes 8..<16   UInt64 n: the length of the JSON header
///     next n bytes   the JSON header (UTF-8): format, architecture, training, dataSeed,
///                    lossHistory, accuracy, parameters [{name, shape}], payloadBytes,
///                    payloadCRC32
///     the payload    every array of `parameters` as raw little-endian Float32, in the
///                    header's order, row-major within each
///
/// Written to a temporary name and renamed into place. Reading checks the magic, the
/// header, the payload's length and CRC-32, and every parameter against the architecture.
/// The CRC-32 doubles as the encoder's fingerprint: a captioner trained on its features
/// records it, so `caption` can refuse another encoder.
public struct EncoderCheckpoint: Sendable, Equatable {
    /// The layer sizes.
    public var architecture: EncoderArchitecture
    /// How it was trained.
    public var training: EncoderTrainingSettings
    /// The seed of the Shapes data set whose rendered images it was trained on.
    public var dataSeed: UInt64
    /// Every iteration's minibatch loss.
    public var lossHistory: [Double]
    /// Its attribute accuracy on the validation images when it was saved.
    public var accuracy: AttributeAccuracy
    /// The parameters by name: the encoder's and the read-out's (`W_attr`, `b_attr`).
    public var params: [String: Tensor<Float>]

    /// A checkpoint of the given state.
    public init(
        architecture: EncoderArchitecture, training: EncoderTrainingSettings, dataSeed: UInt64,
        lossHistory: [Double], accuracy: AttributeAccuracy, params: [String: Tensor<Float>]
    ) {
        (self.architecture, self.training, self.dataSeed) = (architecture, training, dataSeed)
        (self.lossHistory, self.accuracy, self.params) = (lossHistory, accuracy, params)
    }

    /// The encoder these parameters make (the read-out left out).
    ///
    /// - Throws: `VisionError.parameterMismatch` (not for a checkpoint that was read, whose
    ///   parameters were checked).
    public func encoder() throws(VisionError) -> ShapesImageEncoder<Float> {
        let readOut = AttributeModel<Float>.readOutNames
        return try ShapesImageEncoder(
            architecture: architecture,
            params: params.filter { $0.key != readOut.w && $0.key != readOut.b })
    }

    static let magic = Data("RNNENC01".utf8)

    struct Header: CheckpointHeader {
        var format: Int
        var architecture: EncoderArchitecture
        var training: EncoderTrainingSettings
        var dataSeed: UInt64
        var lossHistory: [Double]
        var accuracy: AttributeAccuracy
        var parameters: [CheckpointEntry]
        var payloadBytes: Int
        var payloadCRC32: UInt32
    }

    /// The payload: every parameter in name order, as little-endian Float32.
    private var payload: (entries: [CheckpointEntry], bytes: Data) {
        CheckpointContainer<Header>.payload(
            of: params.keys.sorted().compactMap { name in params[name].map { (name, $0) } })
    }

    /// The encoder's fingerprint: the CRC-32 of its payload, as the header stores it.
    public var fingerprint: UInt32 { CRC32.checksum(payload.bytes) }

    /// The checkpoint's bytes in the format above.
    public func encoded() throws -> Data {
        let (entries, bytes) = payload
        let header = Header(
            format: 1, architecture: architecture, training: training, dataSeed: dataSeed,
            lossHistory: lossHistory, accuracy: accuracy, parameters: entries,
            payloadBytes: bytes.count, payloadCRC32: CRC32.checksum(bytes))
        return try CheckpointContainer.encoded(magic: Self.magic, header: header, payload: bytes)
    }

    /// Writes the checkpoint atomically (`AtomicFile`).
    ///
    /// - Throws: `CheckpointError.io` naming the file.
    public func write(to url: URL) throws {
        do {
            try AtomicFile.write(try encoded(), to: url)
        } catch {
            throw CheckpointError.io(
                file: url.path,
                reason: "cannot write the encoder checkpoint: \(error.localizedDescription)")
        }
    }

    /// Reads an encoder checkpoint written by `write(to:)`.
    ///
    /// - Throws: `CheckpointError.io` for a missing file, `.corrupt` for anything damaged.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CheckpointError.io(
                file: url.path,
                reason: "cannot read the encoder checkpoint: \(error.localizedDescription)")
        }
        try self.init(data: data, file: url.path)
    }

    /// Decodes an encoder checkpoint's bytes; `file` names it in error messages.
    ///
    /// - Throws: `CheckpointError.corrupt`.
    public init(data raw: Data, file: String) throws {
        let data = Data(raw)
        func corrupt(_ why: String) -> CheckpointError { .corrupt(file: file, reason: why) }
        guard data.count >= 16, data.prefix(8) == Self.magic else {
            if data.prefix(8) == Checkpoint.magic {
                throw corrupt(
                    "it is a captioning model's checkpoint (\"RNNCKPT1\"), not an encoder's "
                        + "(\"RNNENC01\", written by `captioning encoder train`)")
            }
            throw corrupt("it does not start with \"RNNENC01\" (not an encoder checkpoint)")
        }
        let (header, payload) = try CheckpointContainer<Header>(data: data, corrupt: corrupt)
            .parts
        do { try header.architecture.validate() } catch { throw corrupt("\(error)") }
        var expected = header.architecture.parameterShapes
        let readOut = AttributeModel<Float>.readOutNames
        expected[readOut.w] = [header.architecture.featureDim, AttributeTargets.scoreCount]
        expected[readOut.b] = [AttributeTargets.scoreCount]
        var params: [String: Tensor<Float>] = [:]
        var offset = 0
        for entry in header.parameters {
            guard let shape = expected[entry.name] else {
                throw corrupt("it has a parameter \(entry.name), which this encoder does not")
            }
            guard entry.shape == shape else {
                throw corrupt(
                    "\(entry.name) has shape \(entry.shape), but its architecture needs \(shape)")
            }
            guard params[entry.name] == nil else {
                throw corrupt("the parameter \(entry.name) is listed twice")
            }
            // The shape is the architecture's, whose sizes `validate` bounds: no overflow.
            let count = shape.reduce(1, *)
            guard 4 * count <= payload.count - offset else {
                throw corrupt("\(entry.name) runs past the end of the parameters")
            }
            let scalars = CheckpointContainer<Header>.floats(
                in: payload, at: offset, count: count)
            params[entry.name] = Tensor(shape: shape, scalars: scalars)
            offset += 4 * count
        }
        guard offset == payload.count else {
            throw corrupt("unexplained bytes after the parameters")
        }
        if let missing = expected.keys.sorted().first(where: { params[$0] == nil }) {
            throw corrupt("the parameter \(missing) is missing")
        }
        self.init(
            architecture: header.architecture, training: header.training,
            dataSeed: header.dataSeed, lossHistory: header.lossHistory,
            accuracy: header.accuracy, params: params)
    }
}
