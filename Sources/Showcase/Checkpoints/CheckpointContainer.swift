import Foundation
import Imaging
import Tensor

/// One array of a checkpoint's payload, as its header lists it.
struct CheckpointEntry: Codable {
    var name: String
    var shape: [Int]
}

/// What the container needs of a checkpoint's JSON header.
protocol CheckpointHeader: Codable {
    /// The header's format version (1).
    var format: Int { get }
    /// The parameters' size in bytes, and their CRC-32.
    var payloadBytes: Int { get }
    var payloadCRC32: UInt32 { get }
}

/// The layout every checkpoint of this kit shares (a captioning model's and an image
/// encoder's): 8 magic bytes, the JSON header's length (UInt64, little-endian), the header,
/// then the parameters, whose size and CRC-32 the header records. Splits a file's bytes
/// into its header and its parameters, refusing every malformed layout with the reason.
struct CheckpointContainer<Header: CheckpointHeader> {
    let header: Header
    let payload: Data
    /// Both, for a destructuring `let`.
    var parts: (Header, Data) { (header, payload) }

    /// The file's bytes: `magic`, the length of `header` as JSON, the JSON, `payload`.
    static func encoded(magic: Data, header: Header, payload: Data) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(header)
        var data = magic
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        return data + json + payload
    }

    /// The payload of `arrays`, in the given order: their entries, and their elements as
    /// little-endian Float32.
    static func payload(
        of arrays: [(name: String, tensor: Tensor<Float>)]
    ) -> (
        entries: [CheckpointEntry], bytes: Data
    ) {
        var bytes = Data()
        for (_, tensor) in arrays {
            for value in tensor.scalars {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return (arrays.map { CheckpointEntry(name: $0.name, shape: $0.tensor.shape) }, bytes)
    }

    /// `count` little-endian Float32 values of `payload` from byte `offset`, which the
    /// caller has checked lie inside it.
    static func floats(in payload: Data, at offset: Int, count: Int) -> [Float] {
        payload.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: raw.loadLE(UInt32.self, at: offset + 4 * $0)) }
        }
    }

    /// Reads `data`, whose first 8 bytes the caller has checked are its magic;
    /// `corrupt` turns a reason into the caller's error (naming the file).
    init(data: Data, corrupt: (String) -> CheckpointError) throws(CheckpointError) {
        guard data.count >= 16 else { throw corrupt("the file ends inside its header (truncated)") }
        let length = (8..<16).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64(data[$1]) }
        guard length <= UInt64(data.count - 16) else {
            throw corrupt("the file ends inside its header (truncated)")
        }
        let headerEnd = 16 + Int(length)
        do {
            header = try JSONDecoder().decode(Header.self, from: data.subdata(in: 16..<headerEnd))
        } catch {
            throw corrupt("the JSON header is damaged (\(error))")
        }
        guard header.format == 1 else { throw corrupt("unknown format version \(header.format)") }
        payload = data.subdata(in: headerEnd..<data.count)
        guard payload.count == header.payloadBytes else {
            throw corrupt(
                "the parameters should take \(header.payloadBytes) bytes but "
                    + "\(payload.count) are there (truncated or padded file)")
        }
        guard CRC32.checksum(payload) == header.payloadCRC32 else {
            throw corrupt("the parameters' CRC-32 does not match: the file is damaged")
        }
    }
}
