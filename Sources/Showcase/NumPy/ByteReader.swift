import Foundation

/// Little-endian reads at byte offsets of untrusted bytes, each checked against their end,
/// and conversions of the sizes read to `Int` that refuse what does not fit: a damaged
/// `.npz` archive or checkpoint is refused with `NumPyError.malformed` naming the file,
/// the field and its offset, and never traps or reads outside the bytes.
struct ByteReader {
    /// The bytes, indexed from 0.
    let bytes: Data
    /// The file, for messages.
    let file: String

    init(_ bytes: Data, file: String) {
        self.bytes = Data(bytes)  // re-base indices at 0
        self.file = file
    }

    var count: Int { bytes.count }

    /// The range of `length` bytes at `offset`, or an error naming `field` when any of
    /// them lies outside the bytes.
    func range(at offset: Int, length: Int, field: String) throws -> Range<Int> {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset
        else {
            throw NumPyError.malformed(
                file: file,
                reason: "\(field) (\(length) bytes at offset "
                    + "\(offset)) runs past the end of the file (\(bytes.count) bytes; truncated?)")
        }
        return offset..<(offset + length)
    }

    func u16(_ offset: Int, _ field: String) throws -> UInt16 {
        UInt16(truncatingIfNeeded: try value(at: offset, width: 2, field))
    }

    func u32(_ offset: Int, _ field: String) throws -> UInt32 {
        UInt32(truncatingIfNeeded: try value(at: offset, width: 4, field))
    }

    func u64(_ offset: Int, _ field: String) throws -> UInt64 {
        try value(at: offset, width: 8, field)
    }

    /// `value` as an `Int`, or an error naming `field` when it is larger than `Int.max`.
    func int(_ value: some FixedWidthInteger, _ field: String) throws -> Int {
        guard let result = Int(exactly: value) else {
            throw NumPyError.malformed(
                file: file,
                reason: "\(field) is \(value), more than "
                    + "this machine can address")
        }
        return result
    }

    /// `a + b` for offsets and sizes read from the file, or an error naming `field`.
    func sum(_ a: Int, _ b: Int, _ field: String) throws -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        guard !overflow else {
            throw NumPyError.malformed(file: file, reason: "\(field) (\(a) + \(b)) overflows")
        }
        return result
    }

    private func value(at offset: Int, width: Int, _ field: String) throws -> UInt64 {
        let span = try range(at: offset, length: width, field: field)
        return span.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[$1]) }
    }
}
