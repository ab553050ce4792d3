import Foundation
import Imaging

/// Reads `.npz` archives written by `np.savez` or `np.savez_compressed`: a ZIP file with
/// one `.npy` member per array, stored (method 0) or deflated (method 8, decompressed by
/// the kit's own inflate, Sources/Imaging/Compression/Inflate.swift), possibly with ZIP64
/// extra fields (NumPy forces them).
public struct NPZArchive: Sendable {
    /// The path, for messages.
    public let file: String
    /// The archive's bytes.
    private let bytes: Data
    /// Each member: its name without `.npy`, where its data starts, its sizes and CRC.
    private let members: [String: Member]

    private struct Member: Sendable {
        var name: String, method: UInt16, crc: UInt32
        var compressedSize: Int, size: Int, localHeaderOffset: Int
    }

    /// The array names in the archive (`np.savez(f, a=…)` stores `a.npy`, listed as `a`).
    public var names: [String] { members.keys.sorted() }

    /// Opens the archive at `url` and reads its central directory.
    ///
    /// - Throws: `NumPyError`, naming the file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NumPyError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data, file: url.path)
    }

    /// Reads the central directory of an archive held in memory.
    ///
    /// Every offset and size is checked against the archive's bytes before it is used, and
    /// a size above `Int.max` (a ZIP64 field can hold up to 2^64 - 1) is refused, so a
    /// damaged or hostile archive is refused with a message and never traps.
    ///
    /// - Throws: `NumPyError.malformed` if it is not a ZIP archive or is truncated.
    public init(data: Data, file: String) throws {
        let r = ByteReader(data, file: file)
        self.file = file
        self.bytes = r.bytes
        func fail(_ why: String) -> NumPyError { .malformed(file: file, reason: why) }
        // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
        guard r.count >= 22 else { throw fail("too short to be a ZIP (.npz) archive") }
        var eocd = -1
        var position = r.count - 22
        let lowest = max(0, r.count - 22 - 65_535)
        while position >= lowest {
            if try r.u32(position, "the end-of-central-directory signature") == 0x0605_4B50 {
                eocd = position
                break
            }
            position -= 1
        }
        guard eocd >= 0 else {
            throw fail("no ZIP end-of-central-directory record (not an .npz file, or truncated)")
        }
        var entryCount = Int(try r.u16(eocd + 10, "the entry count"))
        var directoryOffset = Int(try r.u32(eocd + 16, "the central directory's offset"))
        if directoryOffset == 0xFFFF_FFFF || entryCount == 0xFFFF, eocd >= 20,
            try r.u32(eocd - 20, "the ZIP64 locator") == 0x0706_4B50
        {
            let record = try r.int(
                r.u64(eocd - 12, "the ZIP64 record's offset"),
                "the ZIP64 record's offset")
            guard try r.sum(record, 56, "the ZIP64 record's end") <= r.count,
                try r.u32(record, "the ZIP64 record's signature") == 0x0606_4B50
            else {
                throw fail("broken ZIP64 end-of-central-directory record")
            }
            entryCount = try r.int(
                r.u64(record + 32, "the ZIP64 entry count"),
                "the ZIP64 entry count")
            directoryOffset = try r.int(
                r.u64(record + 48, "the ZIP64 directory offset"),
                "the ZIP64 directory offset")
        }
        // Each entry takes at least 46 bytes: a larger count cannot be right, and looping
        // up to it would take as long as the count is large.
        guard entryCount <= r.count / 46 else {
            throw fail(
                "the archive claims \(entryCount) members, more than its "
                    + "\(r.count) bytes can hold")
        }
        var members: [String: Member] = [:]
        var offset = directoryOffset
        for index in 0..<entryCount {
            let entry = "central directory entry \(index)"
            guard try r.sum(offset, 46, entry) <= r.count,
                try r.u32(offset, entry) == 0x0201_4B50
            else {
                throw fail(
                    "the ZIP central directory is damaged or truncated (\(entry) at "
                        + "offset \(offset))")
            }
            let method = try r.u16(offset + 10, "\(entry)'s method")
            let crc = try r.u32(offset + 16, "\(entry)'s CRC-32")
            var compressed = UInt64(try r.u32(offset + 20, "\(entry)'s compressed size"))
            var size = UInt64(try r.u32(offset + 24, "\(entry)'s size"))
            let nameLength = Int(try r.u16(offset + 28, "\(entry)'s name length"))
            let extraLength = Int(try r.u16(offset + 30, "\(entry)'s extra length"))
            let commentLength = Int(try r.u16(offset + 32, "\(entry)'s comment length"))
            var local = UInt64(try r.u32(offset + 42, "\(entry)'s local header offset"))
            let nameStart = offset + 46
            let name = String(
                decoding: r.bytes[
                    try r.range(
                        at: nameStart, length: nameLength,
                        field: "\(entry)'s name")],
                as: UTF8.self)
            // ZIP64 extra field (id 1): the sizes and offset that read 0xFFFFFFFF above, in
            // this order, each 8 bytes, all inside the field's own length.
            var extra = nameStart + nameLength
            let extraEnd = try r.range(
                at: extra, length: extraLength,
                field: "\(entry)'s extra fields"
            ).upperBound
            while extra + 4 <= extraEnd {
                let id = try r.u16(extra, "\(entry)'s extra field id")
                let length = Int(try r.u16(extra + 2, "\(entry)'s extra field length"))
                let fieldEnd = extra + 4 + length
                guard fieldEnd <= extraEnd else {
                    throw fail(
                        "\(entry) (\(name)): an extra field of \(length) bytes at offset "
                            + "\(extra) runs past the entry's extra fields")
                }
                if id == 1 {
                    var field = extra + 4
                    func next(_ what: String) throws -> UInt64 {
                        guard field + 8 <= fieldEnd else {
                            throw fail(
                                "\(entry) (\(name)): its ZIP64 extra field (\(length) "
                                    + "bytes) lacks the 64-bit \(what)")
                        }
                        defer { field += 8 }
                        return try r.u64(field, "\(entry)'s ZIP64 \(what)")
                    }
                    if size == 0xFFFF_FFFF { size = try next("size") }
                    if compressed == 0xFFFF_FFFF { compressed = try next("compressed size") }
                    if local == 0xFFFF_FFFF { local = try next("local header offset") }
                }
                extra = fieldEnd
            }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            members[key] = Member(
                name: name, method: method, crc: crc,
                compressedSize: try r.int(compressed, "\(entry) (\(name))'s compressed size"),
                size: try r.int(size, "\(entry) (\(name))'s size"),
                localHeaderOffset: try r.int(local, "\(entry) (\(name))'s local header offset"))
            offset = try r.sum(extraEnd, commentLength, "\(entry)'s end")
        }
        self.members = members
    }

    /// Whether the archive has an array called `name`.
    public func contains(_ name: String) -> Bool { members[name] != nil }

    /// The array called `name` (`np.savez(f, name=a)`).
    ///
    /// - Throws: `NumPyError.missingMember`, `.unsupported` for a ZIP method other than
    ///   stored or deflate, or `.malformed` for a damaged member (bad local header, CRC
    ///   mismatch, truncation, corrupt deflate data).
    public func array(named name: String) throws -> NumPyArray {
        guard let member = members[name] else {
            throw NumPyError.missingMember(file: file, member: name, available: names)
        }
        let label = "\(file) (member \(member.name))"
        guard member.method == 0 || member.method == 8 else {
            throw NumPyError.unsupported(
                file: label,
                reason: "the member is compressed with ZIP method \(member.method); NumPy "
                    + "writes 0 (np.savez) or 8 (deflate, np.savez_compressed)")
        }
        let r = ByteReader(bytes, file: label)
        let local = member.localHeaderOffset
        guard try r.sum(local, 30, "the local header") <= r.count,
            try r.u32(local, "the local header's signature") == 0x0403_4B50
        else {
            throw NumPyError.malformed(file: label, reason: "bad ZIP local header")
        }
        let start =
            local + 30 + Int(try r.u16(local + 26, "the local name length"))
            + Int(try r.u16(local + 28, "the local extra length"))
        let stored = member.method == 0 ? member.size : member.compressedSize
        guard try r.sum(start, stored, "the member's data") <= r.count else {
            throw NumPyError.malformed(
                file: label,
                reason: "the member's data runs past the end "
                    + "of the archive (truncated?)")
        }
        let payload = try Self.decompressed(
            bytes.subdata(in: start..<(start + stored)), member, label: label)
        guard CRC32.checksum(payload) == member.crc else {
            throw NumPyError.malformed(file: label, reason: "CRC-32 mismatch: the data is damaged")
        }
        return try NPYReader.parse(payload, file: label)
    }

    /// A member's `.npy` bytes: its data as stored, or inflated to exactly the size the
    /// central directory gives (never more: a deflate stream that would grow past it is
    /// refused, so a hostile archive cannot make the reader allocate beyond its claim).
    private static func decompressed(
        _ data: Data, _ member: Member, label: String
    ) throws -> Data {
        guard member.method == 8 else { return data }
        let inflated: [UInt8]
        do {
            inflated = try Inflate.deflate(
                [UInt8](data), limit: member.size, name: "the member's deflate data")
        } catch {
            throw NumPyError.malformed(file: label, reason: error.reason)
        }
        guard inflated.count == member.size else {
            throw NumPyError.malformed(
                file: label,
                reason: "the member inflates to \(inflated.count) bytes, the archive says "
                    + "\(member.size)")
        }
        return Data(inflated)
    }
}
