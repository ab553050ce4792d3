import Foundation
import Grading
import Imaging
import Showcase

/// Writes a ZIP archive of stored (uncompressed) files, the form Gradescope's autograder
/// upload takes, without a `zip` program. Unix permissions travel in the external
/// attributes, so `run_autograder` stays executable.
struct ZipWriter {
    private var body = Data()
    private var directory = Data()
    private var count = 0

    /// Adds a file with its Unix mode (0o644, 0o755).
    mutating func add(_ name: String, _ contents: Data, mode: UInt16) throws {
        let nameBytes = Data(name.utf8)
        guard contents.count < Int(UInt32.max), body.count < Int(UInt32.max), count < 0xFFFF else {
            throw ReleaseError("the autograder archive would exceed 4 GB or 65535 files")
        }
        let crc = CRC32.checksum(contents)
        let offset = UInt32(body.count)
        var local = Data()
        local.append(le32: 0x0403_4b50)
        local.append(le16: 20)  // version needed: 2.0
        local.append(le16: 0x0800)  // names are UTF-8
        local.append(le16: 0)  // stored
        local.append(le16: 0)  // time
        local.append(le16: 0x21)  // date: 1980-01-01, so the archive is reproducible
        local.append(le32: crc)
        local.append(le32: UInt32(contents.count))
        local.append(le32: UInt32(contents.count))
        local.append(le16: UInt16(nameBytes.count))
        local.append(le16: 0)
        body.append(local)
        body.append(nameBytes)
        body.append(contents)

        var entry = Data()
        entry.append(le32: 0x0201_4b50)
        entry.append(le16: 0x031E)  // made by: Unix, 3.0 (so the mode below is read)
        entry.append(le16: 20)
        entry.append(le16: 0x0800)
        entry.append(le16: 0)
        entry.append(le16: 0)
        entry.append(le16: 0x21)
        entry.append(le32: crc)
        entry.append(le32: UInt32(contents.count))
        entry.append(le32: UInt32(contents.count))
        entry.append(le16: UInt16(nameBytes.count))
        entry.append(le16: 0)  // extra
        entry.append(le16: 0)  // comment
        entry.append(le16: 0)  // disk
        entry.append(le16: 0)  // internal attributes
        entry.append(le32: UInt32(0o100000 | UInt32(mode)) << 16)
        entry.append(le32: offset)
        directory.append(entry)
        directory.append(nameBytes)
        count += 1
    }

    /// The archive's bytes.
    var data: Data {
        var end = Data()
        end.append(le32: 0x0605_4b50)
        end.append(le16: 0)
        end.append(le16: 0)
        end.append(le16: UInt16(count))
        end.append(le16: UInt16(count))
        end.append(le32: UInt32(directory.count))
        end.append(le32: UInt32(body.count))
        end.append(le16: 0)
        return body + directory + end
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func append(le32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
