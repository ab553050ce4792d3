import Foundation
import Imaging

/// What the container needs of a checkpoint's JSON header.
protocol CheckpointHeader: Decodable {
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
