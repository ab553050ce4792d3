import Foundation

/// Reads `.npz` archives written by `np.savez`: a ZIP file with one `.npy` member per
/// array, STORED (uncompressed), possibly with ZIP64 extra fields (NumPy forces them).
///
/// `np.savez_compressed` archives (deflate) are refused with a message suggesting
/// `np.savez`: the toolchain alone has no inflate.
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
    /// - Throws: `NumPyError.malformed` if it is not a ZIP archive or is truncated.
    public init(data: Data, file: String) throws {
        let bytes = Data(data)
        self.file = file
        self.bytes = bytes
        func fail(_ why: String) -> NumPyError { .malformed(file: file, reason: why) }
        let r = ByteReader(bytes)
        // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw fail("too short to be a ZIP (.npz) archive") }
        var eocd = -1
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if r.u32(position) == 0x0605_4B50 { eocd = position; break }
            position -= 1
        }
        guard eocd >= 0 else {
            throw fail("no ZIP end-of-central-directory record (not an .npz file, or truncated)")
        }
        var entryCount = Int(r.u16(eocd + 10))
        var directoryOffset = Int(r.u32(eocd + 16))
        if (directoryOffset == 0xFFFF_FFFF || entryCount == 0xFFFF), eocd >= 20,
           r.u32(eocd - 20) == 0x0706_4B50 {
            let record = Int(r.u64(eocd - 12))
            guard record + 56 <= bytes.count, r.u32(record) == 0x0606_4B50 else {
                throw fail("broken ZIP64 end-of-central-directory record")
            }
            entryCount = Int(r.u64(record + 32))
            directoryOffset = Int(r.u64(record + 48))
        }
        var members: [String: Member] = [:]
        var offset = directoryOffset
        for _ in 0..<entryCount {
            guard offset + 46 <= bytes.count, r.u32(offset) == 0x0201_4B50 else {
                throw fail("the ZIP central directory is damaged or truncated")
            }
            let method = r.u16(offset + 10)
            let crc = r.u32(offset + 16)
            var compressed = Int(r.u32(offset + 20))
            var size = Int(r.u32(offset + 24))
            let nameLength = Int(r.u16(offset + 28))
            let extraLength = Int(r.u16(offset + 30))
            let commentLength = Int(r.u16(offset + 32))
            var local = Int(r.u32(offset + 42))
            let nameStart = offset + 46
            guard nameStart + nameLength + extraLength <= bytes.count else {
                throw fail("a ZIP directory entry runs past the end of the file")
            }
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // ZIP64 extra field (id 1): the 0xFFFFFFFF sizes/offset, in this order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = r.u16(extra)
                let length = Int(r.u16(extra + 2))
                if id == 1 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF { size = Int(r.u64(field)); field += 8 }
                    if compressed == 0xFFFF_FFFF { compressed = Int(r.u64(field)); field += 8 }
                    if local == 0xFFFF_FFFF { local = Int(r.u64(field)) }
                }
                extra += 4 + length
            }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            members[key] = Member(name: name, method: method, crc: crc, compressedSize: compressed,
                                  size: size, localHeaderOffset: local)
            offset = extraEnd + commentLength
        }
        self.members = members
    }

    /// Whether the archive has an array called `name`.
    public func contains(_ name: String) -> Bool { members[name] != nil }

    /// The array called `name` (`np.savez(f, name=a)`).
    ///
    /// - Throws: `NumPyError.missingMember`, `.unsupported` for compressed members, or
    ///   `.malformed` for a damaged member (bad local header, CRC mismatch, truncation).
    public func array(named name: String) throws -> NumPyArray {
        guard let member = members[name] else {
            throw NumPyError.missingMember(file: file, member: name, available: names)
        }
        let label = "\(file) (member \(member.name))"
        guard member.method == 0 else {
            throw NumPyError.unsupported(file: label, reason: "the member is compressed (ZIP "
                + "method \(member.method)); write the archive with np.savez, not "
                + "np.savez_compressed")
        }
        let r = ByteReader(bytes)
        let local = member.localHeaderOffset
        guard local + 30 <= bytes.count, r.u32(local) == 0x0403_4B50 else {
            throw NumPyError.malformed(file: label, reason: "bad ZIP local header")
        }
        let start = local + 30 + Int(r.u16(local + 26)) + Int(r.u16(local + 28))
        guard start + member.size <= bytes.count else {
            throw NumPyError.malformed(file: label, reason: "the member's data runs past the end "
                + "of the archive (truncated?)")
        }
        let payload = bytes.subdata(in: start..<(start + member.size))
        guard CRC32.checksum(payload) == member.crc else {
            throw NumPyError.malformed(file: label, reason: "CRC-32 mismatch: the data is damaged")
        }
        return try NPYReader.parse(payload, file: label)
    }
}

/// Little-endian reads at byte offsets; the caller checks bounds.
struct ByteReader {
    let bytes: Data
    init(_ bytes: Data) { self.bytes = bytes }
    func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
    func u32(_ o: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[o + $1]) << (8 * $1) } }
    func u64(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[o + $1]) << (8 * $1) } }
}
